/**
 * GET /health reports each dependency with its state: the database, Redis (when REDIS_URL is
 * set) and the toxicity scorer (when TOXICITY_URL is set). 200 while the service can serve, even
 * with Redis or the scorer down ("degraded"); 503 only when the database is down (see
 * test/fault/database.e2e-spec.ts). Redis here is a throwaway server this file stops and restarts.
 */
import { freePort, ThrowawayRedis } from './fault/harness';
import { startApp, TestApp } from './support/app';
import { actors, article, postComment, text } from './support/factories';

/** Each check gives up after 1.5 s; twice that is a generous bound for the whole answer. */
const HEALTH_BOUND_MS = 3000;

async function health(t: TestApp): Promise<{ status: number; body: any; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${t.url}/health`);
  return { status: res.status, body: await res.json(), ms: Date.now() - started };
}

/** Asks /health until `pred` holds (Redis' client notices a stop or a start within moments). */
async function healthUntil(t: TestApp, pred: (body: any) => boolean, what: string): Promise<{ status: number; body: any; ms: number }> {
  let last: { status: number; body: any; ms: number } | undefined;
  for (let i = 0; i < 100; i++) {
    last = await health(t);
    if (pred(last.body)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`/health never showed ${what}: ${JSON.stringify(last?.body)}`);
}

describe('GET /health per dependency', () => {
  let redis: ThrowawayRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await ThrowawayRedis.create();
    // A scorer that is configured but not there: nothing listens on the port.
    t = await startApp({
      REDIS_URL: redis.url,
      REDIS_PREFIX: `health-${Date.now()}`,
      TOXICITY_URL: `http://127.0.0.1:${await freePort()}/analyze`,
      TOXICITY_TIMEOUT_MS: '500',
    });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.close();
  });

  it('reports the database, Redis and the scorer (not called yet) with their state', async () => {
    const h = await healthUntil(t, (b) => b.details?.redis?.status === 'up', 'redis up');
    expect(h.status).toBe(200);
    expect(h.body).toEqual({
      status: 'ok',
      info: h.body.details,
      error: {},
      details: {
        database: { status: 'up', latencyMs: expect.any(Number) },
        redis: { status: 'up', latencyMs: expect.any(Number) },
        toxicity: { status: 'unknown', message: expect.any(String) },
      },
    });
  });

  it('Redis down: reported down with the reason, the database still up, 200 (degraded); back: up again', async () => {
    await redis.stop();
    const down = await healthUntil(t, (b) => b.details?.redis?.status === 'down', 'redis down');
    expect(down.status).toBe(200);
    expect(down.ms).toBeLessThan(HEALTH_BOUND_MS);
    expect(down.body.status).toBe('degraded');
    expect(down.body.error.redis).toEqual({ status: 'down', latencyMs: expect.any(Number), message: expect.any(String) });
    expect(down.body.details.database.status).toBe('up');

    await redis.start();
    const back = await healthUntil(t, (b) => b.details?.redis?.status === 'up', 'redis up again');
    expect(back.status).toBe(200);
    expect(back.body.error.redis).toBeUndefined();
  });

  it('the scorer failing: reported down from its last call (no call of its own), still 200', async () => {
    const a = actors(t);
    // The comment is held (toxicity:unavailable), the service keeps serving.
    expect((await postComment(t, a.reader('health-1'), article('health'), text())).status).toBe('pending');
    const h = await health(t);
    expect(h.status).toBe(200);
    expect(h.body.status).toBe('degraded');
    expect(h.body.details.toxicity).toEqual({ status: 'down', latencyMs: expect.any(Number), checkedAt: expect.any(String), message: expect.any(String) });
    expect(h.body.details.database.status).toBe('up');
  });
});
