import type { LogEntryView } from '../../../common/contract';
import { h, put, uid } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import { S } from './strings';

/** What the log can be narrowed to (the service's filters). */
export interface LogFilter {
  action?: string;
  actorId?: string;
  articleId?: string;
}

export interface LogContext {
  /** The filter form, drawn above the table on a first page. */
  form(): HTMLElement;
  /** Opens the user panel of a user the log names. */
  openUser(userId: string, from: HTMLElement): void;
}

const when = (l: LogEntryView) => h('time', { datetime: l.createdAt, title: fullTime(l.createdAt), 'data-rel': '' }, relTime(l.createdAt, S.time));

/** The change an entry made, in words: a status change, or whether it is an editors' pick. */
const change = (l: LogEntryView): string => {
  if (l.action === 'feature' || l.action === 'unfeature') return S.featuredChange(l.action === 'feature');
  if (!l.fromStatus && !l.toStatus) return '';
  return `${l.fromStatus ?? '—'} → ${l.toStatus ?? '—'}`;
};

const actor = (l: LogEntryView) => l.actorName ?? l.actorId;

function safeUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** What an entry is about: the comment (quoted, linked in place), its author (to the user panel), its article (linked). */
function subject(l: LogEntryView, ctx: LogContext): (string | Node)[] {
  const out: (string | Node)[] = [];
  const url = safeUrl(l.articleUrl);
  if (l.commentId) {
    const quote = l.commentExcerpt
      ? `“${l.commentExcerpt.length > 80 ? `${l.commentExcerpt.slice(0, 80)}…` : l.commentExcerpt}”`
      : `${S.logComment} ${l.commentId.slice(-8)}`;
    out.push(url ? h('a', { href: `${url.split('#')[0]}#comment-${l.commentId}`, target: '_blank', rel: 'noopener noreferrer' }, quote) : quote);
  }
  if (l.userId) {
    const userId = l.userId;
    const b: HTMLButtonElement = h('button', { type: 'button', class: 'link', onclick: () => ctx.openUser(userId, b) }, l.userName ?? userId);
    out.push(h('span', { class: 'who' }, out.length ? ` ${S.logUser} ` : `${S.logUser} `, b));
  }
  if (l.articleId) {
    const title = l.articleTitle || l.articleId;
    out.push(h('span', { class: 'meta' }, ` ${S.logArticleWord} `, url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, title) : title));
  }
  return out;
}

/** The filter form above the log: action, moderator, article. */
export function logFilterForm(now: LogFilter, apply: (f: LogFilter) => void): HTMLElement {
  const ids = { action: uid('lf'), actor: uid('lf'), article: uid('lf') };
  const action = h(
    'select',
    { id: ids.action },
    h('option', { value: '' }, S.logAnyAction),
    ...S.logActions.map((a) => h('option', { value: a, selected: now.action === a }, a)),
  );
  const actorInput = h('input', { type: 'text', id: ids.actor, value: now.actorId ?? '', autocomplete: 'off', spellcheck: 'false', maxlength: '200' });
  const article = h('input', { type: 'text', id: ids.article, value: now.articleId ?? '', autocomplete: 'off', spellcheck: 'false', maxlength: '200' });
  return h(
    'form',
    {
      class: 'logfilter',
      role: 'search',
      'aria-label': S.logFilters,
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        apply({ action: action.value || undefined, actorId: actorInput.value.trim() || undefined, articleId: article.value.trim() || undefined });
      },
    },
    h('span', { class: 'f' }, h('label', { for: ids.action }, S.logAction), action),
    h('span', { class: 'f' }, h('label', { for: ids.actor }, S.logActor), actorInput),
    h('span', { class: 'f' }, h('label', { for: ids.article }, S.logArticle), article),
    h('button', { type: 'submit' }, S.logApply),
    h('button', { type: 'button', onclick: () => apply({}) }, S.logClear),
  );
}

/** The log tab's table: a first page replaces the list's content (the filter form, then the table), later pages add rows. */
export function drawLog(list: HTMLElement, entries: LogEntryView[], more: boolean, ctx: LogContext): void {
  let tbody = list.querySelector('tbody');
  if (!more || !tbody) {
    tbody = h('tbody');
    put(
      list,
      h('li', { class: 'logform' }, ctx.form()),
      h(
        'li',
        null,
        h(
          'table',
          { class: 'logt', tabindex: '-1' },
          h('caption', { class: 'sr' }, S.logTitle),
          h('thead', null, h('tr', null, ...[S.logWhen, S.logWho, S.logWhat, S.logSubject, S.logChange, S.logReason].map((x) => h('th', { scope: 'col' }, x)))),
          tbody,
        ),
      ),
    );
    list.setAttribute('aria-label', S.logTitle);
  }
  for (const l of entries) {
    tbody.append(
      h(
        'tr',
        null,
        h('td', null, when(l)),
        h('td', { title: l.actorId }, actor(l)),
        h('td', null, l.action),
        h('td', null, ...subject(l, ctx)),
        h('td', null, change(l)),
        h('td', null, l.reason ?? ''),
      ),
    );
  }
  if (!more && !entries.length) tbody.append(h('tr', null, h('td', { colspan: '6', class: 'empty' }, S.logEmpty)));
}

/** One log entry as a line of the user panel's history. */
export function logLine(l: LogEntryView): (string | Node)[] {
  const c = change(l);
  return [when(l), ` · ${l.action}`, c ? ` (${c})` : '', ` · ${actor(l)}`, l.reason ? ` · “${l.reason}”` : ''];
}
