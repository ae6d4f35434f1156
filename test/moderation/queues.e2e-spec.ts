import type { TestApp } from '../support/app';
import { Actors, decide, must, patchSettings, post, text, walk, startModerationApp } from './helpers';

/** GET /moderation/queues/{queue}: membership, item shape, article filter, cursor pages, access. */
describe('moderation queues', () => {
  let t: TestApp;
  let a: Actors;

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
  });
  afterAll(() => t.close());

  const queue = (name: string, query = '') => must(t.api('GET', `/moderation/queues/${name}?limit=100${query}`, { token: a.mod }));
  const ids = (page: { items: any[] }) => page.items.map((i) => i.id);

  describe('item shape', () => {
    const articleId = 'q-shape';
    const title = 'Shape of the queue';
    const url = 'https://news.example/q-shape';
    let author: string;
    let approved1: any;
    let held: any;

    beforeAll(async () => {
      author = a.reader('q-author', 'Quinn Author');
      approved1 = await post(t, author, articleId, text('first'), { articleTitle: title, articleUrl: url });
      await post(t, author, articleId, text('second'));
      await patchSettings(t, a.admin, { bannedWords: ['scoundrel'], suspectWords: ['traitor'] });
      expect((await post(t, author, articleId, `scoundrel ${text()}`)).status).toBe('rejected');
      held = await post(t, author, articleId, `what a traitor ${text()}`);
      await patchSettings(t, a.admin, { bannedWords: [], suspectWords: [] });
      expect(held.status).toBe('pending');
    });

    it('a pending item is the comment plus article, authorSummary, reports and reasons', async () => {
      const item = (await queue('pending', `&articleId=${articleId}`)).items.find((i: any) => i.id === held.id);
      expect(item).toEqual(
        expect.objectContaining({
          id: held.id,
          articleId,
          parentId: null,
          body: held.body,
          html: held.html,
          status: 'pending',
          createdAt: held.createdAt,
          author: { id: 'q-author', name: 'Quinn Author' },
          article: { id: articleId, title, url },
          authorSummary: expect.objectContaining({ status: 'active', approved: 2, rejected: 1 }),
          reports: {},
          reasons: ['suspect_word:traitor'],
        }),
      );
    });

    it('a reported item counts reports per reason and adds reports:N to its reasons', async () => {
      const reasons = ['spam', 'spam', 'abuse'];
      for (const [i, reason] of reasons.entries()) {
        const r = await t.api('POST', `/comments/${approved1.id}/reports`, { token: a.reader(`q-reporter-${i}`), body: { reason } });
        expect(r.status).toBe(202);
      }
      // A second report from the same user does not count.
      await t.api('POST', `/comments/${approved1.id}/reports`, { token: a.reader('q-reporter-0'), body: { reason: 'other' } });
      const reported = await queue('reported', `&articleId=${articleId}`);
      expect(ids(reported)).toEqual([approved1.id]);
      const item = reported.items[0];
      expect(item.reports).toEqual({ spam: 2, abuse: 1 });
      expect(item.reasons).toEqual(['reports:3']);
      expect(item.status).toBe('approved');
      expect(item.article).toEqual({ id: articleId, title, url });
      // Published by the pipeline and never looked at: unmoderated as well.
      expect(ids(await queue('unmoderated', `&articleId=${articleId}`))).toContain(approved1.id);
    });

    it('authorSummary follows the author record: counts and sanctions', async () => {
      const until = new Date(Date.now() + 3600_000).toISOString();
      await must(t.api('POST', '/moderation/users/q-author/suspend', { token: a.mod, body: { until, reason: 'heated' } }));
      let item = (await queue('pending', `&articleId=${articleId}`)).items.find((i: any) => i.id === held.id);
      expect(item.authorSummary).toEqual(expect.objectContaining({ status: 'suspended', approved: 2, rejected: 1 }));
      await must(t.api('POST', '/moderation/users/q-author/ban', { token: a.mod, body: { reason: 'done' } }));
      item = (await queue('pending', `&articleId=${articleId}`)).items.find((i: any) => i.id === held.id);
      expect(item.authorSummary.status).toBe('banned');
      await must(t.api('POST', '/moderation/users/q-author/unban', { token: a.mod, body: {} }));

      await must(decide(t, a.mod, held.id, 'approve'));
      const approvedItem = (await queue('approved', `&articleId=${articleId}`)).items.find((i: any) => i.id === held.id);
      expect(approvedItem.authorSummary).toEqual(expect.objectContaining({ status: 'active', approved: 3, rejected: 1 }));
      expect(approvedItem.reasons).toEqual(['suspect_word:traitor']);
    });

    it('decisions move items between queues', async () => {
      const c = await post(t, a.reader('q-mover'), articleId, text('mover'));
      expect(ids(await queue('unmoderated', `&articleId=${articleId}`))).toContain(c.id);
      await must(decide(t, a.mod, c.id, 'reject', { reason: 'off topic' }));
      expect(ids(await queue('unmoderated', `&articleId=${articleId}`))).not.toContain(c.id);
      expect(ids(await queue('rejected', `&articleId=${articleId}`))).toContain(c.id);
      expect(ids(await queue('approved', `&articleId=${articleId}`))).not.toContain(c.id);
      await must(decide(t, a.mod, c.id, 'approve'));
      expect(ids(await queue('rejected', `&articleId=${articleId}`))).not.toContain(c.id);
      expect(ids(await queue('approved', `&articleId=${articleId}`))).toContain(c.id);
      expect(ids(await queue('unmoderated', `&articleId=${articleId}`))).not.toContain(c.id);
      // Deleted by its author: in no queue.
      const gone = await post(t, a.reader('q-mover'), articleId, text('to delete'));
      expect((await t.api('DELETE', `/comments/${gone.id}`, { token: a.reader('q-mover') })).status).toBe(204);
      for (const q of ['pending', 'reported', 'unmoderated', 'approved', 'rejected']) {
        expect(ids(await queue(q, `&articleId=${articleId}`))).not.toContain(gone.id);
      }
    });
  });

  describe('articleId filter', () => {
    it('returns only that article’s items; an article with none gives an empty page', async () => {
      for (const id of ['q-filter-a', 'q-filter-b']) await must(t.api('PATCH', `/articles/${id}`, { token: a.mod, body: { premoderation: true } }));
      const inA = [await post(t, a.reader('q-f1'), 'q-filter-a', text()), await post(t, a.reader('q-f2'), 'q-filter-a', text())];
      const inB = [await post(t, a.reader('q-f1'), 'q-filter-b', text())];
      expect(ids(await queue('pending', '&articleId=q-filter-a'))).toEqual(inA.map((c) => c.id));
      expect(ids(await queue('pending', '&articleId=q-filter-b'))).toEqual(inB.map((c) => c.id));
      const all = ids(await queue('pending'));
      expect(all).toEqual(expect.arrayContaining([...inA, ...inB].map((c) => c.id)));
      expect(await queue('pending', '&articleId=q-filter-none')).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('cursor pages', () => {
    const articleId = 'q-pages';
    const N = 27;
    let created: string[] = [];

    beforeAll(async () => {
      await must(t.api('PATCH', `/articles/${articleId}`, { token: a.mod, body: { premoderation: true } }));
      created = [];
      for (let i = 0; i < N; i++) created.push((await post(t, a.reader(`q-pager-${i % 4}`), articleId, text(`page item ${i}`))).id);
      // Noise in another article that the filter must keep out.
      await must(t.api('PATCH', '/articles/q-pages-noise', { token: a.mod, body: { premoderation: true } }));
      for (let i = 0; i < 3; i++) await post(t, a.reader('q-noise'), 'q-pages-noise', text());
    });

    it('pending: walked 10 at a time, oldest first, no gap and no repeat', async () => {
      const { items, pages } = await walk(t, a.mod, `/moderation/queues/pending?articleId=${articleId}`, 10);
      expect(pages).toEqual([10, 10, 7]);
      expect(items.map((i) => i.id)).toEqual(created);
    });

    it('a decision between pages neither skips nor repeats an item', async () => {
      const first = await must(t.api('GET', `/moderation/queues/pending?articleId=${articleId}&limit=10`, { token: a.mod }));
      expect(ids(first)).toEqual(created.slice(0, 10));
      // Decide some already-seen items and some not yet seen.
      await must(t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'approve', ids: [created[0], created[1], created[12]] } }));
      const rest: string[] = [];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await must(
          t.api('GET', `/moderation/queues/pending?articleId=${articleId}&limit=10&cursor=${encodeURIComponent(cursor)}`, { token: a.mod }),
        );
        rest.push(...ids(page));
        cursor = page.nextCursor;
      }
      expect(rest).toEqual(created.slice(10).filter((id) => id !== created[12]));
    });

    it('approved: latest decision first, walked 10 at a time', async () => {
      // Approve everything still pending, in creation order.
      const stillPending = (await walk(t, a.mod, `/moderation/queues/pending?articleId=${articleId}`, 100)).items.map((i) => i.id);
      const res = await must(t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'approve', ids: stillPending } }));
      expect(res.results.every((r: any) => r.ok)).toBe(true);
      const { items, pages } = await walk(t, a.mod, `/moderation/queues/approved?articleId=${articleId}`, 10);
      expect(pages).toEqual([10, 10, 7]);
      // The three approved between pages were decided first, so they come last.
      expect(items.map((i) => i.id)).toEqual([...stillPending.reverse(), created[12], created[1], created[0]]);
      expect(items.every((i) => i.status === 'approved')).toBe(true);
      expect((await walk(t, a.mod, `/moderation/queues/pending?articleId=${articleId}`, 10)).items).toEqual([]);
    });

    it('rejected: latest decision first, walked 10 at a time', async () => {
      const res = await must(t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'reject', ids: created } }));
      expect(res.results.map((r: any) => r.status)).toEqual(created.map(() => 'rejected'));
      const { items, pages } = await walk(t, a.mod, `/moderation/queues/rejected?articleId=${articleId}`, 10);
      expect(pages).toEqual([10, 10, 7]);
      expect(items.map((i) => i.id)).toEqual([...created].reverse());
      expect((await walk(t, a.mod, `/moderation/queues/approved?articleId=${articleId}`, 10)).items).toEqual([]);
    });

    it('unmoderated and reported: oldest first, walked in pages', async () => {
      const art = 'q-pages-published';
      const published: string[] = [];
      for (let i = 0; i < 26; i++) published.push((await post(t, a.reader(`q-pub-${i % 3}`), art, text(`published ${i}`))).id);
      const un = await walk(t, a.mod, `/moderation/queues/unmoderated?articleId=${art}`, 10);
      expect(un.pages).toEqual([10, 10, 6]);
      expect(un.items.map((i) => i.id)).toEqual(published);

      // Report every other one, newest first, so report order differs from comment order.
      const reportedIds = published.filter((_, i) => i % 2 === 0);
      for (const id of [...reportedIds].reverse()) {
        expect((await t.api('POST', `/comments/${id}/reports`, { token: a.reader('q-page-reporter'), body: { reason: 'spam' } })).status).toBe(202);
      }
      const rep = await walk(t, a.mod, `/moderation/queues/reported?articleId=${art}`, 5);
      expect(rep.pages).toEqual([5, 5, 3]);
      expect(rep.items.map((i) => i.id)).toEqual(reportedIds);
      expect(rep.items.every((i) => i.reasons.includes('reports:1') && i.reports.spam === 1)).toBe(true);
    });

    it('a cursor that was not issued is a 400, limits outside 1..100 are 400', async () => {
      for (const q of ['cursor=not-a-cursor', `cursor=${Buffer.from('["x"]').toString('base64url')}`, 'limit=0', 'limit=101', 'limit=ten']) {
        const res = await t.api('GET', `/moderation/queues/pending?${q}`, { token: a.mod });
        expect({ q, status: res.status }).toEqual({ q, status: 400 });
      }
    });
  });

  describe('access', () => {
    it('an unknown queue is a 404', async () => {
      const res = await t.api('GET', '/moderation/queues/spam', { token: a.mod });
      expect(res.status).toBe(404);
      expect(res.body.statusCode).toBe(404);
    });

    it.each(['pending', 'reported', 'unmoderated', 'approved', 'rejected'])('%s: anonymous 401, reader 403, moderator and admin 200', async (q) => {
      expect((await t.api('GET', `/moderation/queues/${q}`)).status).toBe(401);
      expect((await t.api('GET', `/moderation/queues/${q}`, { token: a.reader('q-nosy') })).status).toBe(403);
      expect((await t.api('GET', `/moderation/queues/${q}`, { token: a.mod })).status).toBe(200);
      expect((await t.api('GET', `/moderation/queues/${q}`, { token: a.admin })).status).toBe(200);
    });

    it('counts: anonymous 401, reader 403', async () => {
      expect((await t.api('GET', '/moderation/counts')).status).toBe(401);
      expect((await t.api('GET', '/moderation/counts', { token: a.reader('q-nosy') })).status).toBe(403);
    });
  });
});
