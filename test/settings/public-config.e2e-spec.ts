/**
 * The widget's configuration: GET /config (the site's reader-facing policy) and
 * GET /articles/{id}/config (with the article's own state), anonymous, cacheable, never private.
 */
import type { TestApp } from '../support/app';
import { Actors, article, commentRowCount, enc, must, patchSettings, seedArticle, startAppWithActors } from '../support/factories';

const PUBLIC_KEYS = ['editWindowSeconds', 'guidelinesHtml', 'maxDepth', 'maxLength', 'premoderation'];

describe('public reader configuration', () => {
  let t: TestApp;
  let a: Actors;

  beforeAll(async () => {
    ({ t, a } = await startAppWithActors());
  });
  afterAll(() => t?.close());

  it('answers the site policy to an anonymous reader, cacheable with an ETag', async () => {
    const res = await t.api('GET', '/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ maxLength: 5000, maxDepth: 3, editWindowSeconds: 900, premoderation: 'none', guidelinesHtml: '' });
    expect(res.headers.get('cache-control')).toBe('public, max-age=30');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('follows an admin PATCH /settings at once, and shows nothing private', async () => {
    const before = await t.api('GET', '/config');
    await patchSettings(t, a.admin, {
      maxLength: 200,
      maxDepth: 1,
      editWindowSeconds: 20,
      premoderation: 'links',
      bannedWords: ['zorblax'],
      suspectWords: ['quindle'],
      toxicityThreshold: 0.42,
      premodNewUsers: 7,
      rateLimits: { commentsPerMinute: 999, writesPerMinute: 4321, duplicateWindowSeconds: 77 },
    });
    const after = await t.api('GET', '/config');
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ maxLength: 200, maxDepth: 1, editWindowSeconds: 20, premoderation: 'links', guidelinesHtml: '' });
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));

    // A fixed id: a random one could hold one of the digits looked for below.
    const id = 'cfg-private';
    const withArticle = await t.api('GET', `/articles/${enc(id)}/config`);
    for (const res of [after, withArticle]) {
      const text = JSON.stringify(res.body);
      for (const secret of ['zorblax', 'quindle', '0.42', '999', '4321', '77', 'bannedWords', 'suspectWords', 'toxicity', 'rateLimits', 'premodNewUsers']) {
        expect(text).not.toContain(secret);
      }
    }
    expect(Object.keys(withArticle.body).sort()).toEqual([...PUBLIC_KEYS, 'article'].sort());
  });

  it("gives an article's closed and pre-moderated state with the site policy; an unknown article is open and is not created", async () => {
    const site = (await must(t.api('GET', '/config'))) as Record<string, unknown>;
    const unknown = article('cfg-new');
    const open = await t.api('GET', `/articles/${enc(unknown)}/config`);
    expect(open.status).toBe(200);
    expect(open.body).toEqual({ ...site, article: { id: unknown, closed: false, premoderation: false } });
    expect(open.headers.get('cache-control')).toBe('public, max-age=30');
    expect(open.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(await t.ds.query(`SELECT 1 FROM articles WHERE id = $1`, [unknown])).toEqual([]);

    const closed = article('cfg/closed');
    await seedArticle(t, a.mod, closed, { closed: true, premoderation: true });
    const res = await t.api('GET', `/articles/${enc(closed)}/config`);
    expect(res.body).toEqual({ ...site, article: { id: closed, closed: true, premoderation: true } });
    expect(res.headers.get('etag')).not.toBe(open.headers.get('etag'));

    await seedArticle(t, a.mod, closed, { closed: false });
    expect((await t.api('GET', `/articles/${enc(closed)}/config`)).body.article).toEqual({ id: closed, closed: false, premoderation: true });
    expect(await commentRowCount(t, 'article_id = $1', [closed])).toBe(0);
  });

  it('answers 304 to a client holding the current version, 200 once the policy moved', async () => {
    const id = article('cfg-etag');
    for (const path of ['/config', `/articles/${enc(id)}/config`]) {
      const first = await t.api('GET', path);
      const etag = first.headers.get('etag')!;
      const again = await fetch(`${t.url}/api/v1${path}`, { headers: { 'if-none-match': `"other", W/${etag}` } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('public, max-age=30');
      expect((await fetch(`${t.url}/api/v1${path}`, { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
    }
    const held = (await t.api('GET', '/config')).headers.get('etag')!;
    await patchSettings(t, a.admin, { maxLength: 321 });
    const moved = await fetch(`${t.url}/api/v1/config`, { headers: { 'if-none-match': held } });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as { maxLength: number }).maxLength).toBe(321);
  });

  it('sends exactly the fields the OpenAPI document declares', async () => {
    const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as { components: { schemas: Record<string, { properties: object }> } };
    const declared = (name: string) => Object.keys(doc.components.schemas[name].properties).sort();
    const res = await t.api('GET', `/articles/${enc(article('cfg-doc'))}/config`);
    expect(Object.keys(res.body).sort()).toEqual(declared('ArticleReaderConfig'));
    expect(Object.keys(res.body.article).sort()).toEqual(declared('ArticleReaderState'));
    expect(Object.keys((await t.api('GET', '/config')).body).sort()).toEqual(declared('ReaderConfig'));
  });

  it("answers a publisher's page on another origin, and refuses a malformed article id", async () => {
    const res = await fetch(`${t.url}/api/v1/config`, { headers: { origin: 'https://news.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://news.example');
    expect(res.headers.get('vary')).toMatch(/origin/i);
    const bad = await t.api('GET', `/articles/${enc('no spaces')}/config`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_ARTICLE_ID');
  });
});
