import type { QueueItem } from '../../../common/contract';
import { h, put, uid } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import type { Desk } from './dashboard';
import { canApprove } from './decisions';
import { reasonText, S } from './strings';

const authorName = (it: QueueItem) => it.author?.name ?? it.authorSummary?.name ?? '?';

/** One queue item on screen, with its checkbox for bulk decisions. */
export class Row {
  readonly li = h('li');
  readonly check: HTMLInputElement;
  readonly box: HTMLElement;

  constructor(
    public item: QueueItem,
    private readonly d: Desk,
  ) {
    const { id } = item;
    this.check = h('input', { type: 'checkbox', 'aria-label': S.select(authorName(item)), onchange: () => d.queue.toggleSelect(id, this.check.checked) });
    this.box = h('article', {
      class: 'item',
      tabindex: '-1',
      'aria-labelledby': '',
      'data-id': id,
      onfocus: () => d.queue.setCurrent(d.queue.rows.indexOf(this)),
    });
    this.draw();
    this.li.append(this.box);
  }

  draw(): void {
    const { d } = this;
    const it = this.item;
    const name = authorName(it);
    const hid = uid('it');
    this.box.setAttribute('aria-labelledby', hid);
    const url = safeUrl(it.article?.url);
    const title = it.article?.title || it.articleId;
    const reports = Object.entries(it.reports ?? {}).filter(([, n]) => n > 0);
    const words = it.reasons.filter((x) => /^(banned|suspect)_word:/.test(x)).map((x) => x.slice(x.indexOf(':') + 1));
    const s = it.authorSummary;
    put(
      this.box,
      h(
        'div',
        { class: 'top' },
        this.check,
        h('h3', { id: hid }, S.itemLabel(name)),
        h(
          'span',
          { class: 'meta' },
          h('time', { datetime: it.createdAt, title: fullTime(it.createdAt), 'data-rel': '' }, relTime(it.createdAt, S.time)),
          it.parentId ? ` · ${S.reply}` : '',
          it.editedAt ? ` · ${S.edited}` : '',
        ),
        h('span', { class: 'badge' }, it.status),
        it.featured ? h('span', { class: 'badge' }, S.featured) : null,
      ),
      h('div', { class: 'text' }, ...marked(it.body, words)),
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, S.article),
        h(
          'dd',
          null,
          url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, title) : title,
          ' ',
          h('span', { class: 'meta' }, `(${it.articleId})`),
          ' ',
          d.filter === it.articleId ? null : h('button', { type: 'button', onclick: () => d.setFilter(it.articleId) }, S.onlyArticle),
        ),
        h('dt', null, S.author),
        h(
          'dd',
          null,
          h('strong', null, name),
          ' ',
          h('span', { class: 'meta' }, s ? S.authorSummary(s.status, s.approved, s.rejected) : ''),
          ' ',
          h('button', { type: 'button', 'aria-keyshortcuts': 'u', onclick: () => d.panel.open(it.author?.id ?? s.id, this.box) }, S.userPanel),
        ),
        h('dt', null, S.why),
        h(
          'dd',
          null,
          it.reasons.length
            ? h(
                'ul',
                { class: 'chips' },
                ...it.reasons.map((x) => {
                  const t = reasonText(x);
                  return h('li', { class: t.tone }, t.text);
                }),
              )
            : h('span', { class: 'meta' }, S.noReasons),
        ),
        reports.length ? [h('dt', null, S.reports), h('dd', null, reports.map(([k, n]) => `${S.reportReasons[k] ?? k} ${n}`).join(', '))] : null,
      ),
      h(
        'div',
        { class: 'acts' },
        canApprove(it, d.tab)
          ? h('button', { type: 'button', class: 'ok', 'aria-keyshortcuts': 'a', onclick: () => d.decisions.decide(this, 'approve') }, S.approve)
          : null,
        it.status !== 'rejected'
          ? h('button', { type: 'button', class: 'no', 'aria-keyshortcuts': 'r', onclick: () => d.decisions.decide(this, 'reject') }, S.reject)
          : null,
        it.status === 'approved'
          ? h(
              'button',
              {
                type: 'button',
                'aria-keyshortcuts': 'f',
                'aria-pressed': String(it.featured),
                onclick: () => d.decisions.decide(this, it.featured ? 'unfeature' : 'feature'),
              },
              S.feature,
            )
          : null,
      ),
    );
    this.check.checked = d.queue.isSelected(it.id);
    this.box.classList.toggle('selected', this.check.checked);
  }
}

/** The body as text, with the matched words (and their plurals) in <mark>. */
function marked(text: string, words: string[]): (string | Node)[] {
  if (!words.length) return [text];
  const esc = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
  let re: RegExp;
  try {
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${esc.join('|')})s?(?![\\p{L}\\p{N}])`, 'giu');
  } catch {
    return [text];
  }
  const out: (string | Node)[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push(text.slice(last, m.index), h('mark', null, m[0]));
    last = (m.index ?? 0) + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

function safeUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
