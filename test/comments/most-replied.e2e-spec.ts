/**
 * sort=replied: an article's top-level comments with the most direct replies first, ties newest
 * first, paged by a keyset cursor like sort=top; tombstones come last and are never ranked.
 */
import { startApp, TestApp } from '../support/app';

const ARTICLE = 'paging/most-replied';
const PATH = `/articles/${encodeURIComponent(ARTICLE)}/comments`;

describe('sort=replied', () => {
  let t: TestApp;
  let next = 0;
  /** A new reader per comment keeps every author under the flood limit. */
  const fresh = () => t.token({ sub: `mr${next}`, name: `Reader ${next++}` });
  /** Top-level comment ids in the order they were posted, and the replies each got. */
  const posted: string[] = [];
  const replies = new Map<string, number>();
  let tombstone: string;

  const post = async (body: string, parentId?: string, token = fresh()) => {
    const res = await t.api('POST', PATH, { token, body: { body, parentId } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('approved');
    return res.body.id as string;
  };

  type PageBody = { items: { id: string; replyCount: number; status: string }[]; nextCursor: string | null };
  async function walk(query: string): Promise<PageBody[]> {
    const pages: PageBody[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.api('GET', `${PATH}?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      pages.push(res.body);
      cursor = res.body.nextCursor;
      expect(pages.length).toBeLessThan(30);
    } while (cursor);
    return pages;
  }

  beforeAll(async () => {
    t = await startApp();
    // Reply counts 0..3 spread so that several comments tie (the tie falls back to newest first).
    const counts = [2, 0, 3, 1, 2, 0, 3, 1, 2];
    for (const [i, n] of counts.entries()) {
      const id = await post(`top-level comment ${i}`);
      posted.push(id);
      replies.set(id, n);
      for (let k = 0; k < n; k++) await post(`reply ${k} to ${i}`, id);
    }
    // A reply to a reply counts for its parent, not for the top-level comment.
    const [first] = posted;
    const child = (await t.api('GET', `/comments/${first}/replies`)).body.items[0].id;
    await post('a reply further down', child);
    // The most replied of all, then deleted by its author: a tombstone, shown for its replies but never ranked.
    const author = fresh();
    tombstone = await post('soon deleted', undefined, author);
    for (let k = 0; k < 5; k++) await post(`reply ${k} to the deleted one`, tombstone);
    expect((await t.api('DELETE', `/comments/${tombstone}`, { token: author })).status).toBe(204);
  }, 120_000);
  afterAll(() => t?.close());

  it('walks most replied first, ties newest first, tombstones last, in pages of 2 with no gap and no repeat', async () => {
    const pages = await walk('sort=replied&limit=2');
    const items = pages.flatMap((p) => p.items);
    const ranked = [...posted].sort((a, b) => replies.get(b)! - replies.get(a)! || (a < b ? 1 : -1));
    expect(items.map((c) => c.id)).toEqual([...ranked, tombstone]);
    expect(items.map((c) => c.replyCount)).toEqual([...ranked.map((id) => replies.get(id)), 5]);
    expect(items.at(-1)!.status).toBe('deleted');
    expect(pages.slice(0, -1).every((p) => p.items.length === 2)).toBe(true);
  });

  it('one page of everything gives the same order as the walk', async () => {
    const all = await t.api('GET', `${PATH}?sort=replied&limit=100`);
    const walked = (await walk('sort=replied&limit=3')).flatMap((p) => p.items);
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(walked.map((c) => c.id));
    expect(all.body.nextCursor).toBeNull();
  });

  it('a new reply moves its comment up on the next first page', async () => {
    const last = [...posted].sort((a, b) => replies.get(a)! - replies.get(b)! || (a < b ? -1 : 1))[0];
    for (let k = 0; k < 4; k++) await post(`late reply ${k}`, last);
    replies.set(last, replies.get(last)! + 4);
    const res = await t.api('GET', `${PATH}?sort=replied&limit=1`);
    expect(res.body.items[0]).toEqual(expect.objectContaining({ id: last, replyCount: 4 }));
  });

  it('refuses an unknown sort with 400 and a cursor of another sort or shape with 400 INVALID_CURSOR', async () => {
    const bad = await t.api('GET', `${PATH}?sort=most_replied`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const newest = await t.api('GET', `${PATH}?sort=newest&limit=1`);
    const wrong = await t.api('GET', `${PATH}?sort=replied&cursor=${encodeURIComponent(newest.body.nextCursor)}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('INVALID_CURSOR');
    const replied = await t.api('GET', `${PATH}?sort=replied&limit=1`);
    const back = await t.api('GET', `${PATH}?sort=newest&cursor=${encodeURIComponent(replied.body.nextCursor)}`);
    expect(back.body.code).toBe('INVALID_CURSOR');
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const c of [b64([-2, posted[0]]), b64(['1', posted[0]]), b64([1.5, posted[0]])]) {
      const res = await t.api('GET', `${PATH}?sort=replied&cursor=${c}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_CURSOR');
    }
  });

  it('pages through the comments_article_top_replied index', async () => {
    // A handful of rows would be read whole; the question is only whether the index can give the order.
    const plan = await t.ds.transaction(async (m) => {
      await m.query(`SET LOCAL enable_seqscan = off`);
      await m.query(`SET LOCAL enable_sort = off`);
      return m.query(
        `EXPLAIN SELECT id FROM comments WHERE site_id = 'default' AND article_id = $1 AND parent_id IS NULL
         ORDER BY site_id, article_id, reply_count DESC, id DESC LIMIT 5`,
        [ARTICLE],
      );
    });
    expect(JSON.stringify(plan)).toContain('comments_article_top_replied');
  });
});
