import { startApp, TestApp } from './support/app';

/** The anonymous first page is cached; every change to the article must show on the next read. */
describe('first-page cache', () => {
  let a: TestApp;
  let b: TestApp;
  const redis = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `parley-cache-${process.pid}-${Date.now()}` };

  beforeAll(async () => {
    a = await startApp(redis);
    b = await startApp(redis, a.databaseUrl);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const firstPage = async (t: TestApp, articleId: string, query = '') => (await t.api('GET', `/articles/${articleId}/comments${query}`)).body;

  it('shows a new comment, a like and a removal on the very next read', async () => {
    const token = a.token('cache-reader');
    const other = a.token('cache-liker');
    expect((await firstPage(a, 'cache-1')).items).toEqual([]);
    const post = await a.api('POST', '/articles/cache-1/comments', { token, body: { body: 'first' } });
    let page = await firstPage(a, 'cache-1');
    expect(page.items.map((c: any) => c.id)).toEqual([post.body.id]);
    expect(page.total).toBe(1);

    await a.api('PUT', `/comments/${post.body.id}/reactions/like`, { token: other });
    page = await firstPage(a, 'cache-1');
    expect(page.items[0].reactions.like).toBe(1);

    await a.api('DELETE', `/comments/${post.body.id}`, { token });
    page = await firstPage(a, 'cache-1');
    expect(page.items).toEqual([]);
    expect(page.total).toBe(0);
  });

  it('keeps sorts and limits apart', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await a.api('POST', '/articles/cache-2/comments', { token: a.token(`cache-u${n}`), body: { body: `comment ${n}` } });
      ids.push(res.body.id);
    }
    expect((await firstPage(a, 'cache-2', '?sort=oldest')).items.map((c: any) => c.id)).toEqual(ids);
    expect((await firstPage(a, 'cache-2', '?sort=newest')).items.map((c: any) => c.id)).toEqual([...ids].reverse());
    expect((await firstPage(a, 'cache-2', '?limit=1')).items.map((c: any) => c.id)).toEqual([ids[2]]);
  });

  it('drops the page on the other instance when a change happens there', async () => {
    expect((await firstPage(a, 'cache-3')).items).toEqual([]);
    const post = await b.api('POST', '/articles/cache-3/comments', { token: b.token('cache-remote'), body: { body: 'via b' } });
    expect(post.status).toBe(201);
    // The invalidation crosses Redis after B's commit; poll briefly rather than assume a timing.
    let ids: string[] = [];
    for (let i = 0; i < 50 && !ids.length; i++) {
      ids = (await firstPage(a, 'cache-3')).items.map((c: any) => c.id);
      if (!ids.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(ids).toEqual([post.body.id]);
  });
});
