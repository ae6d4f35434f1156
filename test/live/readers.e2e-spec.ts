import { startApp, TestApp } from '../support/app';
import { article, barrier, cursorEvents, enc, Inbox, join, must, mustJoin, post, SocketPool, storedEvents, text } from './live-helpers';

/** Readers on the default namespace: acks, every reader event with its cursor, and comment.status. */
describe('live: readers', () => {
  let t: TestApp;
  const pool = new SocketPool();
  let mod: string;

  beforeAll(async () => {
    t = await startApp();
    mod = t.token({ sub: 'mod-live', name: 'Mo Moderator', role: 'moderator' });
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
  });

  /** An anonymous reader following one article; returns its inbox and the join cursor. */
  async function reader(articleId: string, token?: string): Promise<{ inbox: Inbox; cursor: string }> {
    const { socket, inbox } = await pool.connect(t.url, { token, label: `reader of ${articleId}` });
    const cursor = await mustJoin(socket, articleId);
    return { inbox, cursor };
  }

  /** What the reader got for this article (types and cursors) is exactly what the service stored. */
  async function expectInStepWithStore(inbox: Inbox, articleId: string, from: string): Promise<void> {
    const got = cursorEvents(inbox.events, articleId);
    expect(got).toEqual(await storedEvents(t, articleId, from));
    const cursors = got.map((e) => BigInt(e.cursor));
    for (let i = 1; i < cursors.length; i++) expect(cursors[i] > cursors[i - 1]).toBe(true);
  }

  it('join and leave acks carry the article cursor', async () => {
    const a = article();
    const { socket, inbox } = await pool.connect(t.url);
    const first = await join(socket, a);
    // Nothing happened on this article yet.
    expect(first).toEqual({ ok: true, cursor: '0' });

    const c = await post(t, a);
    await inbox.waitFor('comment.created', (e) => e.comment.id === c.id);
    const [last] = (await storedEvents(t, a)).slice(-1);
    expect(last.type).toBe('article.count');

    // Joining again (already in the room) is fine and reports the newest cursor of the article.
    expect(await join(socket, a)).toEqual({ ok: true, cursor: last.cursor });
    expect(await socket.emitWithAck('leave', { articleId: a })).toEqual({ ok: true, cursor: last.cursor });

    // After leaving, the article's events no longer arrive; another followed article proves it.
    const other = article();
    await mustJoin(socket, other);
    const mark = inbox.mark();
    const unseen = await post(t, a);
    await barrier(t, other, [inbox]);
    expect(inbox.since(mark).filter((e) => JSON.stringify(e.data).includes(unseen.id))).toEqual([]);
    expect(cursorEvents(inbox.since(mark), a)).toEqual([]);
  });

  it('comment.created and article.count when a published comment is posted', async () => {
    const a = article();
    const { inbox, cursor } = await reader(a);
    const author = t.token({ sub: 'olena', name: 'Olena', email: 'olena@example.com' });
    const body = `Hello **world** ${text()}`;
    const c = await post(t, a, { token: author, body });
    expect(c.status).toBe('approved');

    const created = await inbox.waitFor('comment.created', (e) => e.comment.id === c.id);
    expect(created.comment).toMatchObject({
      id: c.id,
      articleId: a,
      parentId: null,
      author: { id: 'olena', name: 'Olena' },
      body,
      html: c.html,
      status: 'approved',
      replyCount: 0,
      reactions: { like: 0 },
      viewerReacted: false,
      featured: false,
    });
    expect(created.comment.html).toContain('<strong>world</strong>');
    // The public view only: no moderation reasons, no email.
    expect(created.comment).not.toHaveProperty('reasons');
    expect(JSON.stringify(created)).not.toContain('olena@example.com');
    expect(created.cursor).toMatch(/^\d+$/);

    const count = await inbox.waitFor('article.count', (e) => e.articleId === a);
    expect(count).toEqual({ articleId: a, total: 1, cursor: expect.stringMatching(/^\d+$/), prev: created.cursor });
    expect(BigInt(count.cursor) > BigInt(created.cursor)).toBe(true);

    const second = await post(t, a);
    await inbox.waitFor('article.count', (e) => e.articleId === a && e.total === 2);
    expect(inbox.of('comment.created').map((e) => e.comment.id)).toEqual([c.id, second.id]);
    await expectInStepWithStore(inbox, a, cursor);
  });

  it('comment.updated when the author edits', async () => {
    const a = article();
    const author = t.token({ sub: 'editor-1', name: 'Edda' });
    const c = await post(t, a, { token: author });
    const { inbox, cursor } = await reader(a);
    const newBody = `edited: _now_ ${text()}`;
    const edited = await must(t.api('PATCH', `/comments/${c.id}`, { token: author, body: { body: newBody } }));
    expect(edited.status).toBe('approved');

    const upd = await inbox.waitFor('comment.updated', (e) => e.comment.id === c.id);
    expect(upd.comment).toMatchObject({ id: c.id, articleId: a, body: newBody, status: 'approved', author: { id: 'editor-1', name: 'Edda' } });
    expect(upd.comment.html).toContain('<em>now</em>');
    expect(upd.comment.editedAt).not.toBeNull();
    expect(upd.cursor).toMatch(/^\d+$/);
    // An edit does not change the count: only the update is sent.
    await barrier(t, a, [inbox]);
    expect(inbox.of('comment.updated')).toHaveLength(1);
    await expectInStepWithStore(inbox, a, cursor);
  });

  it('comment.reactions when readers like and unlike', async () => {
    const a = article();
    const c = await post(t, a);
    const { inbox, cursor } = await reader(a);
    const fan1 = t.token('fan-1');
    const fan2 = t.token('fan-2');
    await must(t.api('PUT', `/comments/${c.id}/reactions/like`, { token: fan1 }));
    const r1 = await inbox.waitFor('comment.reactions', (e) => e.reactions.like === 1);
    expect(r1).toEqual({ id: c.id, articleId: a, reactions: { like: 1 }, cursor: expect.stringMatching(/^\d+$/), prev: expect.stringMatching(/^\d+$/) });

    // Liking twice is idempotent: no second event for it.
    await must(t.api('PUT', `/comments/${c.id}/reactions/like`, { token: fan1 }));
    await must(t.api('PUT', `/comments/${c.id}/reactions/like`, { token: fan2 }));
    await inbox.waitFor('comment.reactions', (e) => e.reactions.like === 2);
    await must(t.api('DELETE', `/comments/${c.id}/reactions/like`, { token: fan1 }));
    await inbox.waitFor('comment.reactions', (e) => e.reactions.like === 1 && e.cursor !== r1.cursor);
    expect(inbox.of('comment.reactions').map((e) => e.reactions.like)).toEqual([1, 2, 1]);
    await expectInStepWithStore(inbox, a, cursor);
  });

  it('comment.removed and article.count when the author deletes', async () => {
    const a = article();
    const author = t.token('deleter-1');
    const keep = await post(t, a);
    const c = await post(t, a, { token: author });
    const { inbox, cursor } = await reader(a);
    await must(t.api('DELETE', `/comments/${c.id}`, { token: author }), 204);

    const removed = await inbox.waitFor('comment.removed', (e) => e.id === c.id);
    expect(removed).toEqual({ id: c.id, articleId: a, cursor: expect.stringMatching(/^\d+$/), prev: expect.stringMatching(/^\d+$/) });
    const count = await inbox.waitFor('article.count', (e) => e.articleId === a);
    expect(count.total).toBe(1);
    expect(BigInt(count.cursor) > BigInt(removed.cursor)).toBe(true);
    expect((await must(t.api('GET', `/articles/${enc(a)}/comments`))).items.map((x: any) => x.id)).toEqual([keep.id]);
    await expectInStepWithStore(inbox, a, cursor);
  });

  it('comment.removed when a moderator rejects a published comment; the author gets comment.status', async () => {
    const a = article();
    const author = t.token({ sub: 'rejected-author', name: 'Rex' });
    const c = await post(t, a, { token: author });
    expect(c.status).toBe('approved');
    const { inbox, cursor } = await reader(a);
    const { inbox: authorInbox } = await pool.connect(t.url, { token: author, label: 'author' });

    const res = await must(t.api('POST', `/moderation/comments/${c.id}/reject`, { token: mod, body: { reason: 'abuse' } }));
    expect(res.status).toBe('rejected');
    const removed = await inbox.waitFor('comment.removed', (e) => e.id === c.id);
    expect(removed).toEqual({ id: c.id, articleId: a, cursor: expect.stringMatching(/^\d+$/), prev: expect.stringMatching(/^\d+$/) });
    expect((await inbox.waitFor('article.count', (e) => e.articleId === a)).total).toBe(0);
    expect(await authorInbox.waitFor('comment.status', (e) => e.id === c.id)).toEqual({ id: c.id, articleId: a, status: 'rejected', reason: 'abuse' });
    await expectInStepWithStore(inbox, a, cursor);
  });

  it('article.updated when a moderator closes the article', async () => {
    const a = article();
    await post(t, a);
    const { inbox, cursor } = await reader(a);
    await must(t.api('PATCH', `/articles/${enc(a)}`, { token: mod, body: { closed: true, title: 'A closed story' } }));
    const upd = await inbox.waitFor('article.updated', (e) => e.article.id === a);
    expect(upd).toEqual({
      article: expect.objectContaining({ id: a, closed: true, premoderation: false, title: 'A closed story' }),
      cursor: expect.stringMatching(/^\d+$/),
      prev: expect.stringMatching(/^\d+$/),
    });
    // Closed means closed: the next post is refused, and nothing more is sent.
    const refused = await t.api('POST', `/articles/${enc(a)}/comments`, { token: t.token('late-1'), body: { body: text() } });
    expect(refused.status).toBe(403);
    await must(t.api('PATCH', `/articles/${enc(a)}`, { token: mod, body: { closed: false } }));
    await inbox.waitFor('article.updated', (e) => e.article.id === a && e.article.closed === false);
    await expectInStepWithStore(inbox, a, cursor);
  });

  it("comment.status goes to the author's own sockets only, on approve and reject of a held comment", async () => {
    const a = article();
    await must(t.api('PATCH', `/articles/${enc(a)}`, { token: mod, body: { premoderation: true } }));
    const author = t.token({ sub: 'held-author', name: 'Hal' });
    const otherUser = t.token({ sub: 'other-reader', name: 'Otto' });
    // The author on two sockets: one following the article, one not following anything.
    const { socket: authorSock, inbox: authorPage } = await pool.connect(t.url, { token: author, label: 'author page' });
    await mustJoin(authorSock, a);
    const { inbox: authorTab } = await pool.connect(t.url, { token: author, label: 'author other tab' });
    const { inbox: other } = await reader(a, otherUser);
    const { inbox: anon } = await reader(a);

    const held1 = await post(t, a, { token: author });
    const held2 = await post(t, a, { token: author });
    expect([held1.status, held2.status]).toEqual(['pending', 'pending']);

    await must(t.api('POST', `/moderation/comments/${held1.id}/approve`, { token: mod }));
    for (const inbox of [authorPage, authorTab]) {
      expect(await inbox.waitFor('comment.status', (e) => e.id === held1.id)).toEqual({ id: held1.id, articleId: a, status: 'approved' });
    }
    await must(t.api('POST', `/moderation/comments/${held2.id}/reject`, { token: mod, body: { reason: 'off topic' } }));
    for (const inbox of [authorPage, authorTab]) {
      expect(await inbox.waitFor('comment.status', (e) => e.id === held2.id)).toEqual({ id: held2.id, articleId: a, status: 'rejected', reason: 'off topic' });
    }

    // Everyone following the article saw the approved one appear; nobody else got a status.
    await barrier(t, a, [authorPage, other, anon]);
    for (const inbox of [authorPage, other, anon]) {
      expect(inbox.of('comment.created').map((e) => e.comment.id)).toContain(held1.id);
    }
    expect(other.of('comment.status')).toEqual([]);
    expect(anon.of('comment.status')).toEqual([]);
    expect(authorPage.of('comment.status')).toHaveLength(2);
    expect(authorTab.of('comment.status')).toHaveLength(2);
    // The other tab follows no article: it got statuses only (and the author's own notifications of them, which nobody else gets).
    expect(authorTab.events.map((e) => e.name).filter((n) => n !== 'notification')).toEqual(['comment.status', 'comment.status']);
    expect(other.of('notification')).toEqual([]);
    expect(anon.of('notification')).toEqual([]);
  });
});
