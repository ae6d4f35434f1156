/** Browser-test support: Debian's chromium through playwright-core, host pages, screenshots. */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export interface HostOptions {
  title?: string;
  pageSize?: number;
  sort?: string;
}

export interface HtmlHost {
  url: string;
  close: () => Promise<void>;
}

/** A server on its own origin (another port), as a publisher's site is, answering every request with the page `html` writes for its URL. */
export async function serveHtml(html: (url: URL) => string): Promise<HtmlHost> {
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html(new URL(req.url ?? '/', 'http://x')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * A publisher's site on another origin (another port): an article page with the one script tag.
 * It records the widget's login requests in window.__loginRequests.
 */
export async function startPublisher(appUrl: string): Promise<{ url: string; article(id: string, o?: HostOptions): string; close(): Promise<void> }> {
  const { url, close } = await serveHtml((u) => {
    const id = u.searchParams.get('id') ?? 'test-article';
    const title = u.searchParams.get('title') ?? 'A test article';
    const extra = [
      u.searchParams.get('pageSize') ? `data-page-size="${Number(u.searchParams.get('pageSize'))}"` : '',
      u.searchParams.get('sort') ? `data-sort="${encodeURIComponent(u.searchParams.get('sort')!)}"` : '',
    ].join(' ');
    const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body><main><h1>${esc(title)}</h1><p>The story, as a publisher would lay it out.</p>
<script>
  window.__loginRequests = 0;
  document.addEventListener('parley:ready', function (e) { e.detail.onLoginRequest(function () { window.__loginRequests++; }); });
</script>
<div id="parley-comments"></div>
<script src="${appUrl}/embed.js" data-article-id="${esc(id)}" data-article-title="${esc(title)}" data-article-url="http://news.example/${esc(id)}" ${extra} async></script>
</main></body></html>`;
  });
  return {
    url,
    article: (id, o = {}) => {
      const q = new URLSearchParams({ id });
      if (o.title) q.set('title', o.title);
      if (o.pageSize) q.set('pageSize', String(o.pageSize));
      if (o.sort) q.set('sort', o.sort);
      return `${url}/article?${q}`;
    },
    close,
  };
}

/** Signs the reader in before the widget loads, the way a publisher's page would. */
export async function signInReader(page: Page, token: string, refreshed?: string): Promise<void> {
  await page.addInitScript(
    ([t, fresh]) => {
      const q: unknown[][] = [['setToken', t]];
      if (fresh) q.push(['onTokenExpired', () => Promise.resolve(fresh)]);
      (window as any).Parley = { q };
    },
    [token, refreshed ?? null] as const,
  );
}

/** Opens the dashboard already signed in (the token sits where the dashboard keeps it). */
export async function signInModerator(page: Page, token: string): Promise<void> {
  await page.addInitScript((t) => localStorage.setItem('parley.moderator.token', t), token);
}

/** Waits until the widget has loaded its first page and joined the article's live room. */
export async function widgetReady(page: Page, live = false): Promise<void> {
  await page.locator('#parley-comments ol.list[aria-busy="false"]').waitFor();
  if (live) await page.locator('#parley-comments section[data-live="on"]').waitFor();
}

/** Signs the reader in, opens the article page `url` and waits until the widget is live. */
export async function openAsReader(page: Page, token: string, url: string): Promise<void> {
  await signInReader(page, token);
  await page.goto(url);
  await widgetReady(page, true);
}

export const card = (page: Page, text: string) => page.locator('#parley-comments article.card', { hasText: text });

/** The widget's notification bell, and the panel it opens. */
export const bellButton = (page: Page) => page.locator('#parley-comments button.bell');
export const bellPanel = (page: Page) => page.getByRole('region', { name: 'Notifications' });

/** Retries `check` on fresh values of `get` until it passes or `timeout` ms have gone by. */
export async function eventually<T>(get: () => Promise<T>, check: (v: T) => void, timeout = 5000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await get();
    try {
      check(v);
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
