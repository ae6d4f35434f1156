/**
 * The widget in the reader's language (issue 12): data-locale, else the page's <html lang>, else
 * the browser's; the translation is a separate small file fetched only then, and English stays
 * whenever it cannot be had. Chromium on a publisher's origin, axe at zero violations, screenshots.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { HostedSuite, startHostedSuite } from '../support/browser-suite';
import { actors, Actors, article, patchSettings, postComment } from '../support/factories';
import { scan, WIDGET } from './axe';
import { card, shot, signInReader, widgetReady } from './browser';

jest.setTimeout(120_000);

describe('embed widget: languages', () => {
  let t: TestApp;
  let a: Actors;
  let browser: Browser;
  let suite: HostedSuite;
  let origin: string;
  let context: BrowserContext | undefined;
  let errors: string[] = [];

  beforeAll(async () => {
    // An article page: /?id=&lang=&locale=
    ({ t, browser } = suite = await startHostedSuite((app, u) => {
      const attr = (k: string) => (u.searchParams.get(k) ?? '').replace(/[^\w-]/g, '');
      const locale = attr('locale') ? `data-locale="${attr('locale')}"` : '';
      return `<!doctype html><html lang="${attr('lang') || 'en'}"><head><meta charset="utf-8"><title>Artikel</title></head>
<body><main><h1>Ein Artikel</h1><div id="parley-comments"></div>
<script src="${app.url}/embed.js" data-article-id="${attr('id')}" data-article-url="http://news.example/${attr('id')}" ${locale} async></script></main></body></html>`;
    }));
    origin = suite.host.url;
    a = actors(t);
    await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 1000 } });
  });
  afterAll(() => suite?.close());
  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(errors).toEqual([]);
  });

  async function open(q: Record<string, string>, opts: { viewport?: { width: number; height: number }; token?: string; locale?: string } = {}) {
    errors = [];
    context = await browser.newContext({ viewport: opts.viewport ?? { width: 1000, height: 900 }, locale: opts.locale ?? 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => errors.push(e.message));
    const fetched: string[] = [];
    page.on('request', (r) => r.url().includes('/embed/locales/') && fetched.push(r.url()));
    if (opts.token) await signInReader(page, opts.token);
    await page.goto(`${origin}/?${new URLSearchParams(q)}`);
    return { page, fetched };
  }

  const noViolations = async (page: Page, label: string) => expect({ label, v: await scan(page, WIDGET) }).toEqual({ label, v: [] });

  it('a German page gets a German widget: labels, counts, buttons, times, errors', async () => {
    const id = article('de');
    const first = await postComment(t, a.reader('u-de1', 'Jana'), id, 'Endlich wieder eine Fähre!');
    await postComment(t, a.reader('u-de2', 'Lukas'), id, 'Und wer bezahlt den Anleger?', { parentId: first.id });
    const { page, fetched } = await open({ id, lang: 'de' }, { token: a.reader('u-de3', 'Mia') });
    await widgetReady(page);
    await expect(page.locator('#parley-comments section.parley').getAttribute('lang')).resolves.toBe('de');
    await page.locator('#parley-comments h2', { hasText: '2 Kommentare' }).waitFor();
    await page.getByLabel('Sortieren nach').waitFor();
    await page.getByRole('option', { name: 'Neueste zuerst' }).waitFor({ state: 'attached' });
    const box = page.getByRole('textbox', { name: 'Kommentar schreiben' });
    await box.waitFor();
    await page.getByText('Sie kommentieren als Mia').waitFor();
    await page.getByText('Bis zu 5.000 Zeichen. Mit Strg+Eingabe senden.').waitFor();
    await expect(page.locator('#parley-comments form .counter').first().textContent()).resolves.toBe('0 / 5.000');
    const c = card(page, 'Endlich wieder');
    await c.getByRole('button', { name: 'Antworten' }).waitFor();
    await c.getByRole('button', { name: 'Gefällt mir, 0 Likes' }).waitFor();
    await c.getByRole('button', { name: 'Melden' }).waitFor();
    await c.getByText('gerade eben').waitFor();
    await card(page, 'Und wer bezahlt').waitFor();
    // The service's refusal, in German.
    await page.getByRole('button', { name: 'Kommentar senden' }).click();
    await page.getByText('Schreiben Sie zuerst etwas.').waitFor();
    await box.fill('Gute Nachricht für die Insel.');
    await page.getByRole('button', { name: 'Kommentar senden' }).click();
    await card(page, 'Gute Nachricht').waitFor();
    await page.locator('#parley-comments h2', { hasText: '3 Kommentare' }).waitFor();
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatch(/\/embed\/locales\/de\.json$/);
    // Nothing English left in sight (names and comment text aside).
    const shown = await page.locator('#parley-comments section.parley').innerText();
    for (const english of ['Comments', 'Reply', 'Report', 'Post comment', 'Sort by', 'just now', 'Write a comment']) expect(shown).not.toContain(english);
    await noViolations(page, 'de');
    await shot(page, 'w1-widget-de');
  });

  it('data-locale wins over the page; an English page fetches nothing; the browser language counts last', async () => {
    const id = article('fr');
    await postComment(t, a.reader('u-fr', 'Louise'), id, 'Bonne nouvelle.');
    let { page, fetched } = await open({ id, lang: 'de', locale: 'fr' });
    await widgetReady(page);
    await page.locator('#parley-comments h2', { hasText: '1 commentaire' }).waitFor();
    await page.getByRole('button', { name: 'Se connecter pour commenter' }).waitFor();
    expect(fetched).toEqual([expect.stringMatching(/fr\.json$/)]);
    await noViolations(page, 'fr');
    await context!.close();

    ({ page, fetched } = await open({ id, lang: 'en' }, { locale: 'es-ES' }));
    await widgetReady(page);
    await page.locator('#parley-comments h2', { hasText: '1 comment' }).waitFor();
    await page.getByRole('button', { name: 'Sign in to comment' }).waitFor();
    expect(fetched).toEqual([]);
    await context!.close();

    // A page in a language the widget does not speak: the browser's, here Spanish.
    ({ page, fetched } = await open({ id, lang: 'it' }, { locale: 'es-ES', viewport: { width: 390, height: 844 } }));
    await widgetReady(page);
    await page.locator('#parley-comments h2', { hasText: '1 comentario' }).waitFor();
    await page.getByRole('button', { name: 'Inicie sesión para comentar' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await noViolations(page, 'es-phone');
    await shot(page, 'w1-widget-es-phone');
  });

  it('speaks English when the translation cannot be had', async () => {
    const id = article('fallback');
    errors = [];
    context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route('**/embed/locales/**', (r) => r.fulfill({ status: 503, body: 'down' }));
    const warned = page.waitForEvent('console', (m) => m.text().includes('translation could not be loaded'));
    await page.goto(`${origin}/?${new URLSearchParams({ id, lang: 'de' })}`);
    await warned;
    await widgetReady(page);
    await page.getByText('No comments yet. Start the conversation.').waitFor();
    await expect(page.locator('#parley-comments section.parley').getAttribute('lang')).resolves.toBe('en');
  });

  it('serves the translations like embed.js, and nothing else under that path', async () => {
    for (const lang of ['de', 'fr', 'es']) {
      const res = await fetch(`${t.url}/embed/locales/${lang}.json`, { headers: { origin } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect((await res.json()).reply).toBeTruthy();
    }
    for (const bad of ['en.json', 'de.js', '..%2Fembed.js', 'de.json.gz']) expect((await fetch(`${t.url}/embed/locales/${bad}`)).status).toBe(404);
  });
});
