import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { startApp, TestApp } from '../support/app';
import { article, cursorEvents, enc, join, must, mustJoin, post, SocketPool, storedEvents, text } from './live-helpers';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two instances on one database and one Redis (with a prefix of this run's own). */
describe('live: two instances with Redis', () => {
  const prefix = `parley-test-${randomUUID()}`;
  let a: TestApp;
  let b: TestApp;
  let redis: Redis;
  const pool = new SocketPool();
  let modA: string;
  let admin: string;

  beforeAll(async () => {
    const env = { REDIS_URL, REDIS_PREFIX: prefix };
    a = await startApp(env);
    b = await startApp(env, a.databaseUrl);
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    modA = a.token({ sub: 'mod-a', name: 'Mo', role: 'moderator' });
    admin = a.token({ sub: 'admin-a', name: 'Ada', role: 'admin' });
  });
  afterAll(async () => {
    pool.closeAll();
    await b?.close();
    await a?.close();
    await redis?.quit();
  });

  it('uses Redis channels under its own prefix', async () => {
    const channels = await redis.pubsub('CHANNELS', `${prefix}*`);
    expect(channels.length).toBeGreaterThan(0);
    expect(channels.every((c) => String(c).startsWith(prefix))).toBe(true);
    // Both instances listen: each request channel has two subscribers.
    const numsub = (await redis.pubsub('NUMSUB', ...channels.map(String))) as (string | number)[];
    const subscribers = numsub.filter((_, i) => i % 2 === 1).map(Number);
    expect(Math.max(...subscribers)).toBeGreaterThanOrEqual(2);
  });

  it('a comment posted through A reaches readers on B (and on A), once each, with the stored cursors', async () => {
    const art = article('cluster');
    const { socket: sb, inbox: onB } = await pool.connect(b.url, { label: 'reader on B' });
    const { socket: sa, inbox: onA } = await pool.connect(a.url, { label: 'reader on A' });
    const start = await mustJoin(sb, art);
    await mustJoin(sa, art);

    const c = await post(a, art, { body: `from A ${text()}` });
    const created = await onB.waitFor('comment.created', (e) => e.comment.id === c.id);
    expect(created.comment).toMatchObject({ id: c.id, articleId: art, status: 'approved', body: c.body });
    await onB.waitFor('article.count', (e) => e.total === 1);

    // And the other way: a like through B reaches the reader on A.
    await must(b.api('PUT', `/comments/${c.id}/reactions/like`, { token: b.token('fan-b') }));
    await onA.waitFor('comment.reactions', (e) => e.id === c.id && e.reactions.like === 1);
    await onB.waitFor('comment.reactions', (e) => e.id === c.id && e.reactions.like === 1);

    // A last event through B, then every reader holds exactly the stored log, nothing twice.
    await must(b.api('PATCH', `/articles/${enc(art)}`, { token: modA, body: { title: 'last' } }));
    await Promise.all([onA, onB].map((i) => i.waitFor('article.updated', (e) => e.article.title === 'last')));
    const stored = await storedEvents(a, art, start);
    expect(stored.map((e) => e.type)).toEqual(['comment.created', 'article.count', 'comment.reactions', 'article.updated']);
    expect(cursorEvents(onB.events, art)).toEqual(stored);
    expect(cursorEvents(onA.events, art)).toEqual(stored);
  });

  it('a moderator on B gets queue events for a comment held via A; the author on B gets comment.status', async () => {
    const art = article('cluster-mod');
    await must(a.api('PATCH', `/articles/${enc(art)}`, { token: modA, body: { premoderation: true } }));
    const { inbox: modOnB } = await pool.connect(b.url, {
      namespace: '/moderation',
      token: b.token({ sub: 'mod-b', name: 'Mia', role: 'moderator' }),
      label: 'mod on B',
    });
    const { inbox: modOnA } = await pool.connect(a.url, { namespace: '/moderation', token: modA, label: 'mod on A' });
    const author = a.token({ sub: 'cluster-author', name: 'Cleo' });
    const { inbox: authorOnB } = await pool.connect(b.url, { token: author, label: 'author on B' });
    const before = await must(b.api('GET', '/moderation/counts', { token: modA }));

    const held = await post(a, art, { token: author });
    expect(held.status).toBe('pending');
    const added = await modOnB.waitFor('queue.added', (e) => e.item.id === held.id);
    expect(added.queue).toBe('pending');
    expect(added.item.reasons).toContain('premod:article');
    expect(await modOnB.waitFor('queue.counts', (e) => e.pending === before.pending + 1)).toEqual({
      ...before,
      pending: before.pending + 1,
      version: expect.any(Number),
    });

    // Approved through B: the moderator on A sees it leave; the author on B is told.
    await must(b.api('POST', `/moderation/comments/${held.id}/approve`, { token: modA }));
    for (const inbox of [modOnA, modOnB]) {
      expect(await inbox.waitFor('queue.removed', (e) => e.id === held.id)).toEqual({ queue: 'pending', id: held.id, articleId: art });
    }
    expect(await authorOnB.waitFor('comment.status', (e) => e.id === held.id)).toEqual({ id: held.id, articleId: art, status: 'approved' });
    expect(authorOnB.of('comment.status')).toHaveLength(1);
  });

  it('a settings change on one instance is in force on the other right away', async () => {
    const art = article('cluster-settings');
    const word = `zapwort${randomUUID().slice(0, 6)}`;
    // Several rounds: a change that merely races its broadcast would lose one of them.
    for (let round = 0; round < 15; round++) {
      // Banned through A, then straight away a comment through B.
      await must(a.api('PATCH', '/settings', { token: admin, body: { bannedWords: [word] } }));
      const refused = await post(b, art, { body: `round ${round}: this has ${word} in it` });
      expect(refused.status).toBe('rejected');
      // Lifted through B, then straight away a comment through A.
      await must(b.api('PATCH', '/settings', { token: admin, body: { bannedWords: [] } }));
      const allowed = await post(a, art, { body: `round ${round}: this has ${word} in it, again` });
      expect(allowed.status).toBe('approved');
    }
  });

  it('a reader that drops off A resumes on B with since and misses nothing', async () => {
    const art = article('cluster-resume');
    const { socket: sa, inbox: onA } = await pool.connect(a.url, { label: 'reader on A' });
    await mustJoin(sa, art);
    const first = await post(a, art);
    const count = await onA.waitFor('article.count', (e) => e.articleId === art);
    sa.close();

    const second = await post(a, art);
    await must(b.api('PUT', `/comments/${first.id}/reactions/like`, { token: b.token('fan-resume') }));
    await must(b.api('DELETE', `/comments/${second.id}`, { token: modA }), 204);

    const { socket: sb, inbox: onB } = await pool.connect(b.url, { label: 'reader on B' });
    const missed = await storedEvents(b, art, count.cursor);
    expect(missed.map((e) => e.type)).toEqual(['comment.created', 'article.count', 'comment.reactions', 'comment.removed', 'article.count']);
    expect(await join(sb, art, count.cursor)).toEqual({ ok: true, cursor: missed[missed.length - 1].cursor });
    expect(cursorEvents(onB.events, art)).toEqual(missed);
    expect(onB.events).toHaveLength(missed.length);
  });
});
