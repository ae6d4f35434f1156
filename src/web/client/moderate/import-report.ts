import type { ImportReport } from '../../../common/import-contract';
import { h, uid } from '../shared/dom';
import { I } from './admin-strings';

const n = (x: number) => x.toLocaleString('en-GB');

/** A table with a caption, its header row and rows of text. */
function table(caption: string, head: string[], rows: (string | Node)[][], className?: string): HTMLTableElement {
  return h(
    'table',
    { class: className },
    h('caption', null, caption),
    h('thead', null, h('tr', null, ...head.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((c) => h('td', null, c))))),
  );
}

/** The report of a run (a dry run's or the import's): totals, per article, the first mappings, what was skipped and why; and its heading, to focus. */
export function reportCard(r: ImportReport): { el: HTMLElement; heading: HTMLElement } {
  const hid = uid('rep');
  const heading = h('h3', { id: hid, tabindex: '-1' }, r.dryRun ? I.dryTitle : I.doneTitle);
  const c = r.comments;
  const byReason = Object.entries(r.skipped.byReason);
  const el = h(
    'section',
    { class: 'card', 'aria-labelledby': hid },
    heading,
    h('p', { class: 'summary' }, r.dryRun ? I.drySummary(c.imported, r.articles.count) : I.doneSummary(c.imported, r.articles.count)),
    h(
      'dl',
      { class: 'facts', 'aria-label': I.totals },
      ...(
        [
          [I.threads, I.threadsText(r.threads.read, r.threads.mapped, r.threads.skipped)],
          [I.comments, I.commentsText(c.read, c.imported, c.alreadyImported, c.skipped)],
          [I.statuses, I.statusesText(c.statuses)],
          [I.replies, I.repliesText(c.replies, c.reRooted, c.flattened)],
          [I.likes, I.likesText(r.likes.imported, r.likes.notImported)],
          [I.users, n(r.users)],
          [I.time, I.seconds(r.durationMs)],
        ] as [string, string][]
      ).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
    ),
    r.articles.sample.length
      ? [
          table(
            I.perArticle,
            [I.colArticle, I.colComments],
            r.articles.sample.map((a) => [a.articleId, n(a.comments)]),
            'per-article',
          ),
          r.articles.count > r.articles.sample.length ? h('p', { class: 'meta' }, I.perArticleMore(r.articles.sample.length, r.articles.count)) : null,
        ]
      : null,
    r.mappings.length
      ? table(
          I.mappingsTitle,
          [I.colThread, I.colSource, I.colTitle, I.colMapped],
          r.mappings.map((m) => [
            m.thread,
            [m.identifier, m.url].filter(Boolean).join(' · '),
            // The source's title exactly, its direction controls kept to its own cell text.
            h('bdi', null, m.title ?? ''),
            m.articleId ?? (m.skipped ? I.unmapped(m.skipped) : '—'),
          ]),
          'mappings',
        )
      : null,
    h('h4', null, I.skippedTitle),
    r.skipped.total
      ? [
          h('p', null, I.skippedByReason),
          h('ul', null, ...byReason.map(([why, count]) => h('li', null, `${why}: ${n(count)}`))),
          table(
            I.skippedItems,
            [I.colItem, I.colReason],
            r.skipped.items.map((x) => [x.item, x.reason]),
            'skipped',
          ),
          r.skipped.total > r.skipped.items.length ? h('p', { class: 'meta' }, I.skippedFirst(r.skipped.items.length, r.skipped.total)) : null,
        ]
      : h('p', { class: 'meta' }, I.noneSkipped),
  );
  return { el, heading };
}
