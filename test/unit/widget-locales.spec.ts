/**
 * The widget's translations (src/web/client/embed/locales): each is complete against the English
 * table (strings.ts), its templates use only the arguments the English strings take, and applying
 * one keeps English wherever a key is missing; plurals, numbers and relative times through Intl.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyTranslation, LOCALES, pickLocale, type Translation } from '../../src/web/client/embed/locale';
import { S as WIDGET } from '../../src/web/client/embed/strings';
import { X } from '../../src/web/client/embed/extras-strings';

/** The English table as the locale files mirror it: embed.js's strings and embed-extras.js's (translated alike). */
const S = { ...WIDGET, ...X, errors: { ...WIDGET.errors, ...X.errors } };

const table = (lang: string) => JSON.parse(readFileSync(join(__dirname, '../../src/web/client/embed/locales', `${lang}.json`), 'utf8')) as Translation;

/** A fresh copy of the English strings (applyTranslation changes the table it is given). */
function english(): Record<string, unknown> {
  const copy = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v && typeof v === 'object' ? copy(v as Record<string, unknown>) : v]));
  return copy(S);
}

/** Every leaf of the English table: its path, and for a function how many arguments it takes. */
function leaves(o: Record<string, unknown>, path: string[] = []): { path: string; args: number | null }[] {
  return Object.entries(o).flatMap(([k, v]) => {
    if (typeof v === 'function') return [{ path: [...path, k].join('.'), args: v.length }];
    if (typeof v === 'string') return [{ path: [...path, k].join('.'), args: null }];
    return v && typeof v === 'object' ? leaves(v as Record<string, unknown>, [...path, k]) : [];
  });
}

const at = (o: unknown, path: string) =>
  path.split('.').reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);

describe('widget translations', () => {
  // Relative times come from Intl in every language but English; each table gives "just now" itself.
  const INTL_TIME = new Set(['time.minutes', 'time.hours', 'time.yesterday', 'time.days']);

  it.each(LOCALES)('%s translates every English string, with only the arguments it has', (lang) => {
    const t = table(lang);
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const { path, args } of leaves(S)) {
      if (INTL_TIME.has(path)) continue;
      const v = at(t, path);
      if (v === undefined) {
        missing.push(path);
        continue;
      }
      const templates = typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v as Record<string, unknown>) : [];
      if (args === null) {
        if (typeof v !== 'string') wrong.push(`${path}: a plain string in English`);
        continue;
      }
      if (!templates.length || !templates.every((x) => typeof x === 'string')) wrong.push(`${path}: not a template`);
      if (typeof v === 'object' && typeof (v as Record<string, unknown>).other !== 'string') wrong.push(`${path}: plural without "other"`);
      for (const x of templates as string[])
        for (const m of x.matchAll(/\{(\d)\}/g)) if (Number(m[1]) >= args) wrong.push(`${path}: {${m[1]}} beyond its ${args} arguments`);
    }
    expect({ lang, missing, wrong }).toEqual({ lang, missing: [], wrong: [] });
  });

  it('embed.js and embed-extras.js name no string alike: one locale table translates both (their refusals share `errors`, each code once)', () => {
    expect(Object.keys(X).filter((k) => k !== 'errors' && k in WIDGET)).toEqual([]);
    expect(Object.keys(X.errors).filter((k) => k in WIDGET.errors)).toEqual([]);
  });

  it('German: plurals by Intl.PluralRules, numbers by Intl.NumberFormat, zero as its own form', () => {
    const s = english() as any;
    applyTranslation(s, table('de'), 'de');
    expect(s.count(1)).toBe('1 Kommentar');
    expect(s.count(12)).toBe('12 Kommentare');
    expect(s.headingCount(0)).toBe('Kommentare');
    expect(s.counter(12, 5000)).toBe('12 / 5.000');
    expect(s.replyLabel('Ana')).toBe('Antwort an Ana');
    expect(s.sorts.featured).toBe('Empfehlungen der Redaktion');
    expect(s.errors.COMMENT_EMPTY).toBe('Schreiben Sie zuerst etwas.');
    expect(s.bell.kinds.reply('Ana', 'diesem Artikel')).toBe('Ana hat auf Ihren Kommentar zu diesem Artikel geantwortet');
    expect(s.time.justNow).toBe('gerade eben');
    expect(s.time.minutes(3)).toBe('vor 3 Min.');
    expect(s.time.yesterday).toBe('gestern');
  });

  it('French counts zero in the singular; Spanish its own way', () => {
    const fr = english() as any;
    applyTranslation(fr, table('fr'), 'fr');
    expect([fr.showReplies(0), fr.showReplies(1), fr.showReplies(2)]).toEqual(['Afficher 0 réponse', 'Afficher 1 réponse', 'Afficher 2 réponses']);
    expect(fr.counter(1234, 5000)).toMatch(/^1\s234 \/ 5\s000$/);
    const es = english() as any;
    applyTranslation(es, table('es'), 'es');
    expect(es.likeCount(2)).toBe('2 me gusta');
    expect(es.time.days(3)).toBe('hace 3 días');
  });

  it('a key the table lacks, or gives in the wrong shape, stays English', () => {
    const s = english() as any;
    applyTranslation(s, { reply: 'Antworten', count: 42 as unknown as string, errors: { NETWORK: 'Netz weg' }, bell: 'flat' }, 'de');
    expect(s.reply).toBe('Antworten');
    expect(s.like).toBe('Like');
    expect(s.count(3)).toBe('3 comments');
    expect(s.errors.NETWORK).toBe('Netz weg');
    expect(s.errors.COMMENT_EMPTY).toBe('Write something first.');
    expect(s.bell.heading).toBe('Notifications');
  });

  it('picks data-locale, then the page, then the browser, else English', () => {
    expect(pickLocale('fr', 'de', ['es'])).toBe('fr');
    expect(pickLocale(undefined, 'de-AT', ['es'])).toBe('de');
    expect(pickLocale('', 'it', ['es-MX', 'en'])).toBe('es');
    expect(pickLocale('xx', 'it', ['pt'])).toBe('en');
    expect(pickLocale(undefined, 'en-GB', ['de'])).toBe('en');
  });
});
