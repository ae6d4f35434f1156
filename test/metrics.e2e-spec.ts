/**
 * GET /metrics: Prometheus text with the request counters by route pattern, the socket and room
 * gauges, the live-event lag histogram, the queue sizes (the same numbers as GET
 * /moderation/counts), the database pool and Node's process metrics; METRICS_TOKEN closes it.
 */
import parsePrometheusTextFormat, { PromFamily, PromSample } from 'parse-prometheus-text-format';
import { io, Socket } from 'socket.io-client';
import { startApp, TestApp } from './support/app';
import { Actors, actors, article, enc, must, NO_FLOOD_LIMIT, patchSettings, postComment, seedArticle, text } from './support/factories';

async function scrape(t: TestApp, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; families: PromFamily[]; raw: string }> {
  const res = await fetch(`${t.url}/metrics`, { headers });
  const raw = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), families: res.status === 200 ? parsePrometheusTextFormat(raw) : [], raw };
}

function family(families: PromFamily[], name: string): PromFamily {
  const f = families.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name} in /metrics (has ${families.map((x) => x.name).join(', ')})`);
  return f;
}

/** The sample of `name` whose labels include `labels`. */
function sample(families: PromFamily[], name: string, labels: Record<string, string> = {}): PromSample | undefined {
  return family(families, name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
}

const value = (s: PromSample | undefined) => Number(s?.value ?? NaN);

describe('GET /metrics', () => {
  let t: TestApp;
  let a: Actors;
  const sockets: Socket[] = [];

  const connect = (path = '', token?: string): Promise<Socket> => {
    const s = io(`${t.url}${path}`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: token ? { token } : {} });
    sockets.push(s);
    return new Promise((ok, fail) => {
      s.once('connect', () => ok(s));
      s.once('connect_error', fail);
    });
  };

  beforeAll(async () => {
    t = await startApp();
    a = actors(t);
    await patchSettings(t, a.admin, NO_FLOOD_LIMIT);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('has requests by route pattern, sockets and rooms, event lag, queue sizes equal to /moderation/counts, and parses as Prometheus text', async () => {
    const id = article('metrics');
    const reader = await connect();
    expect(await reader.emitWithAck('join', { articleId: id })).toEqual({ ok: true, cursor: expect.any(String) });
    await connect('/moderation', a.mod);

    // One comment the joined reader receives live, one held for moderators, one reported.
    const live = new Promise((ok) => reader.once('comment.created', ok));
    const shown = await postComment(t, a.reader('metrics-1'), id, text());
    await live;
    const held = article('metrics-held');
    await seedArticle(t, a.mod, held, { premoderation: true });
    expect((await postComment(t, a.reader('metrics-2'), held, text())).status).toBe('pending');
    await must(t.api('POST', `/comments/${shown.id}/reports`, { token: a.reader('metrics-3'), body: { reason: 'spam' } }), 202);
    await must(t.api('GET', `/comments/${shown.id}`));
    await must(t.api('GET', `/comments/${shown.id}`));
    expect((await t.api('GET', `/comments/no-such-${enc(id)}`)).status).toBe(404);
    const counts = await must(t.api('GET', '/moderation/counts', { token: a.mod }));

    const { status, type, families, raw } = await scrape(t);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);

    // Requests: by the route's pattern, never the raw URL.
    expect(value(sample(families, 'parley_http_requests_total', { route: '/api/v1/comments/:id', method: 'GET', status_class: '2xx' }))).toBeGreaterThanOrEqual(
      2,
    );
    expect(value(sample(families, 'parley_http_requests_total', { route: '/api/v1/comments/:id', method: 'GET', status_class: '4xx' }))).toBeGreaterThanOrEqual(
      1,
    );
    expect(
      value(sample(families, 'parley_http_requests_total', { route: '/api/v1/articles/:articleId/comments', method: 'POST', status_class: '2xx' })),
    ).toBeGreaterThanOrEqual(2);
    expect(family(families, 'parley_http_request_duration_seconds').type).toBe('HISTOGRAM');
    expect(raw).not.toContain(shown.id);

    // Sockets and rooms of this instance.
    expect(value(sample(families, 'parley_live_sockets', { namespace: '/' }))).toBeGreaterThanOrEqual(1);
    expect(value(sample(families, 'parley_live_sockets', { namespace: '/moderation' }))).toBeGreaterThanOrEqual(1);
    expect(value(sample(families, 'parley_live_rooms', { namespace: '/', kind: 'article' }))).toBeGreaterThanOrEqual(1);

    // The live comment's event went from commit to the room: its lag was observed.
    const lag = family(families, 'parley_live_event_lag_seconds');
    expect(lag.type).toBe('HISTOGRAM');
    expect(Number(lag.metrics[0].count)).toBeGreaterThan(0);

    // Queue sizes read on scrape: what moderators are shown.
    expect(counts.pending).toBeGreaterThan(0);
    expect(counts.reported).toBeGreaterThan(0);
    for (const queue of ['pending', 'reported', 'unmoderated'] as const) {
      expect(value(sample(families, 'parley_queue_size', { queue }))).toBe(counts[queue]);
    }

    // The database pool, database errors (none yet), the toxicity scorer and Node's process metrics.
    expect(value(sample(families, 'parley_db_pool_total'))).toBeGreaterThanOrEqual(1);
    expect(value(sample(families, 'parley_db_pool_waiting'))).toBeGreaterThanOrEqual(0);
    for (const name of ['parley_db_errors_total', 'parley_toxicity_errors_total', 'parley_toxicity_request_duration_seconds']) family(families, name);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) family(families, name);
  });

  it('with METRICS_TOKEN set: 401 METRICS_TOKEN_REQUIRED without the bearer token or with another, 200 with it', async () => {
    const token = 'metrics-token-0123456789';
    const closed = await startApp({ METRICS_TOKEN: token });
    try {
      const none = await fetch(`${closed.url}/metrics`);
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual(expect.objectContaining({ code: 'METRICS_TOKEN_REQUIRED' }));
      expect((await scrape(closed, { authorization: 'Bearer metrics-token-0123456780' })).status).toBe(401);
      const ok = await scrape(closed, { authorization: `Bearer ${token}` });
      expect(ok.status).toBe(200);
      family(ok.families, 'parley_http_requests_total');
    } finally {
      await closed.close();
    }
  });
});
