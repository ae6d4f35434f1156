/**
 * Cursor pages: walking every page gives each visible comment exactly once, in order, for every
 * sort, and a cursor the service did not issue is a 400.
 */
import { startApp, TestApp } from './support/app';

const ARTICLE = 'paging/long-thread';
const PATH = `/articles/${encodeURIComponent(ARTICLE)}/comments`;
const TOP_LEVEL = 47;

describe('cursor pagination', () => {
  let t: TestApp;
  /** Top-level comment ids in the order they were posted. */
  const posted: string[] = [];
  /** Likes each top-level comment got. */
  const likes = new Map<string, number>();
  let replyParent: string;
  const replies: string[] = [];
  const user = (i: number) => t.token({ sub: `u${i}`, name: `User ${i}` });

  type Item = { id: string; parentId: string | null; reactions: { like: number } };
  type PageBody = { items: Item[]; nextCursor: string | null; total?: number };

  /** Follows nextCursor to the end; fails on a repeated cursor or a runaway walk. */
  async function walk(path: string, query: string, token?: string): Promise<{ pages: PageBody[]; items: Item[] }> {
    const pages: PageBody[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') || query ? '&' : '?';
      const url: string = `${path}${query ? `?${query}` : ''}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.api('GET', url, { token });
      expect(res.status).toBe(200);
      pages.push(res.body);
      cursor = res.body.nextCursor;
      if (cursor !== null) {
        expect(typeof cursor).toBe('string');
        expect(seen.has(cursor)).toBe(false);
        seen.add(cursor);
      }
      expect(pages.length).toBeLessThan(100);
    } while (cursor);
    return { pages, items: pages.flatMap((p) => p.items) };
  }

  beforeAll(async () => {
    t = await startApp();
    // One user per comment keeps every author under the flood limit without touching settings.
    for (let i = 0; i < TOP_LEVEL; i++) {
      const res = await t.api('POST', PATH, { token: user(i), body: { body: `top-level comment number ${i}` } });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('approved');
      posted.push(res.body.id);
    }
    // Likes 0..3, spread so that many comments tie (top order falls back to id).
    for (let i = 0; i < TOP_LEVEL; i++) {
      const n = (i * 7) % 4;
      likes.set(posted[i], n);
      for (let k = 0; k < n; k++) {
        const res = await t.api('PUT', `/comments/${posted[i]}/reactions/like`, { token: user(100 + k) });
        expect(res.status).toBe(200);
      }
    }
    replyParent = posted[3];
    for (let i = 0; i < 23; i++) {
      const res = await t.api('POST', PATH, { token: user(200 + i), body: { body: `reply number ${i}`, parentId: replyParent } });
      expect(res.status).toBe(201);
      replies.push(res.body.id);
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('walks newest first in pages of 10 with no gap and no repeat', async () => {
    const { pages, items } = await walk(PATH, 'sort=newest&limit=10');
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10, 10, 7]);
    expect(items.map((c) => c.id)).toEqual([...posted].reverse());
    for (const p of pages) expect(p.total).toBe(TOP_LEVEL + replies.length);
    expect(items.every((c) => c.parentId === null)).toBe(true);
  });

  it('walks oldest first in pages of 10 with no gap and no repeat', async () => {
    const { pages, items } = await walk(PATH, 'sort=oldest&limit=10');
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10, 10, 7]);
    expect(items.map((c) => c.id)).toEqual(posted);
    for (const p of pages) expect(p.total).toBe(TOP_LEVEL + replies.length);
  });

  it('walks top (most liked first, ties newest first) across pages, ties split by page edges included', async () => {
    const { items } = await walk(PATH, 'sort=top&limit=7');
    const expected = [...posted].sort((a, b) => likes.get(b)! - likes.get(a)! || (a < b ? 1 : -1));
    expect(items.map((c) => c.id)).toEqual(expected);
    expect(items.map((c) => c.reactions.like)).toEqual(expected.map((id) => likes.get(id)));
  });

  it('default page is 20 and limit=100 returns everything at once', async () => {
    const first = await t.api('GET', PATH);
    expect(first.body.items).toHaveLength(20);
    expect(first.body.nextCursor).not.toBeNull();
    const all = await t.api('GET', `${PATH}?limit=100`);
    expect(all.body.items).toHaveLength(TOP_LEVEL);
    expect(all.body.nextCursor).toBeNull();
  });

  it('a page boundary exactly at the end gives nextCursor null, not an empty page', async () => {
    const { pages } = await walk(`/comments/${replyParent}/replies`, 'limit=23');
    expect(pages).toHaveLength(1);
    expect(pages[0].items).toHaveLength(23);
    expect(pages[0].nextCursor).toBeNull();
  });

  it('walks replies oldest first with a cursor', async () => {
    const { pages, items } = await walk(`/comments/${replyParent}/replies`, 'limit=10');
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 3]);
    expect(items.map((c) => c.id)).toEqual(replies);
    expect(items.every((c) => c.parentId === replyParent)).toBe(true);
    expect((await t.api('GET', `/comments/${replyParent}`)).body.replyCount).toBe(replies.length);
  });

  it('keeps walking correctly while comments are added and deleted between pages', async () => {
    const A = 'paging-live';
    const P = `/articles/${A}/comments`;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.api('POST', P, { token: user(300 + i), body: { body: `live ${i}` } });
      ids.push(res.body.id);
    }
    const p1 = await t.api('GET', `${P}?limit=5`);
    expect(p1.body.items.map((c: Item) => c.id)).toEqual(ids.slice(7).reverse());
    // A newer comment arrives (belongs before page 1, must not show up later) and one on page 2 goes.
    const fresh = await t.api('POST', P, { token: user(400), body: { body: 'late arrival' } });
    expect(fresh.status).toBe(201);
    expect((await t.api('DELETE', `/comments/${ids[5]}`, { token: user(305) })).status).toBe(204);
    const rest: string[] = [];
    let cursor = p1.body.nextCursor;
    while (cursor) {
      const res = await t.api('GET', `${P}?limit=5&cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(200);
      rest.push(...res.body.items.map((c: Item) => c.id));
      cursor = res.body.nextCursor;
    }
    expect(rest).toEqual([ids[6], ids[4], ids[3], ids[2], ids[1], ids[0]]);
  });

  it('shows a viewer their own pending comments inside the pages, and no one else', async () => {
    const A = 'paging-premod';
    const P = `/articles/${A}/comments`;
    const mod = t.token({ sub: 'mod', name: 'Mod', role: 'moderator' });
    const visible: string[] = [];
    for (let i = 0; i < 6; i++) visible.push((await t.api('POST', P, { token: user(500 + i), body: { body: `open ${i}` } })).body.id);
    expect((await t.api('PATCH', `/articles/${A}`, { token: mod, body: { premoderation: true } })).status).toBe(200);
    const held: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.api('POST', P, { token: user(600), body: { body: `held ${i}` } });
      expect(res.body.status).toBe('pending');
      held.push(res.body.id);
    }
    const anon = await walk(P, 'sort=oldest&limit=4');
    expect(anon.items.map((c) => c.id)).toEqual(visible);
    expect(anon.pages[0].total).toBe(6);
    const author = await walk(P, 'sort=oldest&limit=4', user(600));
    expect(author.items.map((c) => c.id)).toEqual([...visible, ...held]);
    const other = await walk(P, 'sort=oldest&limit=4', user(601));
    expect(other.items.map((c) => c.id)).toEqual(visible);
  });

  describe('invalid cursors are 400 INVALID_CURSOR', () => {
    const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
    const cases: [string, () => string][] = [
      ['garbage', () => 'not-a-cursor!!'],
      ['base64 of non-JSON', () => b64('hello world')],
      ['an object', () => b64({ id: posted[0] })],
      ['an empty array', () => b64([])],
      ['a non-uuid id', () => b64(['not-a-uuid'])],
      ['a number instead of an id', () => b64([42])],
      ['too many keys', () => b64([posted[0], posted[1]])],
    ];

    it.each(cases)('newest/oldest: %s', async (_, cursor) => {
      for (const sort of ['newest', 'oldest']) {
        const res = await t.api('GET', `${PATH}?sort=${sort}&cursor=${encodeURIComponent(cursor())}`);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(expect.objectContaining({ statusCode: 400, error: 'Bad Request', code: 'INVALID_CURSOR' }));
      }
    });

    it.each(cases)('replies: %s', async (_, cursor) => {
      const res = await t.api('GET', `/comments/${replyParent}/replies?cursor=${encodeURIComponent(cursor())}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_CURSOR');
    });

    const topCases: [string, () => string][] = [
      ['garbage', () => 'not-a-cursor!!'],
      ['an id-only cursor from newest', () => b64([posted[0]])],
      ['a string like count', () => b64(['3', posted[0]])],
      ['a fractional like count', () => b64([1.5, posted[0]])],
      ['a like count beyond integer range', () => b64([1e20, posted[0]])],
      ['a non-uuid id', () => b64([1, 'nope'])],
    ];
    it.each(topCases)('top: %s', async (_, cursor) => {
      const res = await t.api('GET', `${PATH}?sort=top&cursor=${encodeURIComponent(cursor())}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_CURSOR');
    });

    it('a cursor from top is refused by newest, and the reverse', async () => {
      const top = await t.api('GET', `${PATH}?sort=top&limit=2`);
      const newest = await t.api('GET', `${PATH}?sort=newest&limit=2`);
      expect((await t.api('GET', `${PATH}?sort=newest&cursor=${encodeURIComponent(top.body.nextCursor)}`)).body.code).toBe('INVALID_CURSOR');
      expect((await t.api('GET', `${PATH}?sort=top&cursor=${encodeURIComponent(newest.body.nextCursor)}`)).body.code).toBe('INVALID_CURSOR');
    });

    it('an over-long cursor is a 400', async () => {
      const res = await t.api('GET', `${PATH}?cursor=${'A'.repeat(600)}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 400, code: expect.any(String) }));
    });
  });
});
