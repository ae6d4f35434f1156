/**
 * count.js (issue 12): a publisher's index page with many article links, each marked with
 * data-parley-count, gets every count filled from one request to GET /counts (one per 100 ids),
 * in the page's language; chromium on another origin, as a publisher's site would be.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { HostedSuite, startHostedSuite } from '../support/browser-suite';
import { actors, Actors, article, must, postComment, text } from '../support/factories';
import { scan } from './axe';
import { eventually, shot } from './browser';

jest.setTimeout(120_000);

describe('count.js on an index page', () => {
  let t: TestApp;
  let a: Actors;
  let browser: Browser;
  let suite: HostedSuite;
  let origin: string;
  let context: BrowserContext | undefined;
  /** The index page's articles for the next request: ids, language and extra script attributes. */
  let pageSpec: { ids: string[]; lang?: string; attrs?: string } = { ids: [] };

  beforeAll(async () => {
    ({ t, browser } = suite = await startHostedSuite((app) => {
      const items = pageSpec.ids
        .map((id, i) => `<li><a href="/a/${id}">Story ${i + 1}</a> · <a href="/a/${id}#comments" data-parley-count="${id}">Comments</a></li>`)
        .join('\n');
      return `<!doctype html><html lang="${pageSpec.lang ?? 'en'}"><head><meta charset="utf-8"><title>Front page</title></head>
<body><main><h1>Front page</h1><ul>${items}</ul>
<script src="${app.url}/count.js" ${pageSpec.attrs ?? ''} async></script></main></body></html>`;
    }));
    origin = suite.host.url;
    a = actors(t);
  });
  afterAll(() => suite?.close());
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  /** Opens the index page and records every request to the counts endpoint and the page's errors. */
  async function open(spec: typeof pageSpec, viewport = { width: 1000, height: 900 }): Promise<{ page: Page; asked: string[]; errors: string[] }> {
    pageSpec = spec;
    context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const asked: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => r.url().includes('/api/v1/counts') && asked.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${origin}/`);
    return { page, asked, errors };
  }

  const filled = (page: Page, n: number) =>
    page.waitForFunction((want) => document.querySelectorAll('[data-parley-count-n]').length === want, n, { timeout: 20_000 });

  it('fills 50 links from one request, with each article its own count', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => article(`idx${i}`));
    const want: Record<string, number> = {};
    for (const [i, id] of ids.slice(0, 3).entries()) {
      want[id] = i + 1;
      for (let k = 0; k <= i; k++) await postComment(t, a.reader(`u-c${k}`), id, text());
    }
    // A held comment and a deleted one are not counted: the endpoint's own rule.
    await must(t.api('PATCH', `/articles/${ids[3]}`, { token: a.mod, body: { premoderation: true } }));
    await postComment(t, a.reader('u-held'), ids[3], text('held'));
    const { page, asked, errors } = await open({ ids });
    await filled(page, 50);
    expect(asked).toHaveLength(1);
    const texts = await page.locator('[data-parley-count]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-parley-count'), e.textContent]));
    expect(texts).toEqual(ids.map((id) => [id, `${want[id] ?? 0} ${want[id] === 1 ? 'comment' : 'comments'}`]));
    expect(errors).toEqual([]);
    expect((await scan(page)).map((v) => v.id)).toEqual([]);
    await shot(page, 'w1-count-index');
  });

  it('asks once per 100 ids on a bigger page, and counts again on refresh()', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => article(`big${i}`));
    await postComment(t, a.reader('u-big'), ids[120], text());
    const { page, asked } = await open({ ids });
    await filled(page, 150);
    expect(asked).toHaveLength(2);
    await expect(page.locator(`[data-parley-count="${ids[120]}"]`).textContent()).resolves.toBe('1 comment');
    await postComment(t, a.reader('u-big2'), ids[120], text());
    await page.evaluate(() => (window as any).ParleyCount.refresh());
    await expect(page.locator(`[data-parley-count="${ids[120]}"]`).textContent()).resolves.toBe('2 comments');
    expect(asked).toHaveLength(4);
  });

  it("speaks the page's language, or data-locale's, with Intl's plurals and numbers", async () => {
    const ids = [article('de0'), article('de1'), article('de2')];
    await postComment(t, a.reader('u-de'), ids[1], text());
    for (let k = 0; k < 3; k++) await postComment(t, a.reader(`u-de${k}`), ids[2], text());
    let { page } = await open({ ids, lang: 'de-AT' });
    await filled(page, 3);
    await expect(page.locator('[data-parley-count]').allTextContents()).resolves.toEqual(['0 Kommentare', '1 Kommentar', '3 Kommentare']);
    await context!.close();
    ({ page } = await open({ ids, lang: 'en', attrs: 'data-locale="fr"' }));
    await filled(page, 3);
    // French counts zero in the singular.
    await expect(page.locator('[data-parley-count]').allTextContents()).resolves.toEqual(['0 commentaire', '1 commentaire', '3 commentaires']);
    await context!.close();
    ({ page } = await open({ ids, lang: 'xx' }, { width: 390, height: 844 }));
    await filled(page, 3);
    await expect(page.locator('[data-parley-count]').allTextContents()).resolves.toEqual(['0 comments', '1 comment', '3 comments']);
  });

  it('stays live while the page is open: counted again every data-refresh seconds, all ids in one request', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => article(`live${i}`));
    pageSpec = { ids, attrs: 'data-refresh="30"' };
    context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const asked: string[] = [];
    page.on('request', (r) => r.url().includes('/api/v1/counts') && asked.push(r.url()));
    await page.clock.install();
    await page.goto(`${origin}/`);
    await filled(page, 50);
    expect(asked).toHaveLength(1);
    await expect(page.locator(`[data-parley-count="${ids[7]}"]`).textContent()).resolves.toBe('0 comments');
    await postComment(t, a.reader('u-live'), ids[7], text());
    await page.clock.fastForward(31_000);
    await eventually(
      () => page.locator(`[data-parley-count="${ids[7]}"]`).textContent(),
      (s) => expect(s).toBe('1 comment'),
      20_000,
    );
    expect(asked).toHaveLength(2);
  });

  it('counts on the site named by data-site, and leaves the links alone when the service cannot answer', async () => {
    const ids = [article('nosite')];
    pageSpec = { ids, attrs: 'data-site="no-such-site"' };
    context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const warned = page.waitForEvent('console', (m) => m.text().startsWith('parley: could not load comment counts'));
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/counts'));
    await page.goto(`${origin}/`);
    expect((await asked).url()).toContain('site=no-such-site');
    await warned;
    await expect(page.locator('[data-parley-count]').textContent()).resolves.toBe('Comments');
    expect(errors).toEqual([]);
  });

  it('is served like embed.js: gzipped, cacheable, loadable from any origin', async () => {
    const res = await fetch(`${t.url}/count.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');
    expect((await res.text()).length).toBeLessThan(8 * 1024);
    expect((await fetch(`${t.url}/api/v1/count.js`)).status).toBe(404);
  });
});
