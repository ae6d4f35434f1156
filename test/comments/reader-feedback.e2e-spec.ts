import type { TestApp } from '../support/app';
import { Actors, article, commentRowCount, enc, must, patchSettings, postComment, startAppWithActors, text } from '../support/factories';

jest.setTimeout(60_000);

/** What a reader is told: the posting limit, why a comment is held or gone, reports, standing, links to a comment, featured. */
describe('reader feedback', () => {
  let t: TestApp;
  let a: Actors;

  beforeAll(async () => {
    ({ t, a } = await startAppWithActors());
  });
  afterAll(() => t?.close());

  describe('posting too fast', () => {
    afterEach(() => patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000, duplicateWindowSeconds: 300 } }));

    it('answers 429 FLOOD with Retry-After past commentsPerMinute and stores nothing', async () => {
      await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 2 } });
      const tok = a.reader('fast-poster');
      const id = article('fast');
      await postComment(t, tok, id, text('one'));
      await postComment(t, tok, id, text('two'));
      const res = await t.api('POST', `/articles/${enc(id)}/comments`, { token: tok, body: { body: text('three') } });
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('FLOOD');
      const wait = Number(res.headers.get('retry-after'));
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
      expect(await commentRowCount(t, 'author_id = $1', ['fast-poster'])).toBe(2);
      // Someone else posts on.
      expect((await postComment(t, a.reader('calm-poster'), id, text('calm'))).status).toBe('approved');
    });

    it('a parallel burst: commentsPerMinute stored, the rest 429 FLOOD with nothing stored', async () => {
      await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 3 } });
      const tok = a.reader('burst-poster');
      const id = article('burst');
      const res = await Promise.all(
        Array.from({ length: 8 }, (_, i) => t.api('POST', `/articles/${enc(id)}/comments`, { token: tok, body: { body: text(`b${i}`) } })),
      );
      expect(res.filter((r) => r.status === 201)).toHaveLength(3);
      expect(res.filter((r) => r.status === 429 && r.body.code === 'FLOOD')).toHaveLength(5);
      expect(await commentRowCount(t, 'author_id = $1', ['burst-poster'])).toBe(3);
    });

    it('the same text again stays a moderation reason: stored, rejected, and its author is told it was a repeat', async () => {
      const tok = a.reader('repeater');
      const id = article('repeat');
      const body = text('same');
      expect((await postComment(t, tok, id, body)).statusReason).toBeNull();
      const again = await postComment(t, tok, id, body);
      expect(again.status).toBe('rejected');
      expect(again.statusReason).toBe('repeat');
    });
  });

  it("the author's own held or refused comment says why, in reader's words", async () => {
    await patchSettings(t, a.admin, { bannedWords: ['plonker'], premoderation: 'links' });
    try {
      const tok = a.reader('why-reader');
      const id = article('why');
      const banned = await postComment(t, tok, id, `${text()} you plonker`);
      expect([banned.status, banned.statusReason]).toEqual(['rejected', 'banned_words']);
      expect(JSON.stringify(banned)).not.toContain('banned_word:');
      const link = await postComment(t, tok, id, `${text()} https://example.com/x`);
      expect([link.status, link.statusReason]).toEqual(['pending', 'link']);
      // Others never see a reason.
      expect((await must(t.api('GET', `/comments/${link.id}`, { token: tok }))).statusReason).toBe('link');
      await must(t.api('POST', `/moderation/comments/${link.id}/reject`, { token: a.mod, body: {} }));
      expect((await must(t.api('GET', `/comments/${link.id}`, { token: tok }))).statusReason).toBe('moderator');
    } finally {
      await patchSettings(t, a.admin, { bannedWords: [], premoderation: 'none' });
    }
  });

  it('a tombstone says whether its author deleted it or moderation removed it', async () => {
    const id = article('tomb');
    const mine = await postComment(t, a.reader('tomb-a'), id, text('deleted by author'));
    const theirs = await postComment(t, a.reader('tomb-b'), id, text('removed by mod'));
    for (const c of [mine, theirs]) await postComment(t, a.reader('tomb-c'), id, text('reply'), { parentId: c.id });
    await must(t.api('DELETE', `/comments/${mine.id}`, { token: a.reader('tomb-a') }), 204);
    await must(t.api('POST', `/moderation/comments/${theirs.id}/reject`, { token: a.mod, body: {} }));
    const page = await must(t.api('GET', `/articles/${enc(id)}/comments?sort=oldest`));
    expect(page.items.map((c: any) => [c.id, c.status, c.removedBy])).toEqual([
      [mine.id, 'deleted', 'author'],
      [theirs.id, 'deleted', 'moderation'],
    ]);
    const live = await postComment(t, a.reader('tomb-d'), id, text('alive'));
    expect(live.removedBy).toBeNull();
  });

  it('"top" and "featured" rank no tombstone, and page through every comment once', async () => {
    const id = article('rank');
    const liked = await postComment(t, a.reader('rank-a'), id, text('liked then deleted'));
    const plain = await postComment(t, a.reader('rank-b'), id, text('plain'));
    const pick = await postComment(t, a.reader('rank-c'), id, text('pick'));
    const newest = await postComment(t, a.reader('rank-e'), id, text('newest'));
    for (const who of ['l1', 'l2', 'l3']) await must(t.api('PUT', `/comments/${liked.id}/reactions/like`, { token: a.reader(who) }));
    await must(t.api('PUT', `/comments/${plain.id}/reactions/like`, { token: a.reader('l1') }));
    await postComment(t, a.reader('rank-d'), id, text('reply keeps it'), { parentId: liked.id });
    await must(t.api('DELETE', `/comments/${liked.id}`, { token: a.reader('rank-a') }), 204);
    await must(t.api('POST', `/moderation/comments/${pick.id}/feature`, { token: a.mod, body: {} }));

    const walk = async (sort: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page: any = await must(t.api('GET', `/articles/${enc(id)}/comments?sort=${sort}&limit=1${q}`, { token: a.reader('walker') }));
        ids.push(...page.items.map((c: any) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    expect(await walk('top')).toEqual([plain.id, newest.id, pick.id, liked.id]);
    expect(await walk('featured')).toEqual([pick.id, newest.id, plain.id, liked.id]);
    const firstFeatured = await must(t.api('GET', `/articles/${enc(id)}/comments?sort=featured`));
    expect(firstFeatured.items[0]).toMatchObject({ id: pick.id, featured: true });
    expect((await t.api('GET', `/articles/${enc(id)}/comments?sort=featured&cursor=${Buffer.from('[5,"x"]').toString('base64url')}`)).status).toBe(400);
  });

  it("a report's note reaches the moderators' queue, and a second report says it was already made", async () => {
    const id = article('notes');
    const c = await postComment(t, a.reader('noted'), id, text('reportable'));
    const first = await must(
      t.api('POST', `/comments/${c.id}/reports`, { token: a.reader('rep-1'), body: { reason: 'spam', note: 'sells watches in every thread' } }),
      202,
    );
    expect(first).toEqual({ accepted: true, alreadyReported: false });
    await must(t.api('POST', `/comments/${c.id}/reports`, { token: a.reader('rep-2'), body: { reason: 'abuse' } }), 202);
    const again = await must(t.api('POST', `/comments/${c.id}/reports`, { token: a.reader('rep-1'), body: { reason: 'other', note: 'again' } }), 202);
    expect(again).toEqual({ accepted: true, alreadyReported: true });
    const queue = await must(t.api('GET', `/moderation/queues/reported?articleId=${enc(id)}`, { token: a.mod }));
    const item = queue.items.find((i: any) => i.id === c.id);
    expect(item.reports).toEqual({ spam: 1, abuse: 1 });
    expect(item.reportNotes).toEqual([{ reason: 'spam', note: 'sells watches in every thread', createdAt: expect.any(String) }]);
  });

  it('GET /me says whether the reader may post, and why not', async () => {
    const tok = a.reader('standing-r', 'Stan');
    expect(await must(t.api('GET', '/me', { token: tok }))).toMatchObject({
      id: 'standing-r',
      name: 'Stan',
      status: 'active',
      canPost: true,
      suspendedUntil: null,
    });
    await postComment(t, tok, article('standing'), text());
    const until = new Date(Date.now() + 3600_000).toISOString();
    await must(t.api('POST', '/moderation/users/standing-r/suspend', { token: a.mod, body: { until, reason: 'cool off' } }));
    expect(await must(t.api('GET', '/me', { token: tok }))).toMatchObject({ status: 'suspended', canPost: false, suspendedUntil: until });
    await must(t.api('POST', '/moderation/users/standing-r/ban', { token: a.mod, body: { reason: 'spam' } }));
    expect(await must(t.api('GET', '/me', { token: tok }))).toMatchObject({ status: 'banned', canPost: false });
    expect((await t.api('GET', '/me')).status).toBe(401);
  });

  it('GET /comments/{id}/context gives the thread above a comment, root first, as the viewer may see it', async () => {
    const id = article('ctx');
    const root = await postComment(t, a.reader('ctx-a'), id, text('root'));
    const mid = await postComment(t, a.reader('ctx-b'), id, text('mid'), { parentId: root.id });
    const leaf = await postComment(t, a.reader('ctx-c'), id, text('leaf'), { parentId: mid.id });
    const ctx = await must(t.api('GET', `/comments/${leaf.id}/context`));
    expect(ctx.thread.map((c: any) => c.id)).toEqual([root.id, mid.id, leaf.id]);
    expect((await must(t.api('GET', `/comments/${root.id}/context`))).thread.map((c: any) => c.id)).toEqual([root.id]);
    await patchSettings(t, a.admin, { premoderation: 'all' });
    try {
      const held = await postComment(t, a.reader('ctx-d'), id, text('held'), { parentId: root.id });
      expect((await t.api('GET', `/comments/${held.id}/context`)).status).toBe(404);
      expect((await must(t.api('GET', `/comments/${held.id}/context`, { token: a.reader('ctx-d') }))).thread).toHaveLength(2);
    } finally {
      await patchSettings(t, a.admin, { premoderation: 'none' });
    }
    expect((await t.api('GET', `/comments/not-an-id/context`)).status).toBe(404);
  });
});
