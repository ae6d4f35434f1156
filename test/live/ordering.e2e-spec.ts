import { Client } from 'pg';
import { SITE_COUNTER_SHARDS } from '../../src/common/queues';
import { startApp, TestApp } from '../support/app';
import { article, articleOf, cursorEvents, enc, mustJoin, post, REPLAYED, SocketPool, storedEvents, text } from './live-helpers';

/**
 * The cursor is the event row id, and a reader resumes from the newest cursor it has seen. That
 * only works if an event id never becomes visible after a larger one: two writes that overlap
 * in time must not leave a reader with a cursor that skips the earlier one.
 */
describe('live: cursors follow commit order', () => {
  let t: TestApp;
  const pool = new SocketPool();
  let blocker: Client;

  beforeAll(async () => {
    t = await startApp();
    blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
  });
  afterAll(async () => {
    pool.closeAll();
    await blocker?.end().catch(() => undefined);
    await t?.close();
  });

  /** Waits (polling the server's own lock view) until `sessions` sessions are blocked in a statement naming `table`. */
  async function someoneWaitsOn(table: string, sessions = 1): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const [row] = await t.ds.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE $1`,
        [`%${table}%`],
      );
      if (row.n >= sessions) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no session ever waited on ${table}`);
  }

  it('a write to the same article waits for a slower one to commit: cursors follow commit order', async () => {
    const a = article('order');
    const liked = await post(t, a);
    const { socket, inbox } = await pool.connect(t.url, { label: 'reader' });
    await mustJoin(socket, a);

    // Hold every shard of the site-wide queue counters (made first, so a write finds none free):
    // a new comment's transaction stalls at its very end, after its events are stored and before it commits.
    await blocker.query('BEGIN');
    await blocker.query(`INSERT INTO site_counters (site_id, shard) SELECT 'default', g FROM generate_series(0, $1::int - 1) g ON CONFLICT DO NOTHING`, [
      SITE_COUNTER_SHARDS,
    ]);
    await blocker.query("SELECT * FROM site_counters WHERE site_id = 'default' FOR UPDATE");
    const slow = t.api('POST', `/articles/${enc(a)}/comments`, { token: t.token('slow-writer'), body: { body: `slow ${text()}` } });
    let quick: ReturnType<typeof t.api>;
    try {
      // (The shards are written by the transaction's closing statement, parley_close_tx.)
      await someoneWaitsOn('parley_close_tx');
      // A quick like on the same article must not commit an event between the two.
      quick = t.api('PUT', `/comments/${liked.id}/reactions/like`, { token: t.token('quick-fan') });
      // Its events wait on the article's events lock, taken in the same closing statement.
      await someoneWaitsOn('parley_close_tx', 2);
      expect(inbox.events.filter((e) => e.name === 'comment.reactions')).toEqual([]);
    } finally {
      await blocker.query('ROLLBACK');
    }
    const created = await slow;
    expect(created.status).toBe(201);
    expect((await quick!).status).toBe(200);
    await inbox.waitFor('comment.reactions', (e) => e.id === liked.id && e.reactions.like === 1);

    // The reader got the comment first and the like after, with rising cursors...
    const got = cursorEvents(inbox.events, a);
    const createdAt = got.findIndex((e) => e.type === 'comment.created');
    const likedAt = got.findIndex((e) => e.type === 'comment.reactions');
    expect(inbox.events.find((e) => e.name === 'comment.created')?.data.comment.id).toBe(created.body.id);
    expect(createdAt).toBeGreaterThanOrEqual(0);
    expect(likedAt).toBeGreaterThan(createdAt);
    // ...exactly as stored, so resuming from any cursor it saw misses nothing.
    expect(got).toEqual(await storedEvents(t, a, String(BigInt(got[0].cursor) - 1n)));
    // Each names the one before it as `prev` (read after the events lock was granted): the like's
    // is the slow comment's last event, which committed while the like waited.
    const chain = inbox.events.filter((e) => REPLAYED.includes(e.name) && articleOf(e) === a).map((e) => ({ cursor: e.data.cursor, prev: e.data.prev }));
    expect(chain.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < chain.length; i++) expect(chain[i].prev).toBe(chain[i - 1].cursor);
  });
});
