import { Client } from 'pg';
import { startApp, TestApp } from '../support/app';
import { article, cursorEvents, enc, join, must, mustJoin, post, REPLAYED, SocketPool, storedEvents, text } from './live-helpers';

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

  /** Waits (polling the server's own lock view) until some session is blocked on `table`. */
  async function someoneWaitsOn(table: string): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const [row] = await t.ds.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE $1`,
        [`%${table}%`],
      );
      if (row.n > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no session ever waited on ${table}`);
  }

  it('a reader resuming from its newest cursor gets a comment whose transaction was slower', async () => {
    const a = article('order');
    const liked = await post(t, a);
    const { socket, inbox } = await pool.connect(t.url, { label: 'reader' });
    await mustJoin(socket, a);

    // Hold the site-wide queue counters so the next comment's transaction stalls near its end.
    await blocker.query('BEGIN');
    await blocker.query('SELECT * FROM site_counters WHERE id = 1 FOR UPDATE');
    const slowBody = `slow ${text()}`;
    const slow = t.api('POST', `/articles/${enc(a)}/comments`, { token: t.token('slow-writer'), body: { body: slowBody } });
    try {
      await someoneWaitsOn('site_counters');
      // Meanwhile a quick write on the same article commits and is sent.
      await must(t.api('PUT', `/comments/${liked.id}/reactions/like`, { token: t.token('quick-fan') }));
      await inbox.waitFor('comment.reactions', (e) => e.id === liked.id && e.reactions.like === 1);
    } finally {
      await blocker.query('ROLLBACK');
    }
    const newest = inbox.events
      .filter((e) => REPLAYED.includes(e.name))
      .map((e) => BigInt(e.data.cursor))
      .reduce((x, y) => (y > x ? y : x), 0n)
      .toString();
    // The reader drops off here, holding the newest cursor it saw.
    socket.disconnect();
    const created = await slow;
    expect(created.status).toBe(201);

    // Back again: whatever it missed must come now.
    const mark = inbox.mark();
    await new Promise<void>((resolve) => {
      socket.once('connect', () => resolve());
      socket.connect();
    });
    const ack = await join(socket, a, newest);
    expect(ack.ok).toBe(true);
    const seen = inbox.events.filter((e) => e.name === 'comment.created').map((e) => e.data.comment.id);
    expect(seen).toContain(created.body.id);
    // And the log it replays is the one stored, in order.
    expect(cursorEvents(inbox.since(mark), a)).toEqual(await storedEvents(t, a, newest));
  });
});
