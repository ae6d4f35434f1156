import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, Publisher, startBrowserSuite } from '../support/browser-suite';
import { actors, Actors, article, postComment } from '../support/factories';
import { scan, WIDGET } from './axe';
import { card, shot, widgetReady } from './browser';
import { pagesPerTest, type Viewport } from './fresh-pages';

jest.setTimeout(180_000);

/**
 * embed-extras.js: what only a signed-in reader or a moderator uses comes in a second bundle, fetched
 * from beside embed.js once a token is present; a signed-out reader never loads it.
 */
describe('embed widget: the signed-in tools load on demand', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let a: Actors;
  let site: Publisher;
  let page: Page;
  let extrasRequests: string[];
  let closeServer: (() => Promise<void>) | null = null;
  const newPage = pagesPerTest(() => suite.browser, { viewport: { width: 1000, height: 900 }, timeout: 30_000 });

  beforeAll(async () => {
    ({ t, site } = suite = await startBrowserSuite());
    a = actors(t);
  });
  afterAll(() => suite?.close());
  afterEach(async () => {
    await closeServer?.();
    closeServer = null;
  });

  const open = async (viewport?: Viewport) => {
    extrasRequests = [];
    page = await newPage(viewport);
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/embed-extras.js') extrasRequests.push(r.url());
    });
  };

  it('a signed-out reader gets none of it; signing in loads it once, and the bell, account menu and More menu work', async () => {
    const id = article('extras');
    await postComment(t, a.reader('u-ola', 'Ola'), id, 'Ola says the ferry is late again');
    await open();
    await page.goto(site.article(id));
    await widgetReady(page, true);
    await card(page, 'Ola says').waitFor();
    expect(extrasRequests).toEqual([]);
    await expect(page.locator('#parley-comments .bell').count()).resolves.toBe(0);

    await page.evaluate((token) => (window as any).Parley.setToken(token), a.reader('u-pia', 'Pia'));
    const bell = page.getByRole('button', { name: 'Notifications, none unread' });
    await bell.waitFor();
    expect(extrasRequests).toEqual([`${t.url}/embed-extras.js`]);
    await bell.click();
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await page.getByRole('button', { name: 'My account', exact: true }).waitFor();
    await card(page, 'Ola says').getByRole('button', { name: 'More actions' }).click();
    await card(page, 'Ola says').getByRole('button', { name: 'Mute Ola' }).click();
    await page.getByRole('button', { name: 'Muted people (1)' }).waitFor();
    expect({ v: await scan(page, WIDGET) }).toEqual({ v: [] });
    await shot(page, 'widget-extras-signed-in');

    // Signing out and in again reuses what was loaded.
    await page.evaluate(() => (window as any).Parley.setToken(null));
    await bell.waitFor({ state: 'hidden' });
    await page.evaluate((token) => (window as any).Parley.setToken(token), a.reader('u-pia', 'Pia'));
    await page.getByRole('button', { name: 'Notifications, none unread' }).waitFor();
    expect(extrasRequests).toHaveLength(1);
  });

  it('works under a page CSP that allows scripts from the service origin only (nonce passed on), and speaks the page’s language', async () => {
    const id = article('extras-csp');
    const token = a.reader('u-rui', 'Rui');
    await postComment(t, a.reader('u-sol', 'Sol'), id, 'Sol findet die Fähre zu langsam');
    await open({ width: 390, height: 844 });
    const violations: string[] = [];
    await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
    const ws = t.url.replace(/^http/, 'ws');
    const csp = `default-src 'none'; script-src ${t.url} 'nonce-r4nd0m'; connect-src ${t.url} ${ws}; style-src 'unsafe-inline'`;
    const html = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Fähre</title></head><body><main><h1>Fähre</h1>
<script nonce="r4nd0m">
  document.addEventListener('securitypolicyviolation', function (e) { window.__cspViolation(e.violatedDirective + ' ' + e.blockedURI); });
  window.Parley = { q: [['setToken', ${JSON.stringify(token)}]] };
</script>
<div id="parley-comments"></div>
<script nonce="r4nd0m" src="${t.url}/embed.js" data-article-id="${id}" async></script></main></body></html>`;
    // A publisher's page on its own origin, with its own CSP header.
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }).end(html));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closeServer = () => new Promise<void>((r) => server.close(() => r()));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await widgetReady(page, true);
    await page.getByRole('button', { name: 'Benachrichtigungen, keine ungelesen' }).waitFor();
    await card(page, 'Sol findet').getByRole('button', { name: 'Weitere Aktionen' }).click();
    await card(page, 'Sol findet').getByRole('button', { name: 'Sol stummschalten' }).waitFor();
    expect(extrasRequests).toEqual([`${t.url}/embed-extras.js`]);
    expect(violations).toEqual([]);
    await shot(page, 'widget-extras-csp-phone');
  });
});
