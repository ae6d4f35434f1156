import type { Socket as NetSocket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Socket } from 'socket.io-client';
import { EventsRepository } from '../../src/events/events.repository';
import { startApp, TestApp } from '../support/app';
import { article, mustJoin, post, SocketPool, storedEvents, text } from './live-helpers';

// The app runs in this process, so its memory is this process's. A collection before each reading
// makes the figures what is held (queued for sockets), not garbage yet to be collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const held = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};
const MB = 1024 * 1024;

/** Stored events per article (the replay bound) and the size of each one's comment text. */
const EVENTS = 1000;
const TEXT = 2500;
/** What the replays of one flood would hold if nothing bounded them: 100 x 1000 x 2.5 KB = 250 MB. */
const BOUND = 48 * MB;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A reader that stops reading: its TCP socket is paused, so what the server sends piles up there. */
function stopReading(socket: Socket): NetSocket {
  const raw = (socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
  raw.pause();
  return raw;
}

/**
 * A socket that joins with an old `since` a hundred times and never reads: the server neither
 * queries nor holds a replay per join. It is told to resync (or refused, then disconnected), and
 * another reader keeps getting events meanwhile.
 */
describe('live: a replay flood from a socket that does not read', () => {
  let t: TestApp;
  const pool = new SocketPool();
  const after = jest.fn();

  beforeAll(async () => {
    t = await startApp();
    const repo = t.app.get(EventsRepository);
    const original = repo.after.bind(repo);
    repo.after = (...args: Parameters<EventsRepository['after']>) => (after(...args), original(...args));
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
  });

  /** An article with a real comment, then EVENTS big stored events after it; returns the cursor before them. */
  async function bigArticle(label: string): Promise<{ a: string; from: string }> {
    const a = article(label);
    await post(t, a);
    const from = (await storedEvents(t, a)).slice(-1)[0].cursor;
    await t.ds.query(
      `INSERT INTO events (article_id, type, payload)
       SELECT $1, 'comment.created', jsonb_build_object('comment', jsonb_build_object(
                'id', 'synthetic-' || g, 'articleId', $1::text, 'parentId', null, 'author', jsonb_build_object('id', 'u', 'name', 'Synthetic'),
                'body', repeat('b', $3::int) || g, 'html', '', 'status', 'approved', 'replyCount', 0, 'reactions', jsonb_build_object('like', 0)))
       FROM generate_series(1, $2::int) g ORDER BY g`,
      [a, EVENTS, TEXT],
    );
    return { a, from };
  }

  /** A control reader on its own article: a comment there reaches it (a generous guard, not a measurement). */
  async function controlGetsEvents(): Promise<number> {
    const c = article('control');
    const { socket, inbox } = await pool.connect(t.url, { label: 'control' });
    await mustJoin(socket, c);
    const started = Date.now();
    const comment = await post(t, c, { body: text('control') });
    await inbox.waitFor('comment.created', (e) => e.comment.id === comment.id);
    socket.close();
    return Date.now() - started;
  }

  it('joins paced under the message budget: after the first replays it gets resync, and the server holds no replay per join', async () => {
    const { a, from } = await bigArticle('paced');
    // Warm up (first query plans, pools, the socket code paths) before the baseline.
    const { socket: warm, inbox: warmInbox } = await pool.connect(t.url, { label: 'warm' });
    await mustJoin(warm, a, from);
    expect(warmInbox.of('comment.created')).toHaveLength(EVENTS);
    warm.close();
    after.mockClear();

    const base = held();
    const { socket, inbox } = await pool.connect(t.url, { label: 'stalled' });
    const raw = stopReading(socket);
    let peak = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.external);
    }, 100);
    try {
      // 110 joins: 30 at once, then 9 a second (a budget of 40 at once and 10 a second is not exceeded).
      for (let i = 0; i < 110; i++) {
        socket.emit('join', { articleId: a, since: from });
        if (i >= 30) await sleep(110);
      }
      const latency = await controlGetsEvents();
      await sleep(1500);
      const grown = held() - base;
      // eslint-disable-next-line no-console
      console.log(
        `paced flood: held ${(grown / MB).toFixed(1)} MB more, peak ${((peak - base) / MB).toFixed(1)} MB over the start, ${after.mock.calls.length} replay reads, control event after ${latency} ms`,
      );
      expect(grown).toBeLessThan(BOUND);
      // A replay read for each join is what the flood costs unbounded; only the first few are read.
      expect(after.mock.calls.length).toBeLessThanOrEqual(10);
      expect(latency).toBeLessThan(10_000);
    } finally {
      clearInterval(sampler);
    }

    // Reading again, it finds it was told to resync (and still is connected and in the room).
    raw.resume();
    const resync = await inbox.waitFor('resync', (e) => e.articleId === a);
    expect(BigInt(resync.cursor) >= BigInt(from) + BigInt(EVENTS)).toBe(true);
    const fresh = await post(t, a, { body: text('after the flood') });
    await inbox.waitFor('comment.created', (e) => e.comment.id === fresh.id);
  }, 90_000);

  it('joins sent all at once: it is refused, then disconnected, and nothing it was sent stays queued', async () => {
    const { a, from } = await bigArticle('burst');
    after.mockClear();
    const base = held();
    const { socket } = await pool.connect(t.url, { label: 'burst' });
    const raw = stopReading(socket);
    for (let i = 0; i < 150; i++) socket.emit('join', { articleId: a, since: from });
    const latency = await controlGetsEvents();
    await sleep(1500);
    const grown = held() - base;
    // eslint-disable-next-line no-console
    console.log(`burst flood: held ${(grown / MB).toFixed(1)} MB more, ${after.mock.calls.length} replay reads, control event after ${latency} ms`);
    expect(grown).toBeLessThan(BOUND);
    expect(after.mock.calls.length).toBeLessThanOrEqual(10);
    expect(latency).toBeLessThan(10_000);

    // Reading again: it was disconnected by the server (what it finds first is at most one replay).
    let guard!: NodeJS.Timeout;
    const gone = new Promise<string>((resolve) => {
      // A guard so a socket left connected fails with a message, not jest's timeout.
      guard = setTimeout(() => resolve('still connected'), 20_000);
      socket.once('disconnect', (reason) => resolve(reason));
    });
    raw.resume();
    await expect(gone.finally(() => clearTimeout(guard))).resolves.not.toBe('still connected');
  }, 90_000);
});
