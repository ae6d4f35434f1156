import { collectDefaultMetrics, Counter, Histogram, type Metric, Registry } from 'prom-client';
import type { DatabaseErrorKind } from './database-errors';

/**
 * The process-wide metrics any layer records into with a one-line call (no upward import):
 * HTTP requests, live-event lag, the toxicity scorer and database errors. The gauges read on
 * scrape (sockets, rooms, queue sizes, pool) belong to one application and are built by
 * src/metrics, which serves both registries at GET /metrics.
 */
export const sharedRegistry = new Registry();

const registers = [sharedRegistry];

/** Buckets of parley_http_request_duration_seconds (upper bounds in seconds; +Inf after them). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

type HttpLabels = { route: string; method: string; status_class: string };

/** One route, method and status class: its count, the sum of its durations and its bucket counts (not cumulative; the last is +Inf). */
class HttpSeries {
  count = 0;
  sum = 0;
  readonly buckets = new Float64Array(HTTP_BUCKETS.length + 1);
  constructor(readonly labels: HttpLabels) {}
}

/** The series by route, then method and status class, so a request finds its own without building a key. */
const httpSeries = new Map<string, Map<string, HttpSeries>>();

/**
 * `route` is the matched pattern (`/api/v1/comments/:id`), never the raw URL, so the series stay few.
 * Called for every answer: a counter and a histogram of prom-client would hash the labels and turn
 * each bucket bound into a string on every call (a tenth of a cached read's CPU), so the request
 * only adds to its series here, and the two metrics below are built from the series on scrape.
 */
export function recordHttpRequest(route: string | undefined, method: string, status: number, seconds: number): void {
  const r = route || 'unmatched';
  const m = METHODS.has(method) ? method : 'OTHER';
  const statusClass = `${Math.floor(status / 100)}xx`;
  let byRoute = httpSeries.get(r);
  if (!byRoute) httpSeries.set(r, (byRoute = new Map<string, HttpSeries>()));
  const key = m + statusClass;
  let series = byRoute.get(key);
  if (!series) byRoute.set(key, (series = new HttpSeries({ route: r, method: m, status_class: statusClass })));
  series.count += 1;
  if (!Number.isFinite(seconds)) return; // counted, but no duration to observe
  series.sum += seconds;
  let b = 0;
  while (b < HTTP_BUCKETS.length && seconds > HTTP_BUCKETS[b]) b++;
  series.buckets[b] += 1;
}

function* allHttpSeries(): Iterable<HttpSeries> {
  for (const byRoute of httpSeries.values()) yield* byRoute.values();
}

/** A value as prom-client's registry formats it: `labels` first, then the series' own (`sharedLabels`). */
interface MetricValue {
  labels: Record<string, string | number>;
  sharedLabels?: HttpLabels;
  value: number;
  metricName?: string;
}

/**
 * A metric the registry reads like prom-client's own (`get` for JSON, `getForPromString` for the
 * text format, the same shapes), computed from the HTTP series when scraped.
 */
class HttpSeriesMetric {
  readonly aggregator = 'sum';
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    private readonly values: () => MetricValue[],
  ) {}

  getForPromString() {
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values: this.values(), aggregator: this.aggregator });
  }

  async get() {
    const data = await this.getForPromString();
    return { ...data, values: data.values.map(({ labels, sharedLabels, ...v }) => ({ ...v, labels: { ...labels, ...sharedLabels } })) };
  }

  reset(): void {
    httpSeries.clear();
  }
}

const httpRequests = new HttpSeriesMetric('parley_http_requests_total', 'HTTP requests answered, by route pattern, method and status class', 'counter', () =>
  [...allHttpSeries()].map((s) => ({ labels: { ...s.labels }, value: s.count })),
);

const httpDuration = new HttpSeriesMetric(
  'parley_http_request_duration_seconds',
  'Time to answer an HTTP request, by route pattern, method and status class',
  'histogram',
  () =>
    [...allHttpSeries()].flatMap((s) => {
      const name = 'parley_http_request_duration_seconds';
      let cumulative = 0;
      const buckets: MetricValue[] = HTTP_BUCKETS.map((le, i) => {
        cumulative += s.buckets[i];
        return { labels: { le }, sharedLabels: s.labels, value: cumulative, metricName: `${name}_bucket` };
      });
      return [
        ...buckets,
        { labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count, metricName: `${name}_bucket` },
        { labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${name}_sum` },
        { labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${name}_count` },
      ];
    }),
);

for (const metric of [httpRequests, httpDuration]) sharedRegistry.registerMetric(metric as unknown as Metric);

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
