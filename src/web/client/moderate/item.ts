import type { QueueItem } from '../../../common/contract';
import { h, put, setHtml, uid } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import type { Desk } from './dashboard';
import { canApprove } from './decisions';
import { peopleHref } from './people';
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
    // Isolated: a title's direction controls (it is the publisher's, or an imported one) reorder only itself.
    const title = h('bdi', null, it.article?.title || it.articleId);
    const reports = Object.entries(it.reports ?? {}).filter(([, n]) => n > 0);
    const words = it.reasons.filter((x) => /^(banned|suspect)_word:/.test(x)).map((x) => x.slice(x.indexOf(':') + 1));
    const s = it.authorSummary;
    const text = h('div', { class: 'text' });
    // The service's sanitized HTML (links work and open apart); matched words marked inside it.
    setHtml(text, it.html || '');
    if (!it.html) put(text, it.body);
    markWords(text, words);
    const notes = it.reportNotes ?? [];
    const past = it.reportHistory;
    const pastCounts = past ? Object.entries(past.counts).filter(([, n]) => n > 0) : [];
    const dec = it.decision;
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
      text,
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
          url && it.status === 'approved'
            ? h('a', { href: `${url.split('#')[0]}#comment-${it.id}`, target: '_blank', rel: 'noopener noreferrer', class: 'inplace' }, S.inPlace)
            : null,
          ' ',
          d.filter === it.articleId ? null : h('button', { type: 'button', onclick: () => d.setFilter(it.articleId) }, S.onlyArticle),
        ),
        h('dt', null, S.author),
        h(
          'dd',
          null,
          // The author's name leads to their full history (#people/<id>).
          h('a', { href: peopleHref(it.author?.id ?? s.id), class: 'author' }, h('strong', null, name)),
          ' ',
          h('span', { class: 'meta' }, s ? S.authorSummary(s.status, s.approved, s.rejected) : ''),
          ' ',
          h('button', { type: 'button', 'aria-keyshortcuts': 'u', onclick: () => d.panel.open(it.author?.id ?? s.id, this.box) }, S.userPanel),
        ),
        dec
          ? [
              h('dt', null, S.decision),
              h(
                'dd',
                { class: 'decision' },
                S.decidedBy(dec.action, dec.actorName ?? dec.actorId),
                ' ',
                h('time', { datetime: dec.at, title: fullTime(dec.at), 'data-rel': '' }, relTime(dec.at, S.time)),
                dec.reason ? [' · ', h('q', null, dec.reason)] : null,
              ),
            ]
          : null,
        it.reasons.length || !dec
          ? [
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
            ]
          : null,
        reports.length ? [h('dt', null, S.reports), h('dd', null, reports.map(([k, n]) => `${S.reportReasons[k] ?? k} ${n}`).join(', '))] : null,
        !reports.length && pastCounts.length
          ? [h('dt', null, S.pastReports), h('dd', null, pastCounts.map(([k, n]) => `${S.reportReasons[k] ?? k} ${n}`).join(', '))]
          : null,
        noteList(notes.length ? notes : (past?.notes ?? [])),
      ),
      h(
        'div',
        { class: 'acts' },
        canApprove(it, d.tab)
          ? h('button', { type: 'button', class: 'ok', 'aria-keyshortcuts': 'a', onclick: () => d.decisions.decide(this, 'approve') }, S.approve)
          : null,
        it.status !== 'rejected'
          ? h('button', { type: 'button', class: 'no', 'aria-keyshortcuts': 'r', onclick: () => d.decisions.askReject(this) }, S.reject)
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
        d.queue.mode === 'focus' ? null : h('button', { type: 'button', 'aria-keyshortcuts': 'o', onclick: () => void d.queue.focusOn(it.id) }, S.focus),
      ),
    );
    this.check.checked = d.queue.isSelected(it.id);
    this.box.classList.toggle('selected', this.check.checked);
  }
}

/** Readers' report notes, as a definition of the item. */
function noteList(notes: NonNullable<QueueItem['reportNotes']>): Node[] | null {
  if (!notes.length) return null;
  return [
    h('dt', null, S.reportNotes),
    h(
      'dd',
      null,
      h(
        'ul',
        { class: 'notes' },
        ...notes.map((n) => h('li', null, h('span', { class: 'meta' }, `${S.reportReasons[n.reason] ?? n.reason}: `), h('q', null, n.note))),
      ),
    ),
  ];
}

/** Wraps the matched words (and their plurals) of the rendered text in <mark>, text nodes only. */
function markWords(root: HTMLElement, words: string[]): void {
  if (!words.length) return;
  const esc = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
  let re: RegExp;
  try {
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${esc.join('|')})s?(?![\\p{L}\\p{N}])`, 'giu');
  } catch {
    return;
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  for (const node of nodes) {
    const parts = marked(node.data, re);
    if (parts.length > 1) node.replaceWith(...parts);
  }
}

/** A text split around the matches of `re`, each match in <mark>. */
function marked(text: string, re: RegExp): (string | Node)[] {
  const out: (string | Node)[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push(text.slice(last, m.index), h('mark', null, m[0]));
    last = (m.index ?? 0) + m[0].length;
  }
  if (!out.length) return [text];
  out.push(text.slice(last));
  return out;
}

/** An http(s) address as a link may carry it, or null. */
export function safeUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
