import { Injectable } from '@nestjs/common';

/** A whole number from the environment within bounds, or the default when unset; anything else fails the boot. */
export function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`Invalid configuration: ${name}=${JSON.stringify(raw)}: a whole number from ${min} to ${max}`);
  return n;
}

/**
 * How this instance works the job queue; read from the environment when the service starts:
 * JOBS_POLL_MS (how often it looks for due jobs and new domain events, 1000), JOBS_CONCURRENCY
 * (jobs run at once, 8), JOBS_LEASE_MS (how long a claimed job is this instance's before another
 * may take it over, as after a crash: 120000), JOBS_SHUTDOWN_GRACE_MS (how long a closing instance
 * lets running jobs finish before it aborts them and hands them back, 1000), JOBS_RETENTION_DAYS
 * (finished jobs and dispatched domain events kept, 7).
 */
@Injectable()
export class JobsConfig {
  readonly pollMs: number;
  readonly concurrency: number;
  readonly leaseMs: number;
  readonly shutdownGraceMs: number;
  readonly retentionDays: number;

  constructor() {
    const env = process.env;
    this.pollMs = envInt(env, 'JOBS_POLL_MS', 1000, 10, 600_000);
    this.concurrency = envInt(env, 'JOBS_CONCURRENCY', 8, 1, 256);
    this.leaseMs = envInt(env, 'JOBS_LEASE_MS', 120_000, 1000, 86_400_000);
    this.shutdownGraceMs = envInt(env, 'JOBS_SHUTDOWN_GRACE_MS', 1000, 0, 600_000);
    this.retentionDays = envInt(env, 'JOBS_RETENTION_DAYS', 7, 1, 3650);
  }
}
