/**
 * Parley embed: one script tag on the article page.
 *
 *   <div id="parley-comments"></div>   (optional: where to render; else right after the script)
 *   <script src="https://comments.example/embed.js" data-article-id="world-65300000"
 *           data-article-title="…" data-article-url="https://news.example/world-65300000" async></script>
 *
 * Optional attributes: data-site (the site's id, when the service runs several), data-target (CSS selector of the container), data-sort (newest|oldest|top|featured|replied),
 * data-page-size, data-theme (light|dark; default: the reader's system preference), data-heading="off" (the page has its own heading),
 * data-locale (en|de|fr|es; default: the page's <html lang>, then the browser's), and data-max-length, data-max-depth, data-edit-window (seconds): fallbacks only,
 * until the site's own policy arrives from the service (GET /articles/{id}/config).
 *
 * Host API on window.Parley once loaded (listen for the `parley:ready` event on document, or queue
 * calls before load with `window.Parley = { q: [['setToken', jwt]] }`):
 *   Parley.setToken(jwt | null)      sign the reader in or out
 *   Parley.onLoginRequest(cb)        cb() when a signed-out reader wants to write
 *   Parley.onTokenExpired(cb)        cb() on a 401 TOKEN_EXPIRED; return a new token (or a promise
 *                                    of one) or call Parley.setToken; the request is then retried
 */
import { SORTS, type Sort } from '../../../common/contract';
import { loadTranslation, pickLocale } from './locale';
import type { Options } from './options';
import { S } from './strings';
import { setDateLocale } from '../shared/time';
import type { LoginRequestHandler, TokenExpiredHandler } from './session';
import { Widget } from './widget';

interface ParleyApi {
  version: string;
  setToken(token: string | null): void;
  onLoginRequest(cb: LoginRequestHandler): void;
  onTokenExpired(cb: TokenExpiredHandler): void;
}

declare global {
  interface Window {
    Parley?: ParleyApi | { q?: Array<[string, ...unknown[]]> };
  }
}

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript as HTMLScriptElement | null;
  if (current?.dataset.articleId) return current;
  return document.querySelector<HTMLScriptElement>('script[data-article-id][src*="embed.js"]');
}

const num = (v: string | undefined, dflt: number) => (v && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : dflt);

function validUrl(u: string | undefined): string | undefined {
  if (!u) return undefined;
  try {
    const url = new URL(u, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function start(): void {
  const script = findScript();
  const d = script?.dataset ?? {};
  if (!script || !d.articleId) {
    console.error('Parley: the embed script needs data-article-id');
    return;
  }
  const base = new URL(script.src, location.href).origin;
  let host = d.target ? document.querySelector<HTMLElement>(d.target) : document.getElementById('parley-comments');
  if (!host) {
    host = document.createElement('div');
    script.insertAdjacentElement('afterend', host);
  }
  if (host.shadowRoot) return; // included twice
  host.classList.add('parley-host');
  // Light, dark, or (by default) as the reader's system prefers; the --parley-* variables win either way.
  if (d.theme === 'light' || d.theme === 'dark') host.dataset.theme = d.theme;
  const sort = ((SORTS as readonly string[]).includes(d.sort ?? '') ? d.sort : 'newest') as Sort;
  const options: Options = {
    base,
    site: d.site || undefined,
    articleId: d.articleId,
    title: d.articleTitle || undefined,
    section:
      d.section
        ?.replace(/[\s\p{Cc}]+/gu, ' ')
        .trim()
        .slice(0, 100)
        .trim() || undefined,
    url: validUrl(d.articleUrl),
    sort,
    pageSize: Math.min(100, Math.max(1, num(d.pageSize, 20))),
    maxLength: num(d.maxLength, 5000),
    maxDepth: num(d.maxDepth, 3),
    editWindowSeconds: num(d.editWindow, 900),
    heading: d.heading === 'off' ? 'off' : undefined,
    locale: pickLocale(d.locale, document.documentElement.lang, navigator.languages ?? [navigator.language]),
  };
  // Another language is fetched first (a small JSON file); English when it cannot be.
  const mountOn = host;
  void loadTranslation(base, options.locale!, options.site, S as unknown as Record<string, unknown>).then((ok) => {
    if (!ok) options.locale = 'en';
    else if (options.locale !== 'en') setDateLocale(options.locale!);
    mount(mountOn, options);
  });
}

function mount(host: HTMLElement, options: Options): void {
  if (host.shadowRoot) return;
  const widget = new Widget(host, options);
  const api: ParleyApi = {
    version: '1',
    setToken: (t) => widget.setToken(t),
    onLoginRequest: (cb) => widget.onLoginRequest(cb),
    onTokenExpired: (cb) => widget.onTokenExpired(cb),
  };
  const queued = (window.Parley as { q?: Array<[string, ...unknown[]]> } | undefined)?.q ?? [];
  window.Parley = api;
  // Calls a page made before the script loaded (`Parley.q`), replayed in order.
  const methods = api as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>;
  for (const [name, ...args] of queued) if (typeof methods[name] === 'function') methods[name](...args);
  widget.start();
  document.dispatchEvent(new CustomEvent('parley:ready', { detail: api }));
}

// Waits for the document when loaded early, so a container placed after the script is found.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
