import { h, put, uid } from '../shared/dom';
import { D } from './desk-strings';
import { S } from './strings';

const ARTICLE_ID = /^[A-Za-z0-9._:~/-]{1,200}$/;
const REASON = /^[a-z_]{1,40}(:[^\s:]{1,100})?$/;
/** As the service checks it (src/common/ids.ts), once the ends are trimmed. */
const SECTION = /^[^\p{Cc}\s](?:[^\p{Cc}]{0,98}[^\p{Cc}\s])?$/u;

const CSS = `
form.search .more-filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; flex-basis: 100%; margin-top: .25rem; }
form.search .more-filters .f { display: flex; flex-direction: column; }
form.search .more-filters input[type=text] { width: 11rem; max-width: 100%; }
form.search .more-filters input[type=checkbox] { width: auto; margin: 0 .35rem 0 0; }
form.search .more-filters .check { align-self: center; }
form.search .search-err { flex-basis: 100%; margin: 0; }
`;

let styled = false;

/** What a search asks the server (GET /moderation/search's query) and how the results are named. */
export interface SearchRequest {
  query: string;
  label: string;
}

/** A local calendar day (`YYYY-MM-DD` from a date field) as the instant it starts. */
const dayStart = (v: string, plusDays = 0): string => {
  const [y, m, d] = v.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
};

/**
 * The desk bar's search form: words and status in view, and behind "More filters" the author,
 * article, section, reason, posting dates (local days, both ends included), reported only and the order.
 * The article filter of the queues fills the article field when it is left empty. Bad input is
 * said beside the form and nothing is asked of the server.
 */
export function searchForm(opts: { articleFilter: () => string; search: (r: SearchRequest) => void; say: (text: string) => void }): {
  form: HTMLFormElement;
  words: HTMLInputElement;
} {
  if (!styled) {
    styled = true;
    document.head.append(h('style', { 'data-for': 'search' }, CSS));
  }
  const ids = {
    q: uid('q'),
    st: uid('st'),
    au: uid('au'),
    ar: uid('ar'),
    se: uid('se'),
    re: uid('re'),
    fr: uid('fr'),
    to: uid('to'),
    rp: uid('rp'),
    so: uid('so'),
    more: uid('mf'),
  };
  const words = h('input', { type: 'text', id: ids.q, maxlength: '200', autocomplete: 'off', 'aria-keyshortcuts': 's' });
  const status = h('select', { id: ids.st }, h('option', { value: '' }, S.anyStatus), ...S.statuses.map(([v, l]) => h('option', { value: v }, l)));
  const author = h('input', { type: 'text', id: ids.au, maxlength: '200', autocomplete: 'off', spellcheck: 'false' });
  const article = h('input', { type: 'text', id: ids.ar, maxlength: '200', autocomplete: 'off', spellcheck: 'false' });
  const section = h('input', { type: 'text', id: ids.se, maxlength: '100', autocomplete: 'off' });
  const reason = h('input', { type: 'text', id: ids.re, maxlength: '141', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${ids.re}-hint` });
  const from = h('input', { type: 'date', id: ids.fr });
  const to = h('input', { type: 'date', id: ids.to });
  const reported = h('input', { type: 'checkbox', id: ids.rp });
  const sort = h('select', { id: ids.so }, ...D.sorts.map(([v, l]) => h('option', { value: v }, l)));
  const err = h('p', { class: 'err search-err', role: 'alert', hidden: true });
  const field = (id: string, label: string, input: HTMLElement, hint?: HTMLElement) =>
    h('span', { class: 'f' }, h('label', { for: id }, label), input, hint ?? null);
  const more = h(
    'div',
    {
      class: 'more-filters',
      id: ids.more,
      role: 'group',
      'aria-label': D.filtersLabel,
      hidden: true,
      // Digits typed into a date field are the date, not the queues' shortcuts.
      onkeydown: (e: KeyboardEvent) => {
        if ((e.target as HTMLElement).matches('input[type=date]') && e.key !== 'Escape') e.stopPropagation();
      },
    },
    field(ids.au, D.author, author),
    field(ids.ar, D.articleId, article),
    field(ids.se, D.section, section),
    field(ids.re, D.reasonField, reason, h('span', { class: 'meta sr', id: `${ids.re}-hint` }, D.reasonHint)),
    field(ids.fr, D.from, from),
    field(ids.to, D.to, to),
    h('span', { class: 'check' }, h('label', { for: ids.rp }, reported, D.reported)),
    field(ids.so, D.sort, sort),
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          for (const x of [author, article, section, reason, from, to]) x.value = '';
          reported.checked = false;
          sort.value = 'newest';
          fail('');
        },
      },
      D.clearFilters,
    ),
  );
  const toggle = h(
    'button',
    {
      type: 'button',
      'aria-expanded': 'false',
      'aria-controls': ids.more,
      onclick: () => {
        more.hidden = !more.hidden;
        toggle.setAttribute('aria-expanded', String(!more.hidden));
        if (!more.hidden) author.focus();
      },
    },
    D.moreFilters,
  );
  const fail = (text: string, at?: HTMLElement) => {
    err.hidden = !text;
    put(err, text);
    if (at) {
      if (more.hidden) toggle.click();
      at.setAttribute('aria-invalid', 'true');
      at.focus();
    }
  };
  const form = h(
    'form',
    {
      class: 'search',
      role: 'search',
      'aria-label': S.searchLabel,
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        for (const x of [article, section, reason, from, to]) x.removeAttribute('aria-invalid');
        fail('');
        const p = new URLSearchParams();
        const parts: string[] = [];
        /** Asks for `key` = `value` (when there is one) and names it in the results' label. */
        const add = (key: string, value: string, said: string) => {
          if (!value) return;
          p.set(key, value);
          parts.push(said);
        };
        const q = words.value.trim();
        if (q) p.set('q', q);
        add('status', status.value, status.selectedOptions[0]?.textContent?.toLowerCase() ?? status.value);
        const au = author.value.trim();
        add('authorId', au, `${D.author.toLowerCase()} ${au}`);
        const ar = article.value.trim() || opts.articleFilter();
        if (ar && !ARTICLE_ID.test(ar)) return fail(D.badArticle, article);
        add('articleId', ar, `article ${ar}`);
        const se = section.value.trim();
        if (se && !SECTION.test(se)) return fail(D.badSection, section);
        add('section', se, `${D.section.toLowerCase()} ${se}`);
        const re = reason.value.trim();
        if (re && !REASON.test(re)) return fail(D.badReason, reason);
        add('reason', re, `reason ${re}`);
        if (from.value && to.value && from.value > to.value) return fail(D.badRange, from);
        add('from', from.value && dayStart(from.value), `from ${from.value}`);
        add('to', to.value && dayStart(to.value, 1), `until ${to.value}`);
        add('reported', reported.checked ? 'true' : '', D.reported.toLowerCase());
        if (![...p.keys()].length) return opts.say(D.searchNothing);
        add('sort', sort.value === 'newest' ? '' : sort.value, D.sorts[1][1].toLowerCase());
        const label = D.results(q, parts);
        opts.say(label);
        opts.search({ query: p.toString(), label });
      },
    },
    field(ids.q, S.searchWords, words),
    field(ids.st, S.searchStatus, status),
    h('button', { type: 'submit' }, S.search),
    toggle,
    more,
    err,
  );
  return { form, words };
}
