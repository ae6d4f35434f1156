/**
 * Redis goes away under two instances of the compiled service sharing it (a throwaway Redis and
 * PostgreSQL), with readers on both and writers on both, and comes back. Nothing is lost: every
 * acknowledged comment is stored, and every reader ends with every stored event of its article
 * exactly once, in order, chained by `prev` (the instances read what Redis did not carry from the
 * event table). A settings change made during the outage is answered within a bound and in force
 * on the other instance within seconds.
 */
import { randomUUID } from 'node:crypto';
import { Harness, Instance, ThrowawayPostgres, ThrowawayRedis } from './harness';
import { allCaughtUp, FaultReader, storedEvents } from './live-readers';

jest.setTimeout(150_000);

/** PATCH /settings must answer within this whatever Redis does. */
const PATCH_BOUND_MS = 5000;
/** The other instance must enforce a changed setting within this. */
const ENFORCE_BOUND_MS = 5000;
const OUTAGE_MS = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ack {
  id: string;
  /** What moderation made of it: only an approved comment sends comment.created. */
  status: string;
  via: 'A' | 'B';
  articleId: string;
  at: number;
}

describe('Redis outage (fault harness)', () => {
  const h = new Harness();
  let pg: ThrowawayPostgres;
  let redis: ThrowawayRedis;
  let a: Instance;
  let b: Instance;
  let admin: string;
  const readers: FaultReader[] = [];
  const figures: Record<string, number | string> = {};

  beforeAll(async () => {
    pg = await h.postgres();
    redis = await h.redis();
    [a, b] = [await h.instance(), await h.instance()];
    admin = a.token({ sub: 'outage-admin', role: 'admin' });
    const lifted = await a.api('PATCH', '/settings', { token: admin, body: { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 100_000 } } });
    expect(lifted.status).toBe(200);
  });

  afterAll(async () => {
    for (const r of readers) r.close();
    process.stderr.write(`redis outage figures: ${JSON.stringify(figures)}\n`);
    await h.close();
  });

  /** Posts through `via` until `stop`, alternating articles, each as a new reader; records what was acknowledged. */
  function writer(name: 'A' | 'B', via: Instance, articles: string[], stop: { done: boolean }, acks: Ack[], failures: string[]): Promise<void> {
    return (async () => {
      for (let n = 0; !stop.done; n++) {
        const articleId = articles[n % articles.length];
        try {
          const r = await via.api('POST', `/articles/${articleId}/comments`, {
            token: via.token(`w-${name}-${n}`),
            body: { body: `${name} writes ${n} ${randomUUID()}` },
            timeoutMs: 15_000,
          });
          if (r.status === 201) acks.push({ id: r.body.id, status: r.body.status, via: name, articleId, at: Date.now() });
          else failures.push(`${name}: ${r.status} ${JSON.stringify(r.body)}`);
        } catch (err) {
          failures.push(`${name}: ${(err as Error).message}`);
        }
        await sleep(20);
      }
    })();
  }

  it('two instances keep writing through an outage; every reader ends with every event once, in order; settings hold everywhere', async () => {
    const articles = [`outage-x-${randomUUID().slice(0, 6)}`, `outage-y-${randomUUID().slice(0, 6)}`];
    // Written through A only: B's readers of it see nothing happen locally, so no gap shows there;
    // only B reading the table (every second while Redis is down, and when it is back) brings them.
    const onlyA = `outage-z-${randomUUID().slice(0, 6)}`;
    for (const [inst, name] of [
      [a, 'A'],
      [b, 'B'],
    ] as const) {
      for (const articleId of [...articles, onlyA]) {
        const r = new FaultReader(`reader of ${articleId} on ${name}`, articleId);
        await r.follow(inst.url);
        readers.push(r);
      }
    }

    const acks: Ack[] = [];
    const failures: string[] = [];
    const stop = { done: false };
    const writers = [writer('A', a, [...articles, onlyA], stop, acks, failures), writer('B', b, articles, stop, acks, failures)];
    let downAt = 0;
    let upAt = 0;
    const word = `outagewort${randomUUID().slice(0, 6)}`;
    let patch: { status: number; ms: number } = { status: 0, ms: 0 };
    let enforcedAfterMs = -1;
    try {
      await sleep(1000);
      await redis.stop('SIGKILL');
      downAt = Date.now();
      await sleep(500);

      // A settings change through A while Redis is down: answered within the bound...
      const started = Date.now();
      patch = await a
        .api('PATCH', '/settings', { token: admin, body: { bannedWords: [word] }, timeoutMs: 20_000 })
        .catch((e: Error) => ({ status: 0, ms: Date.now() - started, body: e.message }));
      // ...and in force on B within seconds: a comment with the word is refused there.
      const answered = Date.now();
      while (Date.now() - answered < ENFORCE_BOUND_MS + 2000) {
        const r = await b.api('POST', `/articles/${articles[0]}/comments`, {
          token: b.token(`probe-${randomUUID().slice(0, 6)}`),
          body: { body: `this has ${word} in it` },
        });
        if (r.status === 201) acks.push({ id: r.body.id, status: r.body.status, via: 'B', articleId: articles[0], at: Date.now() });
        if (r.status === 201 && r.body.status === 'rejected') {
          enforcedAfterMs = Date.now() - answered;
          break;
        }
        await sleep(100);
      }

      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
      await redis.start();
      upAt = Date.now();
      await sleep(2000);
    } finally {
      stop.done = true;
      await Promise.all(writers);
    }
    const stoppedAt = Date.now();
    const caughtUp = await allCaughtUp(pg, readers, 15_000);

    const duringOutage = acks.filter((x) => x.at > downAt && x.at < upAt);
    // How late the other instance's readers got what was written during the outage, and after it came back.
    const lag = (from: Ack[], onOther: boolean) =>
      from.flatMap((x) =>
        readers
          .filter((r) => r.articleId === x.articleId && r.label.endsWith(x.via === 'A' ? 'on B' : 'on A') === onOther)
          .map((r) => (r.got.find((g) => g.type === 'comment.created' && g.commentId === x.id)?.at ?? Infinity) - x.at),
      );
    const outageLag = lag(
      duringOutage.filter((x) => x.status === 'approved' && x.articleId !== onlyA),
      true,
    );
    const onlyALag = lag(
      duringOutage.filter((x) => x.status === 'approved' && x.articleId === onlyA),
      true,
    );
    const writtenDown = duringOutage.map((x) => x.id);
    const lastArrival = Math.max(...readers.flatMap((r) => r.got.filter((g) => g.commentId && writtenDown.includes(g.commentId)).map((g) => g.at)));
    Object.assign(figures, {
      acknowledged: acks.length,
      acknowledgedDuringOutage: duringOutage.length,
      patchMsDuringOutage: Math.round(patch.ms),
      bannedWordEnforcedOnOtherInstanceMs: enforcedAfterMs,
      otherInstanceLagDuringOutageMaxMs: Math.max(...outageLag),
      otherInstanceLagDuringOutageMedianMs: outageLag.sort((x, y) => x - y)[Math.floor(outageLag.length / 2)],
      lagDuringOutageOfArticleWrittenOnlyOnAMaxMs: Math.max(...onlyALag),
      lastOutageEventArrivedMsAfterRedisBack: lastArrival - upAt,
      allReadersCompleteMsAfterWritesStopped: caughtUp === null ? 'never' : caughtUp - stoppedAt,
    });

    // Every comment acknowledged is stored, whichever instance took it and whenever.
    expect(duringOutage.length).toBeGreaterThan(10);
    const rows = await pg.query<{ id: string }>('SELECT id FROM comments WHERE id = ANY($1)', [acks.map((x) => x.id)]);
    expect(rows.length).toBe(acks.length);

    // Every reader has exactly the stored events after its start, each once, in order, chained by prev.
    const problems: string[] = [];
    for (const r of readers) problems.push(...r.problems(await storedEvents(pg, r.articleId)));
    expect(problems).toEqual([]);
    expect(readers.flatMap((r) => r.disconnects)).toEqual([]);
    expect(caughtUp).not.toBeNull();

    // The settings change: bounded answer, in force on the other instance within seconds.
    expect(patch.status).toBe(200);
    expect(patch.ms).toBeLessThan(PATCH_BOUND_MS);
    expect(enforcedAfterMs).toBeGreaterThanOrEqual(0);
    expect(enforcedAfterMs).toBeLessThan(ENFORCE_BOUND_MS);
    expect(failures).toEqual([]);
  });
});
