import type { LogEntryView } from '../../../common/contract';
import { h, put } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import { S } from './strings';

const when = (l: LogEntryView) => h('time', { datetime: l.createdAt, title: fullTime(l.createdAt), 'data-rel': '' }, relTime(l.createdAt, S.time));
const change = (l: LogEntryView) => `${l.fromStatus ?? '—'} → ${l.toStatus ?? '—'}`;

/** The log tab's table: a first page replaces the list's content, later pages add rows. */
export function drawLog(list: HTMLElement, entries: LogEntryView[], more: boolean): void {
  let tbody = list.querySelector('tbody');
  if (!more || !tbody) {
    tbody = h('tbody');
    put(
      list,
      h(
        'li',
        null,
        h(
          'table',
          { class: 'logt' },
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
        h('td', null, l.actorId),
        h('td', null, l.action),
        h('td', null, l.commentId ? `comment ${l.commentId.slice(-8)}` : '', l.userId ? ` user ${l.userId}` : '', l.articleId ? ` article ${l.articleId}` : ''),
        h('td', null, l.fromStatus || l.toStatus ? change(l) : ''),
        h('td', null, l.reason ?? ''),
      ),
    );
  }
  if (!more && !entries.length) tbody.append(h('tr', null, h('td', { colspan: '6', class: 'empty' }, S.logEmpty)));
}

/** One log entry as a line of the user panel's history. */
export function logLine(l: LogEntryView): (string | Node)[] {
  return [when(l), ` · ${l.action}`, l.fromStatus || l.toStatus ? ` (${change(l)})` : '', ` · ${l.actorId}`, l.reason ? ` · “${l.reason}”` : ''];
}
