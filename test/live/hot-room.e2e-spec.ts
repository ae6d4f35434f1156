import { io, Socket } from 'socket.io-client';
import { startApp, TestApp } from '../support/app';
import { article, post, text } from './live-helpers';

/** How many readers share the room; LIVE_HOT_ROOM overrides it (e.g. on a bigger machine). */
const READERS = Number(process.env.LIVE_HOT_ROOM ?? 5000);
/** Connections opened at once while filling the room. */
const BATCH = 250;

/** One article with thousands of readers on one instance: a new comment reaches every one of them. */
describe(`live: a hot room of ${READERS} readers`, () => {
  let t: TestApp;
  const sockets: Socket[] = [];
  let stopped = false;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    stopped = true;
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('every reader in the room receives comment.created for one new comment', async () => {
    const a = article('hot');
    const received = new Map<number, any[]>();
    let allIn!: () => void;
    const everyone = new Promise<void>((resolve) => (allIn = resolve));

    const open = (i: number) =>
      new Promise<void>((resolve, reject) => {
        if (stopped) return reject(new Error('test is over'));
        const s = io(t.url, { transports: ['websocket'], forceNew: true, reconnection: false });
        sockets.push(s);
        s.on('comment.created', (e) => {
          received.set(i, [...(received.get(i) ?? []), e]);
          if (received.size === READERS) allIn();
        });
        s.once('connect_error', reject);
        s.once('connect', () => {
          s.emit('join', { articleId: a }, (ack: any) => (ack?.ok ? resolve() : reject(new Error(`join ${i}: ${JSON.stringify(ack)}`))));
        });
      });
    for (let i = 0; i < READERS; i += BATCH) {
      await Promise.all(Array.from({ length: Math.min(BATCH, READERS - i) }, (_, k) => open(i + k)));
    }
    expect(sockets.filter((s) => s.connected)).toHaveLength(READERS);

    // Everyone is in: one comment, and wait for the last reader to have it.
    const body = `to the whole room ${text()}`;
    const c = await post(t, a, { body });
    expect(c.status).toBe('approved');
    // A guard so a lost delivery fails with a count rather than only jest's timeout.
    let guard!: NodeJS.Timeout;
    await Promise.race([
      everyone,
      new Promise((_, reject) => {
        guard = setTimeout(() => reject(new Error(`only ${received.size} of ${READERS} readers got comment.created`)), 60_000);
      }),
    ]).finally(() => clearTimeout(guard));

    const ids = new Set<string>();
    const cursors = new Set<string>();
    for (let i = 0; i < READERS; i++) {
      const got = received.get(i) ?? [];
      expect(got).toHaveLength(1);
      ids.add(got[0].comment.id);
      cursors.add(got[0].cursor);
      if (got[0].comment.body !== body) throw new Error(`reader ${i} got ${JSON.stringify(got[0])}`);
    }
    expect([...ids]).toEqual([c.id]);
    const [{ id }] = await t.ds.query(`SELECT id::text FROM events WHERE article_id = $1 AND type = 'comment.created'`, [a]);
    expect([...cursors]).toEqual([id]);
  }, 180_000); // filling the room takes a while on a small, busy machine; this bounds the run, it measures nothing
});
