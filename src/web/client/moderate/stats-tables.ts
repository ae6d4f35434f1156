import type { ModerationStatsView } from '../../../common/desk-contract';
import { h } from '../shared/dom';
import { D } from './desk-strings';
import { safeUrl } from './item';

/** A table with a caption, a header row and rows of cells (the first cell of each row is its header). */
export function table(caption: string, head: string[], rows: (string | number)[][], shown = false): HTMLElement {
  return h(
    'div',
    { class: shown ? 'list' : 'data' },
    h(
      'table',
      null,
      h('caption', { class: shown ? 'sr' : null }, caption),
      h('thead', null, h('tr', null, ...head.map((x) => h('th', { scope: 'col' }, x)))),
      h(
        'tbody',
        null,
        ...rows.map(([first, ...rest]) => h('tr', null, h('th', { scope: 'row' }, String(first)), ...rest.map((c) => h('td', null, String(c))))),
      ),
    ),
  );
}

/** The articles with the most comments in the period: title (a link to the article), id and count, as a visible table. */
export function activeArticles(s: ModerationStatsView): HTMLElement {
  return h(
    'section',
    { 'aria-label': D.activeArticles },
    h('h3', null, D.activeArticles),
    s.articles.length
      ? h(
          'div',
          { class: 'list' },
          h(
            'table',
            null,
            h('caption', { class: 'sr' }, D.activeArticles),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, D.articleCol), h('th', { scope: 'col' }, D.commentsCol))),
            h(
              'tbody',
              null,
              ...s.articles.map((a) => {
                const url = safeUrl(a.url);
                const title = a.title || a.articleId;
                return h(
                  'tr',
                  null,
                  h(
                    'th',
                    { scope: 'row' },
                    url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, title) : title,
                    a.title ? h('span', { class: 'meta' }, ` (${a.articleId})`) : null,
                  ),
                  h('td', null, String(a.comments)),
                );
              }),
            ),
          ),
        )
      : h('p', { class: 'meta' }, D.noArticles),
  );
}
