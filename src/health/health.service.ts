import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { lastToxicityOutcome } from '../common/metrics';
import { EnvConfig } from '../config/config';
import type { DependencyHealth, HealthReport } from './health.schema';

/** Each check gives up after this long: /health answers within it whatever a dependency does. */
export const HEALTH_CHECK_TIMEOUT_MS = 1500;

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function timed(check: () => Promise<unknown>): Promise<DependencyHealth> {
  const started = performance.now();
  try {
    await within(HEALTH_CHECK_TIMEOUT_MS, check());
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), message: (err as Error).message || String(err) };
  }
}

/**
 * The dependencies' state, checked in parallel, each within HEALTH_CHECK_TIMEOUT_MS. Checks that
 * arrive while one is running share it, so a burst of probes costs one query and one PING.
 */
@Injectable()
export class HealthService implements OnModuleDestroy {
  private readonly logger = new Logger('Health');
  private readonly redis?: Redis;
  private running?: Promise<HealthReport>;

  constructor(
    private readonly ds: DataSource,
    private readonly config: EnvConfig,
  ) {
    if (config.REDIS_URL) {
      // A connection of its own: it reports what this instance can reach, and never queues a PING while down.
      this.redis = new Redis(config.REDIS_URL, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: HEALTH_CHECK_TIMEOUT_MS,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      });
      this.redis.on('error', (e: Error) => this.logger.debug(`redis: ${e.message}`));
    }
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  check(): Promise<HealthReport> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<HealthReport> {
    const details: Record<string, DependencyHealth> = {};
    const checks: Promise<void>[] = [timed(() => this.ds.query('SELECT 1')).then((h) => void (details.database = h))];
    const redis = this.redis;
    if (redis) checks.push(timed(() => this.ping(redis)).then((h) => void (details.redis = h)));
    if (this.config.TOXICITY_URL) details.toxicity = this.toxicity();
    await Promise.all(checks);
    const info: Record<string, DependencyHealth> = {};
    const error: Record<string, DependencyHealth> = {};
    for (const [name, h] of Object.entries(details)) (h.status === 'down' ? error : info)[name] = h;
    const status = details.database.status === 'down' ? 'error' : Object.keys(error).length ? 'degraded' : 'ok';
    return { status, info, error, details };
  }

  private async ping(redis: Redis): Promise<void> {
    if (redis.status !== 'ready') throw new Error(`not connected (${redis.status})`);
    await redis.ping();
  }

  /** The scorer is not called for this (it may bill per call): its state is that of the last comment scored. */
  private toxicity(): DependencyHealth {
    const last = lastToxicityOutcome();
    if (!last) return { status: 'unknown', message: 'not called since this instance started' };
    const seen = { latencyMs: last.latencyMs, checkedAt: last.at.toISOString() };
    return last.ok ? { status: 'up', ...seen } : { status: 'down', ...seen, message: last.error };
  }
}
