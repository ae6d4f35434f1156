import { Client } from 'pg';
import { startApp, TestApp } from '../support/app';
import { sqlCounts } from '../moderation/helpers';
import { article, enc, must, post, SocketPool, text } from './live-helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The site's queue counters are spread over shards, so writes to one site no longer queue on one
 * row; the moderators' `queue.counts` are read after the commits, and stay exact and ordered by
 * `version`.
 */
describe('live: queue counts without a site-wide row lock', () => {
  let t: TestApp;
  const pool = new SocketPool();
  let blocker: Client;
  let mod: string;
  let admin: string;

  beforeAll(async () => {
    // A post that picked the held counter row waits until the blocker lets go; on a loaded machine
    // the three other posts can take longer than the default statement timeout meanwhile.
    t = await startApp({ DB_STATEMENT_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '60000' });
    mod = t.token({ sub: 'qc-mod', name: 'Mo', role: 'moderator' });
    admin = t.token({ sub: 'qc-admin', name: 'Ada', role: 'admin' });
    blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
  });
  afterAll(async () => {
    pool.closeAll();
    await blocker?.end().catch(() => undefined);
    await t?.close();
  });

  const version = async (): Promise<number> =>
    Number((await t.ds.query(`SELECT coalesce(sum(updates), 0)::text AS v FROM site_counters WHERE site_id = 'default'`))[0].v);
  const recount = () => must(t.api('POST', '/moderation/recount', { token: admin }));

  it('after a burst of posts, decisions and reports from many connections, the last queue.counts is the true count and the recount repairs nothing', async () => {
    const { inbox } = await pool.connect(t.url, { namespace: '/moderation', token: mod, label: 'moderator' });
    const held = article('qc-held');
    const open = article('qc-open');
    await must(t.api('PATCH', `/articles/${enc(held)}`, { token: mod, body: { premoderation: true } }));

    // First wave: held and published comments at once.
    const first = await Promise.all([...Array.from({ length: 15 }, () => post(t, held)), ...Array.from({ length: 15 }, () => post(t, open))]);
    expect(first.filter((c) => c.status === 'pending')).toHaveLength(15);
    const pending = first.filter((c) => c.status === 'pending');
    const published = first.filter((c) => c.status === 'approved');

    // Second wave: decisions, reports and more posts, all at once.
    const second = await Promise.all([
      ...pending.slice(0, 6).map((c) => t.api('POST', `/moderation/comments/${c.id}/approve`, { token: mod })),
      ...pending.slice(6, 10).map((c) => t.api('POST', `/moderation/comments/${c.id}/reject`, { token: mod, body: { reason: 'spam' } })),
      ...published.slice(0, 5).map((c) => t.api('POST', `/comments/${c.id}/reports`, { token: t.token(`qc-reporter-${c.id}`), body: { reason: 'spam' } })),
      ...published.slice(5, 9).map((c) => t.api('POST', `/moderation/comments/${c.id}/approve`, { token: mod })),
      ...Array.from({ length: 10 }, (_, i) =>
        t.api('POST', `/articles/${enc(i % 2 ? held : open)}/comments`, { token: t.token(`qc-late-${i}`), body: { body: text() } }),
      ),
    ]);
    expect(second.map((r) => r.status).filter((s) => ![200, 201, 202].includes(s))).toEqual([]);

    // Every commit is in the counters now; a total of at least this version is on its way.
    const truth = await sqlCounts(t);
    const v = await version();
    const last = await inbox.waitFor('queue.counts', (e) => e.version >= v, `of version ${v}`);
    expect(last).toEqual({ ...truth, version: v });
    const sent = inbox.of('queue.counts');
    // One instance reads one site's totals one at a time, so they arrive in version order.
    const versions = sent.map((e) => e.version);
    expect(versions).toEqual([...new Set(versions)].sort((x, y) => x - y));
    expect(sent.at(-1)).toEqual({ ...truth, version: v });
    expect(await must(t.api('GET', '/moderation/counts', { token: mod }))).toEqual(truth);
    expect(await recount()).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });
  });

  it('a post on a site commits while another transaction holds one of its counter rows', async () => {
    const a = article('qc-shard');
    await post(t, a);
    const waiting = async (): Promise<number> =>
      (
        await t.ds.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%site_counters%'`,
        )
      )[0].n;

    // As a writer that has added to one of the site's counter rows and not yet committed.
    await blocker.query('BEGIN');
    await blocker.query(
      `UPDATE site_counters SET unmoderated_count = unmoderated_count + 0 WHERE ctid = (SELECT ctid FROM site_counters WHERE site_id = 'default' LIMIT 1)`,
    );
    const inFlight: Promise<{ status: number }>[] = [];
    let committed = 0;
    let blocked = 0;
    try {
      // Each post either commits or (when it picked the held row: 1 in 16) waits on it.
      while (committed < 3 && blocked < 4) {
        const before = await waiting();
        let done = false;
        // Each on an article of its own: a post waiting on the held row keeps its article's row
        // locked, and the next post there would queue behind it for that reason, not the site's.
        const own = article(`qc-shard-${inFlight.length}`);
        const p = t.api('POST', `/articles/${enc(own)}/comments`, { token: t.token(`qc-shard-${inFlight.length}`), body: { body: text() } }).then((r) => {
          done = true;
          return r;
        });
        inFlight.push(p);
        for (const since = Date.now(); ;) {
          if (Date.now() - since > 20_000) throw new Error(`a post neither committed nor waited on a counter row in 20 s`);
          if (done) {
            expect((await p).status).toBe(201);
            committed++;
            break;
          }
          if ((await waiting()) > before) {
            blocked++;
            break;
          }
          await sleep(20);
        }
      }
      expect({ committed, blocked: blocked < 4 }).toEqual({ committed: 3, blocked: true });
    } finally {
      await blocker.query('ROLLBACK');
    }
    expect((await Promise.all(inFlight)).map((r) => r.status)).toEqual(inFlight.map(() => 201));
    expect(await must(t.api('GET', '/moderation/counts', { token: mod }))).toEqual(await sqlCounts(t));
    expect(await recount()).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });
  });
});
