import { badRequest } from '../common/api-error';
import { STATS_MAX_DAYS, type StatsBucket, type StatsPoint } from '../common/desk-contract';
import type { BucketDecisions, BucketStatusCount } from './stats-series.repository';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Up to two days the series is hourly (48 points at most), beyond that daily. */
const HOURLY_UP_TO_MS = 2 * DAY_MS;

/** The span the statistics read: [from, end), shown as from..to, in buckets of an hour or a day. */
export interface StatsWindow {
  from: Date;
  /** Where the reads stop (exclusive): the end of today for the last `days`, or the range's end. */
  end: Date;
  /** What the answer calls the end: the moment of the answer for the last `days`, or the range's end. */
  to: Date;
  days: number;
  bucket: StatsBucket;
  bucketMs: number;
  /** The buckets that have begun by the moment of the answer (at least one): the future has no points. */
  buckets: number;
}

/**
 * The window asked for: the last `days` UTC days (today included), or a free range `from`-`to` of at
 * most STATS_MAX_DAYS days; not both. A refused one is `400 VALIDATION_FAILED`.
 */
export function statsWindow(q: { days?: number; from?: string; to?: string }, now = new Date()): StatsWindow {
  let from: Date;
  let end: Date;
  let to: Date;
  let days: number;
  if (q.from !== undefined || q.to !== undefined) {
    if (q.days !== undefined) throw badRequest('VALIDATION_FAILED', 'Ask for days or for from and to, not both');
    if (q.from === undefined || q.to === undefined) throw badRequest('VALIDATION_FAILED', 'A range needs both from and to');
    from = new Date(q.from);
    to = end = new Date(q.to);
    if (!(from < to)) throw badRequest('VALIDATION_FAILED', 'from must be before to');
    days = Math.ceil((to.getTime() - from.getTime()) / DAY_MS);
    if (days > STATS_MAX_DAYS) throw badRequest('VALIDATION_FAILED', `A range is at most ${STATS_MAX_DAYS} days`);
  } else {
    days = q.days ?? 7;
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    from = new Date(today - (days - 1) * DAY_MS);
    end = new Date(today + DAY_MS);
    to = now;
  }
  const span = end.getTime() - from.getTime();
  const bucket: StatsBucket = span <= HOURLY_UP_TO_MS ? 'hour' : 'day';
  const bucketMs = bucket === 'hour' ? HOUR_MS : DAY_MS;
  const begun = Math.floor((Math.min(end.getTime(), now.getTime()) - from.getTime()) / bucketMs) + 1;
  return { from, end, to, days, bucket, bucketMs, buckets: Math.max(1, Math.min(Math.ceil(span / bucketMs), begun)) };
}

/** The UTC days [from, end) touches, `YYYY-MM-DD`, oldest first. */
export function utcDays(w: Pick<StatsWindow, 'from' | 'end'>): string[] {
  const first = Date.UTC(w.from.getUTCFullYear(), w.from.getUTCMonth(), w.from.getUTCDate());
  const out: string[] = [];
  for (let d = first; d < w.end.getTime(); d += DAY_MS) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

/** The series from its three reads: every bucket of the window, empty ones as zeros. */
export function buildSeries(w: StatsWindow, cells: BucketStatusCount[], decided: BucketDecisions[], queue: { i: number; queue: number }[]): StatsPoint[] {
  const points: StatsPoint[] = Array.from({ length: w.buckets }, (_, i) => ({
    at: new Date(w.from.getTime() + i * w.bucketMs).toISOString(),
    published: 0,
    held: 0,
    rejected: 0,
    deleted: 0,
    queue: 0,
    decisions: 0,
    medianDecisionSeconds: null,
  }));
  const field = { approved: 'published', pending: 'held', rejected: 'rejected', deleted: 'deleted' } as const;
  for (const c of cells) {
    const p = points[c.i];
    if (p && field[c.status]) p[field[c.status]] += c.count;
  }
  for (const d of decided) {
    const p = points[d.i];
    if (!p) continue;
    p.decisions = d.decisions;
    p.medianDecisionSeconds = d.median === null ? null : Math.round(d.median);
  }
  for (const q of queue) if (points[q.i]) points[q.i].queue = q.queue;
  return points;
}
