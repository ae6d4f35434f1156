import type { TimeStrings } from '../shared/time';

/** The languages the widget speaks besides English; each is a small JSON file fetched only when used. */
export const LOCALES = ['de', 'fr', 'es'] as const;
export type Locale = 'en' | (typeof LOCALES)[number];

/**
 * A translation table mirrors the English one (strings.ts) key by key. A string replaces a string;
 * for a function it is a template whose `{0}`, `{1}` are the arguments (numbers written the
 * locale's way), or an object of templates by plural category (`one`, `other`, …, as
 * Intl.PluralRules names them for the first number among the arguments) with `=0` for zero itself.
 * A key the table lacks, or gives in another shape, stays English.
 */
export type Translation = { [key: string]: string | Translation };

/** data-locale, else the page's <html lang>, else the browser's language: the first the widget speaks, else English. */
export function pickLocale(attr: string | undefined, pageLang: string, browser: readonly string[]): Locale {
  for (const tag of [attr, pageLang, ...browser]) {
    const lang = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
    if (lang === 'en') return 'en';
    if ((LOCALES as readonly string[]).includes(lang)) return lang as Locale;
  }
  return 'en';
}

/** Puts `table` over `strings` in place (see Translation), with relative times through Intl. */
export function applyTranslation(strings: Record<string, unknown>, table: Translation, lang: string): void {
  const plurals = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  const fill = (t: string, args: unknown[]) =>
    t.replace(/\{(\d)\}/g, (_, i: string) => {
      const a = args[+i];
      return typeof a === 'number' ? numbers.format(a) : typeof a === 'string' ? a : '';
    });
  const template = (t: string | Translation) =>
    typeof t === 'string' ? t : Object.values(t).every((v) => typeof v === 'string') && typeof t.other === 'string' ? t : null;
  const fn =
    (t: string | Record<string, string>) =>
    (...args: unknown[]) => {
      if (typeof t === 'string') return fill(t, args);
      const n = args.find((a): a is number => typeof a === 'number') ?? 0;
      return fill(t[`=${n}`] ?? t[plurals.select(n)] ?? t.other, args);
    };
  const walk = (en: Record<string, unknown>, tr: Translation) => {
    for (const key of Object.keys(en)) {
      const from = en[key];
      const to = tr[key];
      if (to === undefined) continue;
      if (typeof from === 'string' && typeof to === 'string') en[key] = to;
      else if (typeof from === 'function' && template(to)) en[key] = fn(template(to) as string | Record<string, string>);
      else if (from && typeof from === 'object' && typeof to === 'object') walk(from as Record<string, unknown>, to);
    }
  };
  walk(strings, table);
  const time = strings.time as TimeStrings | undefined;
  if (time) strings.time = intlTime(lang, time);
}

/** Relative times in `lang` through Intl.RelativeTimeFormat ("vor 3 Minuten", "hier", "hace 2 días"). */
function intlTime(lang: string, t: TimeStrings): TimeStrings {
  // As in English: minutes and hours short ("3 min ago"), days written out ("4 days ago").
  const short = new Intl.RelativeTimeFormat(lang, { numeric: 'always', style: 'short' });
  const long = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  return {
    justNow: t.justNow,
    minutes: (n) => short.format(-n, 'minute'),
    hours: (n) => short.format(-n, 'hour'),
    yesterday: long.format(-1, 'day'),
    days: (n) => long.format(-n, 'day'),
  };
}

/** The table loadTranslation applied, for strings that arrive later (embed-extras.js's: see extras-api.ts). */
let applied: { table: Translation; lang: string } | null = null;

/** Puts the language the widget speaks over strings that came after it loaded (same keys as in the locale files). */
export function translateLater(strings: Record<string, unknown>): void {
  if (applied) applyTranslation(strings, applied.table, applied.lang);
}

/**
 * Fetches `locales/<lang>.json` from the service (beside embed.js) and applies it to `strings`.
 * Gives up after a few seconds: the widget then speaks English rather than not appearing.
 */
export async function loadTranslation(base: string, lang: string, site: string | undefined, strings: Record<string, unknown>): Promise<boolean> {
  if (lang === 'en') return true;
  const ctl = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = setTimeout(() => ctl?.abort(), 5000);
  try {
    const res = await fetch(`${base}/embed/locales/${lang}.json${site ? `?site=${encodeURIComponent(site)}` : ''}`, {
      signal: ctl?.signal,
      credentials: 'omit',
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const table = (await res.json()) as Translation;
    applyTranslation(strings, table, lang);
    applied = { table, lang };
    return true;
  } catch (e) {
    console.warn(`parley: the ${lang} translation could not be loaded; the widget speaks English`, e);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
