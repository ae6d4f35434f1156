import { ReplayService } from '../../src/live/replay.service';
import { startApp, TestApp } from '../support/app';
import {
  article,
  articleOf,
  barrier,
  cursorEvents,
  enc,
  Inbox,
  join,
  must,
  mustJoin,
  post,
  Received,
  REPLAYED,
  SocketPool,
  storedEvents,
  text,
} from './live-helpers';

/** A reader that reconnects with `since` gets exactly what it missed, or is told to resync. */
describe('live: resume with since, and resync past the bound', () => {
  let t: TestApp;
  const pool = new SocketPool();
  let mod: string;

  beforeAll(async () => {
    t = await startApp();
    mod = t.token({ sub: 'mod-resume', name: 'Mo', role: 'moderator' });
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
  });

  const maxCursor = (events: Received[]) =>
    events
      .filter((e) => REPLAYED.includes(e.name))
      .map((e) => BigInt(e.data.cursor))
      .reduce((a, b) => (b > a ? b : a), 0n)
      .toString();

  /** Waits until a connected inbox has every stored event of the article (the last one is enough). */
  async function caughtUp(inbox: Inbox, a: string): Promise<string> {
    const [last] = (await storedEvents(t, a)).slice(-1);
    await inbox.waitFor(last.type, (e) => e.cursor === last.cursor, `(cursor ${last.cursor})`);
    return last.cursor;
  }

  it('replays exactly the missed events, in order, once, from this article only', async () => {
    const a = article('resume');
    const other = article('elsewhere');
    const author = t.token({ sub: 'resume-author', name: 'Ria' });

    // A control reader stays connected throughout and sees everything live.
    const { socket: ctlSock, inbox: control } = await pool.connect(t.url, { label: 'control' });
    await mustJoin(ctlSock, a);
    await mustJoin(ctlSock, other);

    const { socket, inbox } = await pool.connect(t.url, { label: 'resumer' });
    await mustJoin(socket, a);
    await mustJoin(socket, other);
    const c0 = await post(t, a, { token: author });
    await inbox.waitFor('article.count', (e) => e.articleId === a && e.total === 1);
    const last = maxCursor(inbox.events);
    expect(last).toBe((await storedEvents(t, a)).slice(-1)[0].cursor);

    socket.disconnect();

    // While it is away: every kind of reader event on this article, some on another, and a held one.
    const c1 = await post(t, a, { token: author });
    await must(t.api('PATCH', `/comments/${c1.id}`, { token: author, body: { body: `edited ${text()}` } }));
    await must(t.api('PUT', `/comments/${c0.id}/reactions/like`, { token: t.token('liker-1') }));
    await post(t, other);
    const reply = await post(t, a, { parentId: c1.id });
    await must(t.api('DELETE', `/comments/${c0.id}`, { token: author }), 204);
    await must(t.api('PATCH', `/articles/${enc(a)}`, { token: mod, body: { title: 'Renamed while away' } }));
    await must(t.api('POST', `/moderation/comments/${reply.id}/reject`, { token: mod, body: { reason: 'abuse' } }));
    await must(t.api('PATCH', `/articles/${enc(a)}`, { token: mod, body: { premoderation: true } }));
    const held = await post(t, a);
    expect(held.status).toBe('pending');
    await post(t, other);
    await caughtUp(control, a);
    await caughtUp(control, other);

    const missed = cursorEvents(control.events, a).filter((e) => BigInt(e.cursor) > BigInt(last));
    expect(missed.map((e) => e.type)).toEqual([
      'comment.created',
      'article.count', // c1
      'comment.updated', // edit
      'comment.reactions', // like
      'comment.created',
      'article.count', // reply
      'comment.removed',
      'article.count', // c0 deleted
      'article.updated', // title
      'comment.removed',
      'article.count', // reply rejected
      'article.updated', // premoderation on
    ]);
    expect(missed).toEqual(await storedEvents(t, a, last));

    // Reconnect (same client) and resume.
    const mark = inbox.mark();
    await new Promise<void>((resolve) => {
      socket.once('connect', () => resolve());
      socket.connect();
    });
    const ack = await join(socket, a, last);
    expect(ack).toEqual({ ok: true, cursor: missed[missed.length - 1].cursor });
    const replayed = inbox.since(mark);
    // Exactly the missed events, in order, with the payloads readers got live.
    expect(cursorEvents(replayed, a)).toEqual(missed);
    expect(replayed.map((e) => articleOf(e))).toEqual(missed.map(() => a));
    const liveByCursor = new Map(control.events.filter((e) => REPLAYED.includes(e.name)).map((e) => [e.data.cursor, e]));
    // A comment edited or removed since is replayed as readers may see it now, never with text it no
    // longer shows; everything else is exactly what readers got live.
    const now = new Map<string, any>();
    for (const e of control.events) {
      if (e.name === 'comment.created' || e.name === 'comment.updated') now.set(e.data.comment.id, e.data.comment);
      if (e.name === 'comment.removed') now.set(e.data.id, null);
    }
    for (const e of replayed) {
      const live = liveByCursor.get(e.data.cursor);
      if (!live) throw new Error(`replayed cursor ${e.data.cursor} was never sent live`);
      if (e.name !== 'comment.created' && e.name !== 'comment.updated') {
        expect(e).toEqual(live);
        continue;
      }
      const current = now.get(e.data.comment.id);
      const shown =
        current === null ? { author: null, body: '', html: '', status: 'deleted' } : pick(current, ['author', 'body', 'html', 'status', 'editedAt']);
      expect(e).toEqual({ ...live, data: { ...live.data, comment: { ...live.data.comment, ...shown } } });
    }
    expect(JSON.stringify(replayed)).not.toContain(reply.body);

    // Live again from here; nothing arrives twice, nothing from the other article it has not rejoined.
    await post(t, other);
    const after = await barrier(t, a, [inbox]);
    const all = inbox.since(mark);
    const cursors = all.map((e) => e.data.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(all.filter((e) => articleOf(e) !== a)).toEqual([]);
    expect(all.slice(replayed.length).map((e) => [e.name, e.data.article?.title])).toEqual([['article.updated', after]]);
    expect(JSON.stringify(all)).not.toContain(held.id);
  });

  it('a since equal to the newest cursor replays nothing; since 0 replays the whole article', async () => {
    const a = article('edge');
    const c = await post(t, a);
    await must(t.api('PUT', `/comments/${c.id}/reactions/like`, { token: t.token('edge-liker') }));
    const stored = await storedEvents(t, a);
    const newest = stored[stored.length - 1].cursor;

    const { socket, inbox } = await pool.connect(t.url);
    expect(await join(socket, a, newest)).toEqual({ ok: true, cursor: newest });
    const mark = inbox.mark();
    // A cursor may be sent as a number too.
    expect(await join(socket, a, Number(stored[0].cursor) as unknown as string)).toEqual({ ok: true, cursor: newest });
    expect(cursorEvents(inbox.since(mark), a)).toEqual(stored.slice(1));
    const mark2 = inbox.mark();
    expect(await join(socket, a, '0')).toEqual({ ok: true, cursor: newest });
    expect(cursorEvents(inbox.since(mark2), a)).toEqual(stored);
  });

  it('a since newer than anything stored gets resync with the current cursor', async () => {
    const a = article('future');
    await post(t, a);
    const stored = await storedEvents(t, a);
    const newest = stored[stored.length - 1].cursor;
    const [{ max }] = await t.ds.query(`SELECT max(id)::text AS max FROM events`);

    const { socket, inbox } = await pool.connect(t.url);
    const ack = await join(socket, a, (BigInt(max) + 1000n).toString());
    expect(ack).toEqual({ ok: true, cursor: newest });
    expect(inbox.events).toEqual([{ name: 'resync', data: { articleId: a, cursor: newest } }]);
    // Still joined: live events keep coming after the resync.
    const c = await post(t, a);
    await inbox.waitFor('comment.created', (e) => e.comment.id === c.id);
  });

  it('1,000 missed events are replayed; 1,001 get resync instead', async () => {
    const a = article('bound');
    await post(t, a);
    const from = (await storedEvents(t, a)).slice(-1)[0].cursor;
    const insert = (n: number, start: number) =>
      t.ds.query(
        `INSERT INTO events (article_id, type, payload)
         SELECT $1, 'comment.reactions', jsonb_build_object('id', 'synthetic', 'articleId', $1::text, 'reactions', jsonb_build_object('like', g))
         FROM generate_series($2::int, $3::int) g ORDER BY g`,
        [a, start, start + n - 1],
      );
    await insert(1000, 1);

    const { socket, inbox } = await pool.connect(t.url);
    const ack = await join(socket, a, from);
    const replayed = inbox.of('comment.reactions');
    expect(replayed).toHaveLength(1000);
    expect(replayed.map((e) => e.reactions.like)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(replayed.map((e) => ({ type: 'comment.reactions', cursor: e.cursor }))).toEqual(await storedEvents(t, a, from));
    expect(ack).toEqual({ ok: true, cursor: replayed[999].cursor });
    expect(inbox.of('resync')).toEqual([]);

    await insert(1, 1001);
    const newest = (await storedEvents(t, a)).slice(-1)[0].cursor;
    const mark = inbox.mark();
    expect(await join(socket, a, from)).toEqual({ ok: true, cursor: newest });
    expect(inbox.since(mark)).toEqual([{ name: 'resync', data: { articleId: a, cursor: newest } }]);
  });

  it('a cursor from before what was pruned gets resync; one right at the edge still replays', async () => {
    const a = article('pruned');
    const old = await post(t, a);
    const stored = await storedEvents(t, a);
    const beforeAll = (BigInt(stored[0].cursor) - 1n).toString();
    // Age this article's first events past the retention window and let the service prune them.
    await t.ds.query(`UPDATE events SET created_at = now() - interval '25 hours' WHERE id <= $1`, [stored[stored.length - 1].cursor]);
    await t.app.get(ReplayService).prune();
    expect(await storedEvents(t, a)).toEqual([]);

    const fresh = await post(t, a);
    expect(fresh.id).not.toBe(old.id);
    const kept = await storedEvents(t, a);
    const [{ min }] = await t.ds.query(`SELECT min(id)::text AS min FROM events`);
    expect(min).toBe(kept[0].cursor);

    const { socket, inbox } = await pool.connect(t.url);
    // From before the pruned events: the gap cannot be replayed exactly.
    expect(await join(socket, a, beforeAll)).toEqual({ ok: true, cursor: kept[kept.length - 1].cursor });
    expect(inbox.events).toEqual([{ name: 'resync', data: { articleId: a, cursor: kept[kept.length - 1].cursor } }]);
    // From the event just before the oldest kept one: nothing is missing, so it replays.
    const mark = inbox.mark();
    const edge = (BigInt(min) - 1n).toString();
    expect(await join(socket, a, edge)).toEqual({ ok: true, cursor: kept[kept.length - 1].cursor });
    expect(cursorEvents(inbox.since(mark), a)).toEqual(kept);
    expect(inbox.since(mark).map((e) => e.name)).not.toContain('resync');
  });
});

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
