import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { EventsRepository } from '../../src/events/events.repository';
import { startApp, TestApp } from '../support/app';
import { Ack, article, enc, join, must, mustJoin, post, SocketPool, text } from './live-helpers';

/**
 * One anonymous socket sending join/leave as fast as it can: its messages are refused past a
 * budget and it is then disconnected, the database is hardly asked anything (joins of an article
 * whose newest cursor the instance knows need no query), and a reader elsewhere is not held up.
 */
describe('live: a join/leave flood from one socket', () => {
  let t: TestApp;
  const pool = new SocketPool();
  /** Every read of the event table, by method. */
  const reads: string[] = [];

  beforeAll(async () => {
    t = await startApp();
    const repo = t.app.get(EventsRepository);
    for (const m of ['latest', 'bounds', 'after'] as const) {
      const original = (repo[m] as (...a: unknown[]) => Promise<unknown>).bind(repo);
      (repo as unknown as Record<string, unknown>)[m] = (...args: unknown[]) => (reads.push(m), original(...args));
    }
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
  });

  it('5,000 joins and leaves: refused with RATE_LIMITED, then disconnected; a handful of queries; another reader is not delayed', async () => {
    const a = article('flooded');
    await post(t, a);
    // A reader of another article, already following it.
    const b = article('bystander');
    await post(t, b);
    const { socket: reader, inbox } = await pool.connect(t.url, { label: 'bystander' });
    await mustJoin(reader, b);

    reads.length = 0;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const { socket: flooder, inbox: flooderInbox } = await pool.connect(t.url, { label: 'flooder' });
    const acks: Ack[] = [];
    const SENT = 5000;
    let guard!: NodeJS.Timeout;
    // Settles when the server disconnects the socket, or (had it not) when every message is answered.
    const settled = new Promise<string>((resolve) => {
      guard = setTimeout(() => resolve(`neither disconnected nor answered: ${acks.length} acks`), 25_000);
      flooder.once('disconnect', (reason) => resolve(reason));
      for (let i = 0; i < SENT; i++) {
        flooder.emit(i % 2 ? 'leave' : 'join', { articleId: a }, (ack: Ack) => {
          acks.push(ack);
          if (acks.length === SENT) resolve('every message answered');
        });
      }
    }).finally(() => clearTimeout(guard));

    // Meanwhile the bystander reads the article over HTTP and gets a new comment live.
    const readStart = performance.now();
    await must(t.api('GET', `/articles/${enc(b)}/comments`));
    const readMs = performance.now() - readStart;
    const liveStart = performance.now();
    const fresh = await post(t, b, { body: text('while flooded') });
    await inbox.waitFor('comment.created', (e) => e.comment.id === fresh.id);
    const liveMs = performance.now() - liveStart;

    const outcome = await settled;
    loop.disable();
    const maxDelayMs = loop.max / 1e6;
    const byCode = acks.reduce<Record<string, number>>((m, x) => ((m[x.ok ? 'ok' : x.error.code] = (m[x.ok ? 'ok' : x.error.code] ?? 0) + 1), m), {});
    // eslint-disable-next-line no-console
    console.log(
      `join flood: ${SENT} sent, acks ${JSON.stringify(byCode)}, ${reads.length} event-table reads (${[...new Set(reads)].join(', ')}), ` +
        `outcome "${outcome}", bystander read ${readMs.toFixed(0)} ms, live ${liveMs.toFixed(0)} ms, event loop delay max ${maxDelayMs.toFixed(0)} ms p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`,
    );

    expect(outcome).toBe('io server disconnect');
    expect(byCode.RATE_LIMITED).toBeGreaterThan(0);
    expect(flooderInbox.of('error')).toContainEqual({ code: 'RATE_LIMITED', message: expect.any(String) });
    // Far fewer answered than sent, and the answered ones cost (almost) no queries.
    expect(byCode.ok ?? 0).toBeLessThan(200);
    expect(reads.length).toBeLessThanOrEqual(5);
    // Generous bounds: a flood that queued its queries ahead of the reader's would show here.
    expect(maxDelayMs).toBeLessThan(1000);
    expect(readMs).toBeLessThan(5000);
    expect(liveMs).toBeLessThan(5000);

    // The bystander is still connected and following.
    expect(reader.connected).toBe(true);
  }, 60_000);

  it('joins and leaves of an article are answered from memory: one query for an unknown article, none after', async () => {
    const a = article('memory');
    const { socket } = await pool.connect(t.url);
    reads.length = 0;
    for (let i = 0; i < 10; i++) {
      expect(await join(socket, a)).toEqual({ ok: true, cursor: '0' });
      expect(await socket.emitWithAck('leave', { articleId: a })).toEqual({ ok: true, cursor: '0' });
    }
    expect(reads).toEqual(['latest']);

    // A comment there: the relay's event moves the known cursor, still with no query.
    await mustJoin(socket, a);
    const c = await post(t, a);
    const [{ max }] = await t.ds.query(`SELECT max(id)::text AS max FROM events WHERE article_id = $1`, [a]);
    reads.length = 0;
    const { socket: other } = await pool.connect(t.url);
    expect(await join(other, a)).toEqual({ ok: true, cursor: max });
    expect(await join(socket, a)).toEqual({ ok: true, cursor: max });
    expect(await socket.emitWithAck('leave', { articleId: a })).toEqual({ ok: true, cursor: max });
    expect(reads).toEqual([]);
    expect(c.id).toBeTruthy();
  });
});
