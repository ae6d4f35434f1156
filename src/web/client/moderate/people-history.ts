import type { HistoryReport, UserHistoryView } from '../../../common/desk-contract';
import { h } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import { D } from './desk-strings';
import { S } from './strings';

/** A moment as "3 hours ago", the full time on hover. */
export const when = (iso: string) => h('time', { datetime: iso, title: fullTime(iso), 'data-rel': '' }, relTime(iso, S.time));

/** Who the user is: id, standing (and until when), pre-moderation, joined. */
export function userFacts(u: UserHistoryView['user']): HTMLElement {
  const status = u.status === 'suspended' && u.suspendedUntil ? `${u.status} ${S.until(fullTime(u.suspendedUntil))}` : u.status;
  return h(
    'dl',
    { class: 'facts', 'aria-label': D.facts },
    h('dt', null, 'ID'),
    h('dd', null, u.id),
    h('dt', null, S.status),
    h('dd', null, status, u.sanctionReason ? ` (${u.sanctionReason})` : ''),
    h('dt', null, S.premod),
    h('dd', null, u.premod ? S.yes : S.no),
    h('dt', null, S.joined),
    h('dd', null, fullTime(u.createdAt)),
  );
}

/** One report the user made (`made`) or received: reason, the other side, when, answered or open, its note and the comment. */
function report(r: HistoryReport, made: boolean): HTMLElement {
  return h(
    'li',
    null,
    h('strong', null, S.reportReasons[r.reason] ?? r.reason),
    ' · ',
    made ? D.reportedComment(r.otherName ?? r.otherId) : D.reportedBy(r.otherName ?? r.otherId),
    ' · ',
    when(r.createdAt),
    ' · ',
    r.resolvedAt ? D.answered : D.openWord,
    r.note ? [' · ', h('q', null, r.note)] : null,
    h('br'),
    h('span', { class: 'meta' }, `${r.commentStatus}: ${r.commentExcerpt}`),
  );
}

/** The rest of the history, in two columns: sanctions and staff notes; reports received and made. */
export function historyColumns(v: UserHistoryView): HTMLElement {
  return h(
    'div',
    { class: 'cols' },
    h(
      'section',
      null,
      h('h3', null, D.sanctions),
      v.sanctions.length
        ? h(
            'ul',
            { class: 'plain' },
            ...v.sanctions.map((s) =>
              h('li', null, D.sanctionBy(s.action, s.actorName ?? s.actorId), ' · ', when(s.at), s.reason ? [' · ', h('q', null, s.reason)] : null),
            ),
          )
        : h('p', { class: 'meta' }, D.noSanctions),
      h('h3', null, D.notes),
      v.notes.length
        ? h(
            'ul',
            { class: 'plain' },
            ...v.notes.map((n) => h('li', null, n.body, h('br'), h('span', { class: 'meta' }, n.authorName, ' · ', when(n.createdAt)))),
          )
        : h('p', { class: 'meta' }, D.noNotes),
    ),
    h(
      'section',
      null,
      h('h3', null, D.reportsReceived(v.reportsReceived.total)),
      v.reportsReceived.items.length
        ? h('ul', { class: 'plain' }, ...v.reportsReceived.items.map((r) => report(r, false)))
        : h('p', { class: 'meta' }, D.noReports),
      h('h3', null, D.reportsMade(v.reportsMade.total)),
      v.reportsMade.items.length ? h('ul', { class: 'plain' }, ...v.reportsMade.items.map((r) => report(r, true))) : h('p', { class: 'meta' }, D.noReports),
    ),
  );
}
