import { startApp, TestApp } from './support/app';
import { createSite, signedInOwner, type TestSite } from './sites/site-helpers';

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

/**
 * Anonymous reads are answered before the Nest pipeline (src/comments/comment-reads-edge.ts):
 * with validators a client or CDN can revalidate, and with every check the pipeline makes (the
 * site exists and accepts the page's origin, the query is valid, visibility) still holding.
 */
describe('anonymous reads answered before the pipeline', () => {
  let t: TestApp;
  let news: TestSite;
  const mod = () => t.token({ sub: 'edge-mod', role: 'moderator' });

  beforeAll(async () => {
    t = await startApp();
    const owner = await signedInOwner(t);
    news = await createSite(t, owner, 'edge-news', { origins: ['https://news.example'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends an ETag, answers a matching If-None-Match with 304, and a new comment changes the tag', async () => {
    const first = await t.api('GET', '/articles/edge-1/comments');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=25');
    expect(first.headers.get('vary')?.split(/,\s*/)).toEqual(expect.arrayContaining(['Origin', 'Authorization', 'Cookie']));
    for (const held of [etag!, `W/${etag}`, `"other", ${etag}`]) {
      const again = await t.api('GET', '/articles/edge-1/comments', { headers: { 'if-none-match': held } });
      expect([held, again.status, again.body]).toEqual([held, 304, null]);
      expect(again.headers.get('etag')).toBe(etag);
    }
    const post = await t.api('POST', '/articles/edge-1/comments', { token: t.token('edge-writer'), body: { body: 'a new one' } });
    expect(post.status).toBe(201);
    const after = await t.api('GET', '/articles/edge-1/comments', { headers: { 'if-none-match': etag! } });
    expect(after.status).toBe(200);
    expect(after.body.items.map((c: any) => c.id)).toEqual([post.body.id]);
    expect(after.headers.get('etag')).not.toBe(etag);
    // The same page through the pipeline (a form of the query the early answer leaves to it) has the same tag.
    const viaPipeline = await t.api('GET', '/articles/edge-1/comments?limit=020');
    const plain = await t.api('GET', '/articles/edge-1/comments?limit=20');
    expect(viaPipeline.status).toBe(200);
    expect(viaPipeline.body).toEqual(plain.body);
    expect(viaPipeline.headers.get('etag')).toBe(plain.headers.get('etag'));
    expect((await t.api('GET', '/articles/edge-1/comments?limit=020', { headers: { 'if-none-match': plain.headers.get('etag')! } })).status).toBe(304);
  });

  it('keeps held and rejected comments off the anonymous page; a signed-in reader gets their own, not cacheable by others', async () => {
    expect((await t.api('PATCH', '/articles/edge-2', { token: mod(), body: { premoderation: true } })).status).toBe(200);
    const reader = t.token('edge-author');
    const held = await t.api('POST', '/articles/edge-2/comments', { token: reader, body: { body: 'waiting for a moderator' } });
    expect(held.body.status).toBe('pending');
    const anonymous = await t.api('GET', '/articles/edge-2/comments');
    expect(anonymous.body.items).toEqual([]);
    const own = await t.api('GET', '/articles/edge-2/comments', { token: reader });
    expect(own.body.items.map((c: any) => c.id)).toEqual([held.body.id]);
    expect(own.headers.get('cache-control')).toBe('private, no-cache');
    expect(own.headers.get('etag')).toBeNull();

    expect((await t.api('POST', `/moderation/comments/${held.body.id}/approve`, { token: mod(), body: {} })).status).toBe(200);
    expect((await t.api('GET', '/articles/edge-2/comments')).body.items.map((c: any) => c.id)).toEqual([held.body.id]);
    expect((await t.api('POST', `/moderation/comments/${held.body.id}/reject`, { token: mod(), body: { reason: 'off topic' } })).status).toBe(200);
    expect((await t.api('GET', '/articles/edge-2/comments')).body.items).toEqual([]);
  });

  it('refuses an unknown site and an origin the site does not list, even for a page it holds', async () => {
    const url = '/articles/edge-3/comments?site=edge-news';
    const post = await t.api('POST', '/articles/edge-3/comments?site=edge-news', { token: news.reader('edge-news-reader'), body: { body: 'news' } });
    expect(post.status).toBe(201);
    const allowed = await t.api('GET', url, { headers: { origin: 'https://news.example' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://news.example');
    expect(allowed.body.items.map((c: any) => c.id)).toEqual([post.body.id]);
    // Held in the cache now; a page of another origin still may not read it.
    const evil = await t.api('GET', url, { headers: { origin: 'https://evil.example' } });
    expect([evil.status, evil.body.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    expect((await t.api('GET', url)).status).toBe(200);
    // The same article id on the default site is another article.
    expect((await t.api('GET', '/articles/edge-3/comments')).body.items).toEqual([]);
    for (const site of ['no-such-site', 'Edge-News', '']) {
      const res = await t.api('GET', `/articles/edge-3/comments?site=${site}`);
      expect([site, res.status, res.body.code]).toEqual([site, 404, 'SITE_NOT_FOUND']);
    }
    const twice = await t.api('GET', '/articles/edge-3/comments?site=edge-news&site=edge-news');
    expect([twice.status, twice.body.code]).toEqual([404, 'SITE_NOT_FOUND']);
  });

  it('answers later pages, replies and one comment early, as the pipeline does, and leaves errors and held comments to it', async () => {
    const writer = t.token('edge-pager');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await t.api('POST', '/articles/edge-5/comments', { token: writer, body: { body: `top ${i}` } })).body.id);
    const replyIds: string[] = [];
    for (let i = 0; i < 3; i++)
      replyIds.push((await t.api('POST', '/articles/edge-5/comments', { token: writer, body: { body: `reply ${i}`, parentId: ids[0] } })).body.id);
    const first = await t.api('GET', '/articles/edge-5/comments?limit=2');
    const cursor = encodeURIComponent(first.body.nextCursor);
    // limit=002 is a form the early answer leaves to the pipeline: both must agree.
    const early = await t.api('GET', `/articles/edge-5/comments?limit=2&cursor=${cursor}`);
    const piped = await t.api('GET', `/articles/edge-5/comments?limit=002&cursor=${cursor}`);
    expect(early.status).toBe(200);
    expect(early.body).toEqual(piped.body);
    expect(early.body.items.map((c: any) => c.id)).toEqual([ids[2], ids[1]]);
    expect(early.headers.get('content-type')).toBe(piped.headers.get('content-type'));
    expect(early.headers.get('cache-control')).toBe(piped.headers.get('cache-control'));
    for (const sort of ['oldest', 'top', 'replied']) {
      const p1 = await t.api('GET', `/articles/edge-5/comments?limit=2&sort=${sort}`);
      const c = encodeURIComponent(p1.body.nextCursor);
      const a = await t.api('GET', `/articles/edge-5/comments?limit=2&sort=${sort}&cursor=${c}`);
      const b = await t.api('GET', `/articles/edge-5/comments?limit=02&sort=${sort}&cursor=${c}`);
      expect([sort, a.status, a.body]).toEqual([sort, 200, b.body]);
    }
    const replies = await t.api('GET', `/comments/${ids[0]}/replies?limit=2`);
    expect(replies.body.items.map((c: any) => c.id)).toEqual(replyIds.slice(0, 2));
    const more = await t.api('GET', `/comments/${ids[0]}/replies?limit=2&cursor=${encodeURIComponent(replies.body.nextCursor)}`);
    expect(more.body).toEqual((await t.api('GET', `/comments/${ids[0]}/replies?limit=02&cursor=${encodeURIComponent(replies.body.nextCursor)}`)).body);
    expect(more.body.items.map((c: any) => c.id)).toEqual([replyIds[2]]);
    const one = await t.api('GET', `/comments/${ids[3]}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual((await t.api('GET', '/articles/edge-5/comments?limit=5')).body.items.find((c: any) => c.id === ids[3]));

    // What the service refuses, the pipeline answers with its error.
    for (const url of ['/articles/edge-5/comments?cursor=bm9wZQ', `/comments/${ids[0]}/replies?cursor=bm9wZQ`]) {
      const res = await t.api('GET', url);
      expect([url, res.status, res.body.code]).toEqual([url, 400, 'INVALID_CURSOR']);
    }
    for (const url of ['/comments/00000000-0000-7000-8000-000000000000', '/comments/not-an-id', '/comments/00000000-0000-7000-8000-000000000000/replies']) {
      const res = await t.api('GET', url);
      expect([url, res.status, res.body.code]).toEqual([url, 404, 'COMMENT_NOT_FOUND']);
    }
    expect((await t.api('GET', `/articles/edge-5/comments?cursor=${'x'.repeat(513)}`)).body.code).toBe('VALIDATION_FAILED');
    // A held comment is no one's but its author's and the moderators'.
    expect((await t.api('PATCH', '/articles/edge-6', { token: mod(), body: { premoderation: true } })).status).toBe(200);
    const held = await t.api('POST', '/articles/edge-6/comments', { token: writer, body: { body: 'held back' } });
    expect(held.body.status).toBe('pending');
    expect((await t.api('GET', `/comments/${held.body.id}`)).status).toBe(404);
    expect((await t.api('GET', `/comments/${held.body.id}`, { token: writer })).body.id).toBe(held.body.id);
    // Another site's comment is not this site's, and an origin the site does not list may not read it.
    const theirs = await t.api('POST', '/articles/edge-7/comments?site=edge-news', { token: news.reader('edge-news-pager'), body: { body: 'news' } });
    expect((await t.api('GET', `/comments/${theirs.body.id}`)).status).toBe(404);
    expect((await t.api('GET', `/comments/${theirs.body.id}?site=edge-news`, { headers: { origin: 'https://news.example' } })).status).toBe(200);
    const evil = await t.api('GET', `/comments/${theirs.body.id}/replies?site=edge-news`, { headers: { origin: 'https://evil.example' } });
    expect([evil.status, evil.body.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
  });

  it('leaves bad queries and article ids to the pipeline, which refuses them as before', async () => {
    await t.api('GET', '/articles/edge-4/comments');
    for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?sort=sideways', '?bogus=1', '?limit=5&limit=6']) {
      const res = await t.api('GET', `/articles/edge-4/comments${query}`);
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
    }
    const bad = await t.api('GET', `/articles/${encodeURIComponent('no spaces')}/comments`);
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_ARTICLE_ID']);
    const badToken = await t.api('GET', '/articles/edge-4/comments', { headers: { authorization: 'Bearer nonsense' } });
    expect([badToken.status, badToken.body.code]).toEqual([401, 'TOKEN_INVALID']);
  });
});
