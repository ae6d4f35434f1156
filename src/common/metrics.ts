import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { DatabaseErrorKind } from './database-errors';

/**
 * The process-wide metrics any layer records into with a one-line call (no upward import):
 * HTTP requests, live-event lag, the toxicity scorer and database errors. The gauges read on
 * scrape (sockets, rooms, queue sizes, pool) belong to one application and are built by
 * src/metrics, which serves both registries at GET /metrics.
 */
export const sharedRegistry = new Registry();

const registers = [sharedRegistry];

const httpRequests = new Counter({
  name: 'parley_http_requests_total',
  help: 'HTTP requests answered, by route pattern, method and status class',
  labelNames: ['route', 'method', 'status_class'] as const,
  registers,
});

const httpDuration = new Histogram({
  name: 'parley_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by route pattern, method and status class',
  labelNames: ['route', 'method', 'status_class'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** `route` is the matched pattern (`/api/v1/comments/:id`), never the raw URL, so the series stay few. */
export function recordHttpRequest(route: string | undefined, method: string, status: number, seconds: number): void {
  const labels = { route: route || 'unmatched', method: METHODS.has(method) ? method : 'OTHER', status_class: `${Math.floor(status / 100)}xx` };
  httpRequests.inc(labels);
  httpDuration.observe(labels, seconds);
}

const eventLag = new Histogram({
  name: 'parley_live_event_lag_seconds',
  help: "From the publish of a committed transaction's events to the relay's emit to sockets",
  buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers,
});

/** When each published event left its transaction, until the relay emits it. */
const publishedAt = new WeakMap<object, number>();

/** Called as committed events are published (src/events/live-bus.ts). */
export function markPublished(events: readonly object[]): void {
  const now = performance.now();
  for (const e of events) publishedAt.set(e, now);
}

/** Called once the relay has emitted the event (src/live/live-relay.ts). */
export function observeDelivered(event: object): void {
  const at = publishedAt.get(event);
  if (at === undefined) return;
  publishedAt.delete(event);
  eventLag.observe((performance.now() - at) / 1000);
}

const toxicityDuration = new Histogram({
  name: 'parley_toxicity_request_duration_seconds',
  help: 'Calls to the toxicity scorer, by outcome (ok or error: timeout, network, bad reply)',
  labelNames: ['outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
  registers,
});

const toxicityErrors = new Counter({
  name: 'parley_toxicity_errors_total',
  help: 'Calls to the toxicity scorer that gave no score (the comment was held as toxicity:unavailable)',
  registers,
});

export interface ToxicityOutcome {
  ok: boolean;
  at: Date;
  latencyMs: number;
  error?: string;
}

let lastToxicity: ToxicityOutcome | undefined;

/** Starts timing one scorer call; call the result with its outcome. */
export function toxicityCall(): (error?: string) => void {
  const started = performance.now();
  return (error) => {
    const latencyMs = performance.now() - started;
    toxicityDuration.observe({ outcome: error === undefined ? 'ok' : 'error' }, latencyMs / 1000);
    if (error !== undefined) toxicityErrors.inc();
    lastToxicity = { ok: error === undefined, at: new Date(), latencyMs: Math.round(latencyMs), error };
  };
}

/** The latest scorer call in this process, for /health (which does not spend the scorer's quota). */
export function lastToxicityOutcome(): ToxicityOutcome | undefined {
  return lastToxicity;
}

const dbErrors = new Counter({
  name: 'parley_db_errors_total',
  help: 'Database errors: timeout (statement or client), connection (refused, reset, server shutting down), query (any other)',
  labelNames: ['kind'] as const,
  registers,
});

// Every kind is exported from the start (at 0), so a rate over it exists before the first error.
for (const kind of ['timeout', 'connection', 'query'] as const) dbErrors.inc({ kind }, 0);

export function recordDatabaseError(kind: DatabaseErrorKind): void {
  dbErrors.inc({ kind });
}

let processMetrics = false;
/** Node's default process metrics (CPU, memory, event loop lag, GC, handles), once per process. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: sharedRegistry });
}
