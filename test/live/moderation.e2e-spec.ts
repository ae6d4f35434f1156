import { startApp, TestApp } from '../support/app';
import { article, barrier, enc, must, mustJoin, post, SocketPool, text } from './live-helpers';

/** The /moderation namespace: who may connect, and the queue events moderators get. */
describe('live: moderation namespace', () => {
  let t: TestApp;
  const pool = new SocketPool();
  let mod1: string;
  let mod2: string;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    mod1 = t.token({ sub: 'mod-1', name: 'Mo', role: 'moderator' });
    mod2 = t.token({ sub: 'mod-2', name: 'Mia', role: 'moderator' });
    admin = t.token({ sub: 'admin-1', name: 'Ada', role: 'admin' });
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
  });

  const moderator = (token: string, label: string) => pool.connect(t.url, { namespace: '/moderation', token, label });
  const counts = () => must(t.api('GET', '/moderation/counts', { token: mod1 }));

  describe('refuses everyone but moderators', () => {
    it.each([
      ['an anonymous client', () => undefined, 'AUTH_REQUIRED'],
      ['a reader', () => t.token({ sub: 'reader-1', name: 'Rea' }), 'WRONG_ROLE'],
      ['a reader claiming nothing about role', () => t.token('plain'), 'WRONG_ROLE'],
      ['an expired moderator token', () => t.token({ sub: 'mod-x', name: 'Old', role: 'moderator' }, { expiresIn: -1 }), 'TOKEN_EXPIRED'],
      ['a forged moderator token', () => t.token({ sub: 'mod-y', name: 'Fake', role: 'moderator' }).slice(0, -3) + 'abc', 'TOKEN_INVALID'],
      ['garbage', () => 'abc.def.ghi', 'TOKEN_INVALID'],
    ])('%s gets connect_error', async (_label, token, code) => {
      const err = await pool.refused(t.url, { namespace: '/moderation', token: token() });
      expect(err.data).toEqual({ code, message: expect.any(String) });
    });

    it('moderators and admins connect', async () => {
      const a = await moderator(mod1, 'mod');
      const b = await moderator(admin, 'admin');
      expect(a.socket.connected && b.socket.connected).toBe(true);
      a.socket.close();
      b.socket.close();
    });
  });

  it('queue.added (with reasons) and queue.counts when a comment is held; queue.removed to every moderator when a colleague approves', async () => {
    const a = article('modq');
    await must(t.api('PATCH', `/articles/${enc(a)}`, { token: mod1, body: { premoderation: true, title: 'Held story' } }));
    const { inbox: m1 } = await moderator(mod1, 'mod1');
    const { inbox: m2 } = await moderator(mod2, 'mod2');
    const { socket: rs, inbox: reader } = await pool.connect(t.url, { label: 'reader' });
    await mustJoin(rs, a);
    const before = await counts();

    const body = `please hold me ${text()}`;
    const held = await post(t, a, { token: t.token({ sub: 'held-1', name: 'Hank' }), body });
    expect(held.status).toBe('pending');

    for (const inbox of [m1, m2]) {
      const added = await inbox.waitFor('queue.added', (e) => e.item.id === held.id);
      expect(added.queue).toBe('pending');
      expect(added.item).toMatchObject({
        id: held.id,
        articleId: a,
        body,
        status: 'pending',
        article: { id: a, title: 'Held story' },
        authorSummary: expect.objectContaining({ id: 'held-1', name: 'Hank', status: 'active' }),
      });
      expect(added.item.reasons).toContain('premod:article');
      const c = await inbox.waitFor('queue.counts', (e) => e.pending === before.pending + 1);
      expect(c).toEqual({ ...before, pending: before.pending + 1, version: expect.any(Number) });
    }
    expect(await counts()).toEqual({ ...before, pending: before.pending + 1 });

    // mod2 approves it: both moderators see it leave the pending queue.
    const m1Mark = m1.mark();
    await must(t.api('POST', `/moderation/comments/${held.id}/approve`, { token: mod2 }));
    for (const inbox of [m1, m2]) {
      expect(await inbox.waitFor('queue.removed', (e) => e.id === held.id)).toEqual({ queue: 'pending', id: held.id, articleId: a });
      expect(await inbox.waitFor('queue.counts', (e) => e.pending === before.pending)).toEqual({ ...before, version: expect.any(Number) });
      const decided = await inbox.waitFor('queue.added', (e) => e.item.id === held.id && e.queue === 'approved');
      expect(decided.item).toMatchObject({ status: 'approved', moderated: true });
    }
    expect(
      m1
        .since(m1Mark)
        .map((e) => e.name)
        .sort(),
    ).toEqual(['queue.added', 'queue.counts', 'queue.removed']);
    expect(await counts()).toEqual(before);
    // Readers never see queue events; moderators never see reader events on this namespace.
    await barrier(t, a, [reader]);
    expect(reader.events.filter((e) => e.name.startsWith('queue.'))).toEqual([]);
    for (const inbox of [m1, m2]) expect(inbox.events.filter((e) => !e.name.startsWith('queue.'))).toEqual([]);
  });

  it('queue events follow published, reported and rejected comments', async () => {
    const a = article('modq2');
    const { inbox: m } = await moderator(admin, 'admin');
    const before = await counts();

    // Published without a moderator: the unmoderated queue grows.
    const c = await post(t, a);
    expect(c.status).toBe('approved');
    expect(await m.waitFor('queue.added', (e) => e.item.id === c.id)).toMatchObject({ queue: 'unmoderated', item: { id: c.id, reasons: [] } });
    await m.waitFor('queue.counts', (e) => e.unmoderated === before.unmoderated + 1);

    // Reported: it joins the reported queue, with the report counted in its reasons.
    expect((await t.api('POST', `/comments/${c.id}/reports`, { token: t.token('reporter-1'), body: { reason: 'spam' } })).status).toBe(202);
    const reported = await m.waitFor('queue.added', (e) => e.item.id === c.id && e.queue === 'reported');
    expect(reported.item.reasons).toContain('reports:1');
    expect(reported.item.reports).toEqual({ spam: 1 });
    expect(await m.waitFor('queue.counts', (e) => e.reported === before.reported + 1)).toEqual({
      pending: before.pending,
      reported: before.reported + 1,
      unmoderated: before.unmoderated + 1,
      version: expect.any(Number),
    });

    // Rejected by a moderator: out of both queues, into rejected.
    const mark = m.mark();
    await must(t.api('POST', `/moderation/comments/${c.id}/reject`, { token: mod1, body: { reason: 'spam' } }));
    await m.waitFor('queue.added', (e) => e.item.id === c.id && e.queue === 'rejected');
    const last = await m.waitFor('queue.counts', (e) => e.reported === before.reported && e.unmoderated === before.unmoderated);
    expect(last).toEqual({ ...before, version: expect.any(Number) });
    const removed = m
      .since(mark)
      .filter((e) => e.name === 'queue.removed')
      .map((e) => e.data.queue)
      .sort();
    expect(removed).toEqual(['reported', 'unmoderated']);
    expect(await counts()).toEqual(before);
  });

  it('a policy-rejected comment goes to the rejected queue without touching the counted queues', async () => {
    const { inbox: m } = await moderator(mod1, 'mod1');
    await must(t.api('PATCH', '/settings', { token: admin, body: { bannedWords: ['blorptastic'] } }));
    try {
      const a = article('modq3');
      const c = await post(t, a, { body: `blorptastic ${text()}` });
      expect(c.status).toBe('rejected');
      const added = await m.waitFor('queue.added', (e) => e.item.id === c.id);
      expect(added.queue).toBe('rejected');
      expect(added.item.reasons.some((r: string) => r.startsWith('banned_word'))).toBe(true);
      // A published comment after it: its count event is the first one this moderator gets.
      const ok = await post(t, a);
      await m.waitFor('queue.added', (e) => e.item.id === ok.id);
      // The totals follow the commit (read once it is done).
      await m.waitFor('queue.counts', () => true);
      const countEvents = m.of('queue.counts');
      expect(countEvents).toHaveLength(1);
      expect(countEvents[0]).toEqual({ ...(await counts()), version: expect.any(Number) });
    } finally {
      await must(t.api('PATCH', '/settings', { token: admin, body: { bannedWords: [] } }));
    }
  });
});
