/**
 * The database fails under a running service (the compiled build, a throwaway PostgreSQL):
 * frozen (SIGSTOP: connections open, nothing answers) and stopped (pg_ctl stop -m fast).
 * Every request is answered within a bound: 503 DATABASE_UNAVAILABLE with Retry-After, never a
 * 500, never a hang; a socket join that needs the database gets an error ack. When the database
 * returns the same process serves again by itself, and every comment it acknowledged exists.
 */
import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { ApiResult, Harness, Instance, ThrowawayPostgres } from './harness';

jest.setTimeout(120_000);

const STATEMENT_MS = 1000;
const CONNECT_MS = 1000;
/**
 * Worst case by design: a pool wait or a connect (CONNECT_MS) then one query that times out on the
 * client (STATEMENT_MS + its margin); doubled for scheduling on a busy 2-core machine. Without the
 * timeouts a request waits as long as the database stays frozen (FREEZE_MS).
 */
const BOUND_MS = 2 * (CONNECT_MS + STATEMENT_MS + 1000);
const FREEZE_MS = 10_000;

interface Sample extends Pick<ApiResult, 'status' | 'ms'> {
  what: string;
  at: number;
  code?: string;
  retryAfter?: string | null;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('database failures (fault harness)', () => {
  const h = new Harness();
  let pg: ThrowawayPostgres;
  let a: Instance;
  let admin: string;
  const articleId = `fault-db-${randomUUID().slice(0, 8)}`;
  let someCommentId: string;
  const sockets: Socket[] = [];
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    pg = await h.postgres();
    a = await h.instance({
      env: { DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS), DB_CONNECT_TIMEOUT_MS: String(CONNECT_MS), DB_POOL_SIZE: '4', REDIS_URL: '' },
    });
    admin = a.token({ sub: 'fault-admin', role: 'admin' });
    const lifted = await a.api('PATCH', '/settings', { token: admin, body: { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 100000 } } });
    expect(lifted.status).toBe(200);
    const first = await a.api('POST', `/articles/${articleId}/comments`, { token: a.token('fault-seed'), body: { body: 'the first comment' } });
    expect(first.status).toBe(201);
    someCommentId = first.body.id;
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    pg?.thaw();
    process.stderr.write(`database fault figures: ${JSON.stringify(figures)}\n`);
    await h.close();
  });

  /** One request, recorded whatever happens (a client-side abort after 30 s counts as a hang). */
  async function sample(what: string, run: () => Promise<ApiResult>): Promise<Sample> {
    const at = Date.now();
    try {
      const r = await run();
      return { what, at, status: r.status, ms: r.ms, code: r.body?.code, retryAfter: r.headers.get('retry-after') };
    } catch (err) {
      return { what, at, status: 0, ms: Date.now() - at, error: (err as Error).message };
    }
  }

  /** A request that failed outright (the process is gone) is not retried in a tight loop. */
  async function pace(s: Sample): Promise<Sample> {
    if (s.status === 0) await sleep(250);
    return s;
  }

  /** Reads that reach the database (not the cached first page) and posts, in a loop until `stop`. */
  function load(workers: number, stop: { done: boolean }, out: Sample[], acknowledged: string[]): Promise<void>[] {
    const readers = Array.from({ length: workers }, async (_, i) => {
      const reads: [string, () => Promise<ApiResult>][] = [
        ['GET oldest page', () => a.api('GET', `/articles/${articleId}/comments?sort=oldest&limit=5`, { timeoutMs: 30_000 })],
        ['GET comment', () => a.api('GET', `/comments/${someCommentId}`, { timeoutMs: 30_000 })],
        // A new id each time: counts are held in memory, an id never asked for is read from the database.
        ['GET counts', () => a.api('GET', `/counts?articleIds=${articleId},other-${i}-${randomUUID().slice(0, 8)}`, { timeoutMs: 30_000 })],
      ];
      for (let n = 0; !stop.done; n++) {
        const [what, run] = reads[n % reads.length];
        out.push(await pace(await sample(what, run)));
      }
    });
    const writers = Array.from({ length: workers }, async (_, i) => {
      const token = a.token(`fault-writer-${i}`);
      for (let n = 0; !stop.done; n++) {
        const s = await sample('POST comment', () =>
          a.api('POST', `/articles/${articleId}/comments`, { token, body: { body: `writer ${i} says ${n} ${randomUUID()}` }, timeoutMs: 30_000 }).then((r) => {
            if (r.status === 201) acknowledged.push(r.body.id);
            return r;
          }),
        );
        out.push(await pace(s));
      }
    });
    return [...readers, ...writers];
  }

  function connect(): Promise<Socket> {
    const s = io(a.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    return new Promise((ok, fail) => {
      s.once('connect', () => ok(s));
      s.once('connect_error', fail);
    });
  }

  /** A join for an article this instance has never seen: its latest cursor must come from the database. */
  async function joinUnknown(s: Socket): Promise<{ ack: any; ms: number }> {
    const started = Date.now();
    const ack = await s.timeout(30_000).emitWithAck('join', { articleId: `unseen-${randomUUID().slice(0, 8)}` });
    return { ack, ms: Date.now() - started };
  }

  /** Polls until a read and a post that need the database succeed; returns how long that took. */
  async function recovered(limitMs: number): Promise<number> {
    const started = Date.now();
    const token = a.token('fault-recovery');
    while (Date.now() - started < limitMs) {
      const read = await a.api('GET', `/comments/${someCommentId}`, { timeoutMs: 30_000 });
      if (read.status === 200) {
        const post = await a.api('POST', `/articles/${articleId}/comments`, { token, body: { body: `back ${randomUUID()}` }, timeoutMs: 30_000 });
        if (post.status === 201) return Date.now() - started;
      }
      await sleep(100);
    }
    throw new Error(`the service did not recover within ${limitMs} ms of the database returning`);
  }

  function expectOnlyBoundedAnswers(samples: Sample[]): void {
    const bad = samples.filter((s) => ![200, 201, 503].includes(s.status) || s.ms > BOUND_MS);
    expect(bad.slice(0, 5)).toEqual([]);
    const unavailable = samples.filter((s) => s.status === 503);
    for (const s of unavailable) {
      expect(s.code).toBe('DATABASE_UNAVAILABLE');
      expect(Number(s.retryAfter)).toBeGreaterThan(0);
    }
  }

  it('a frozen database: every request answers within the bound (503 + Retry-After), then recovers and keeps every acknowledged comment', async () => {
    const pid = a.pid;
    const samples: Sample[] = [];
    const acknowledged: string[] = [];
    const stop = { done: false };
    const workers = load(3, stop, samples, acknowledged);
    let frozenAt = 0;
    let thawedAt = 0;
    let join: { ack: any; ms: number } = { ack: undefined, ms: 0 };
    try {
      const socket = await connect();
      await sleep(1500);
      pg.freeze();
      frozenAt = Date.now();
      try {
        await sleep(500);
        join = await joinUnknown(socket).catch((e: Error) => ({ ack: e.message, ms: Date.now() - frozenAt }));
        await sleep(Math.max(0, FREEZE_MS - (Date.now() - frozenAt)));
      } finally {
        pg.thaw();
        thawedAt = Date.now();
      }
      figures.recoveryAfterFreezeMs = await recovered(30_000);
      await sleep(1000);
    } finally {
      stop.done = true;
      await Promise.all(workers);
    }

    const during = samples.filter((s) => s.at >= frozenAt && s.at < thawedAt);
    figures.requests = samples.length;
    figures.requestsWhileFrozen = during.length;
    figures.unavailableWhileFrozen = during.filter((s) => s.status === 503).length;
    figures.worstMsWhileFrozen = Math.round(Math.max(...samples.filter((s) => s.at + s.ms >= frozenAt && s.at < thawedAt).map((s) => s.ms)));
    figures.joinAckMsWhileFrozen = join.ms;

    expectOnlyBoundedAnswers(samples);
    // The database was really needed while it was frozen, and refused in time.
    expect(figures.unavailableWhileFrozen).toBeGreaterThan(0);
    expect(join.ack).toEqual({ ok: false, error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String) } });
    expect(join.ms).toBeLessThan(BOUND_MS);
    // The same process serves again, sockets included.
    expect(a.pid).toBe(pid);
    expect((await joinUnknown(await connect())).ack).toEqual({ ok: true, cursor: expect.any(String) });

    // Operators see it: the timeouts are counted (a connection whose query timed out was closed).
    const metrics = await a.api('GET', '//metrics');
    expect(metrics.body).toMatch(/^parley_db_errors_total\{kind="timeout"\} [1-9]/m);

    // Every comment the service acknowledged is stored.
    expect(acknowledged.length).toBeGreaterThan(0);
    const rows = await pg.query<{ id: string }>('SELECT id FROM comments WHERE id = ANY($1)', [acknowledged]);
    expect(rows.length).toBe(acknowledged.length);
  });

  it('a stopped database: 503 + Retry-After + code, /health says the database is down; started again, the service recovers by itself', async () => {
    const pid = a.pid;
    const socket = await connect();
    await pg.stop();
    let health: ApiResult;
    try {
      const read = await sample('GET comment', () => a.api('GET', `/comments/${someCommentId}`, { timeoutMs: 30_000 }));
      const post = await sample('POST comment', () =>
        a.api('POST', `/articles/${articleId}/comments`, { token: a.token('fault-stopped'), body: { body: 'while stopped' }, timeoutMs: 30_000 }),
      );
      expectOnlyBoundedAnswers([read, post]);
      expect([read.status, post.status]).toEqual([503, 503]);

      health = await a.api('GET', '//health', { timeoutMs: 30_000 });
      expect(health.status).toBe(503);
      expect(health.ms).toBeLessThan(BOUND_MS);
      expect(health.body.status).toBe('error');
      expect(health.body.details.database).toEqual(expect.objectContaining({ status: 'down', message: expect.any(String) }));

      const join = await joinUnknown(socket);
      expect(join.ack).toEqual({ ok: false, error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String) } });
    } finally {
      await pg.start();
    }
    figures.recoveryAfterRestartMs = await recovered(30_000);
    health = await a.api('GET', '//health');
    expect(health.status).toBe(200);
    expect(health.body.details.database).toEqual(expect.objectContaining({ status: 'up', latencyMs: expect.any(Number) }));
    expect(a.pid).toBe(pid);
  });
});
