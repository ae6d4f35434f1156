/**
 * Parley comment counts for index pages: one script tag, separate from embed.js and much smaller.
 *
 *   <a href="/world-65300000#comments" data-parley-count="world-65300000">Comments</a>
 *   <script src="https://comments.example/count.js" data-site="…" async></script>
 *
 * Fills every element with `data-parley-count="<articleId>"` with "N comments" in the page's
 * language (data-locale, else <html lang>, else the browser's; English when none is known), asking
 * GET /api/v1/counts once for all of them (in chunks of the endpoint's 100 ids). Each element also
 * gets `data-parley-count-n` with the number, for styling. `window.ParleyCount.refresh()` counts
 * again, including elements added since; so does a timer while the page stays open (data-refresh).
 */
import { call, enc } from '../shared/api';

/** GET /counts takes at most this many ids at once. */
const MAX_IDS = 100;
/** And a URL stays well under the service's 16 KiB header limit (article ids are up to 200 characters). */
const MAX_QUERY = 6000;
const ARTICLE_ID = /^[A-Za-z0-9._:~/-]{1,200}$/;

/** "N comments" in the languages the widget speaks; the plural form comes from Intl.PluralRules. */
const WORDS: Record<string, Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }> = {
  en: { one: 'comment', other: 'comments' },
  de: { one: 'Kommentar', other: 'Kommentare' },
  fr: { one: 'commentaire', other: 'commentaires' },
  es: { one: 'comentario', other: 'comentarios' },
};

const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[src*="count.js"]');
const data = script?.dataset ?? {};
const base = script ? new URL(script.src, location.href).origin : location.origin;

function language(): string {
  for (const tag of [data.locale, document.documentElement.lang, ...(navigator.languages ?? [navigator.language])]) {
    const lang = (tag ?? '').toLowerCase().split('-')[0];
    if (WORDS[lang]) return lang;
  }
  return 'en';
}

const lang = language();
const plural = new Intl.PluralRules(lang);
const number = new Intl.NumberFormat(lang);
const label = (n: number) => {
  const w = WORDS[lang];
  return `${number.format(n)} ${w[plural.select(n)] ?? w.other}`;
};

/** The ids in groups the endpoint takes: at most MAX_IDS, and a query of at most MAX_QUERY characters. */
function chunks(ids: string[]): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  let len = 0;
  for (const id of ids) {
    const l = enc(id).length + 3;
    if (cur.length && (cur.length === MAX_IDS || len + l > MAX_QUERY)) {
      out.push(cur);
      cur = [];
      len = 0;
    }
    cur.push(id);
    len += l;
  }
  if (cur.length) out.push(cur);
  return out;
}

async function refresh(): Promise<void> {
  const els = Array.from(document.querySelectorAll<HTMLElement>('[data-parley-count]'));
  const ids = [...new Set(els.map((e) => e.dataset.parleyCount ?? '').filter((id) => ARTICLE_ID.test(id)))];
  const counts: Record<string, number> = {};
  await Promise.all(
    chunks(ids).map(async (group) => {
      try {
        const r = await call<{ counts: Record<string, number> }>(base, 'GET', `/counts?articleIds=${group.map(enc).join(',')}`, {
          site: data.site || undefined,
        });
        Object.assign(counts, r.counts);
      } catch (e) {
        // The elements keep what the page put in them.
        console.warn('parley: could not load comment counts', e);
      }
    }),
  );
  for (const el of els) {
    const n = counts[el.dataset.parleyCount ?? ''];
    if (typeof n !== 'number') continue;
    el.textContent = label(n);
    el.dataset.parleyCountN = String(n);
  }
}

(window as unknown as { ParleyCount: { refresh(): Promise<void> } }).ParleyCount = { refresh };
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void refresh());
else void refresh();

// Live while the page stays open: counted again every data-refresh seconds (60 unless given, at least 10, 0 for never)
// while the page is in view, and on coming back into view once that long has gone by. Counts are answered from memory.
const every = Number(data.refresh ?? 60);
if (every > 0) {
  const ms = Math.max(every, 10) * 1000;
  let last = Date.now();
  const again = () => {
    if (document.visibilityState !== 'visible') return;
    last = Date.now();
    void refresh();
  };
  setInterval(again, ms);
  document.addEventListener('visibilitychange', () => Date.now() - last >= ms && again());
}
