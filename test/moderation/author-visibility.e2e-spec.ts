import type { TestApp } from '../support/app';
import { Actors, decide, must, patchSettings, post, startModerationApp, text, walk } from './helpers';

/** Authors see their own held and rejected comments, with their status; nobody else does. */
describe('author visibility of held and rejected comments', () => {
  let t: TestApp;
  let a: Actors;
  let author: string;
  let other: string;
  const ART = 'vis-article';
  const c: Record<string, any> = {};

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
    author = a.reader('vis-author', 'Vera Author');
    other = a.reader('vis-other', 'Otto Other');
    await patchSettings(t, a.admin, { bannedWords: ['scoundrel'], suspectWords: ['traitor'] });
    c.published = await post(t, author, ART, text('published'));
    c.held = await post(t, author, ART, `a traitor ${text()}`);
    c.refused = await post(t, author, ART, `a scoundrel ${text()}`);
    c.laterRejected = await post(t, author, ART, text('published, then rejected by a moderator'));
    await must(decide(t, a.mod, c.laterRejected.id, 'reject', { reason: 'off topic' }));
    c.othersPublished = await post(t, other, ART, text('someone else'));
    expect([c.published.status, c.held.status, c.refused.status, c.othersPublished.status]).toEqual(['approved', 'pending', 'rejected', 'approved']);
  });
  afterAll(() => t.close());

  const list = async (token?: string) => (await walk(t, token ?? '', `/articles/${ART}/comments?sort=oldest`, 100)).items;

  it('GET /comments/{id}: the author gets their held and rejected comments with status and text', async () => {
    for (const [key, status] of [
      ['held', 'pending'],
      ['refused', 'rejected'],
      ['laterRejected', 'rejected'],
    ] as const) {
      const res = await t.api('GET', `/comments/${c[key].id}`, { token: author });
      expect({ key, status: res.status }).toEqual({ key, status: 200 });
      expect(res.body).toEqual(expect.objectContaining({ id: c[key].id, status, body: c[key].body, author: { id: 'vis-author', name: 'Vera Author' } }));
      expect(res.body.html).not.toBe('');
    }
  });

  it('GET /comments/{id}: another reader and anonymous get 404 for them', async () => {
    for (const key of ['held', 'refused', 'laterRejected']) {
      for (const token of [other, undefined]) {
        const res = await t.api('GET', `/comments/${c[key].id}`, { token });
        expect({ key, who: token ? 'other' : 'anonymous', status: res.status }).toEqual({ key, who: token ? 'other' : 'anonymous', status: 404 });
      }
    }
    // The author's published comment is everyone's.
    expect((await t.api('GET', `/comments/${c.published.id}`, { token: other })).status).toBe(200);
  });

  it('the article list shows the author their own held and rejected comments with status, in place', async () => {
    const mine = await list(author);
    expect(mine.map((x) => [x.id, x.status])).toEqual([
      [c.published.id, 'approved'],
      [c.held.id, 'pending'],
      [c.refused.id, 'rejected'],
      [c.laterRejected.id, 'rejected'],
      [c.othersPublished.id, 'approved'],
    ]);
  });

  it('the article list leaves them out for everyone else, and the total counts only published comments', async () => {
    const expected = [c.published.id, c.othersPublished.id];
    expect((await list(other)).map((x) => x.id)).toEqual(expected);
    expect((await list()).map((x) => x.id)).toEqual(expected);
    for (const token of [author, other, undefined]) {
      expect((await t.api('GET', `/articles/${ART}/comments`, { token })).body.total).toBe(2);
    }
    expect((await must(t.api('GET', `/articles/${ART}`))).commentCount).toBe(2);
  });

  it('once approved, the held comment is everyone’s; once rejected again, only the author’s', async () => {
    await must(decide(t, a.mod, c.held.id, 'approve'));
    expect((await t.api('GET', `/comments/${c.held.id}`, { token: other })).body.status).toBe('approved');
    expect((await list()).map((x) => x.id)).toContain(c.held.id);

    await must(decide(t, a.mod, c.held.id, 'reject'));
    expect((await t.api('GET', `/comments/${c.held.id}`)).status).toBe(404);
    expect((await list(other)).map((x) => x.id)).not.toContain(c.held.id);
    const own = await t.api('GET', `/comments/${c.held.id}`, { token: author });
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('rejected');
  });

  it('a held reply is shown to its author under the parent and to no one else', async () => {
    await patchSettings(t, a.admin, { premoderation: 'all' });
    try {
      const reply = await post(t, author, ART, text('held reply'), { parentId: c.othersPublished.id });
      expect(reply.status).toBe('pending');
      const mine = await must(t.api('GET', `/comments/${c.othersPublished.id}/replies`, { token: author }));
      expect(mine.items.map((x: any) => [x.id, x.status])).toEqual([[reply.id, 'pending']]);
      for (const token of [other, undefined]) {
        expect((await must(t.api('GET', `/comments/${c.othersPublished.id}/replies`, { token }))).items).toEqual([]);
      }
      expect((await must(t.api('GET', `/comments/${c.othersPublished.id}`))).replyCount).toBe(0);
    } finally {
      await patchSettings(t, a.admin, { premoderation: 'none' });
    }
  });
});
