import { Injectable } from '@nestjs/common';
import { envInt } from '../jobs/jobs-config';

/**
 * The default retry schedule, in seconds after each failed attempt (the one Standard Webhooks
 * suggests): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. Eight attempts over about 27.6 hours;
 * the endpoint is disabled when the last one fails.
 */
export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000];

/** Parses WEBHOOK_RETRY_SCHEDULE: comma-separated seconds (decimals allowed), each 0-604800, at most 30. */
export function parseSchedule(raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === '') return DEFAULT_RETRY_SCHEDULE;
  const parts = raw.split(',').map((p) => p.trim());
  const list = parts.map(Number);
  if (parts.length > 30 || list.some((n, i) => parts[i] === '' || !Number.isFinite(n) || n < 0 || n > 604_800)) {
    throw new Error(`Invalid configuration: WEBHOOK_RETRY_SCHEDULE=${JSON.stringify(raw)}: comma-separated seconds, each 0-604800, at most 30`);
  }
  return list;
}

/**
 * Webhook delivery settings, read from the environment when the service starts:
 * WEBHOOK_RETRY_SCHEDULE (seconds before each retry, default DEFAULT_RETRY_SCHEDULE) and
 * WEBHOOK_TIMEOUT_MS (the longest one attempt may take, connect to last byte read: 10000).
 */
@Injectable()
export class WebhooksConfig {
  readonly retryDelaysMs: number[];
  readonly timeoutMs: number;

  constructor() {
    this.retryDelaysMs = parseSchedule(process.env.WEBHOOK_RETRY_SCHEDULE).map((s) => Math.round(s * 1000));
    this.timeoutMs = envInt(process.env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000);
  }
}
