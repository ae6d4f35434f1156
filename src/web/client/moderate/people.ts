import type { Page, QueueItem } from '../../../common/contract';
import type { HistoryReport, UserHistoryView } from '../../../common/desk-contract';
import { h, put, setHtml, uid } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import type { Desk } from './dashboard';
import { D } from './desk-strings';
import { S } from './strings';

/** The status tabs of a user's comments: '' is all of them. */
const STATUS_TABS: [string, string][] = [
  ['', D.all],
  ['approved', D.published],
  ['pending', D.held],
  ['rejected', D.rejected],
  ['deleted', D.deleted],
];

const CSS = `
.view-people .ph { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; }
.view-people .ph h2 { margin: .25rem 0; }
.view-people .facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0 1rem; }
.view-people .facts dt { color: var(--m); }
.view-people .facts dd { margin: 0; overflow-wrap: anywhere; }
.view-people [role=tablist] { display: flex; flex-wrap: wrap; gap: .25rem; margin: .25rem 0 .5rem; }
.view-people [role=tab][aria-selected=true] { background: var(--ac); color: #fff; border-color: var(--ac); }
.view-people ul.hist { list-style: none; padding: 0; margin: 0 0 1rem; }
.view-people ul.hist > li { border: 1px solid var(--bd); border-radius: 6px; margin: 0 0 .5rem; }
.view-people article.hc { padding: .5rem .75rem; }
.view-people article.hc:focus { outline: 3px solid var(--fc); outline-offset: 1px; }
.view-people article.hc.current { border-left: 4px solid var(--ac); }
.view-people article.hc h4 { margin: 0; font-size: 1rem; display: inline; }
.view-people article.hc .text { margin: .25rem 0; overflow-wrap: anywhere; }
.view-people article.hc .acts { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.view-people .cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 1.5rem; }
.view-people ul.plain { padding-left: 1.1rem; }
.view-people ul.plain li { margin-bottom: .35rem; overflow-wrap: anywhere; }
`;

let styled = false;
function addStyles(): void {
  if (styled) return;
  styled = true;
  document.head.append(h('style', { 'data-for': 'people' }, CSS));
}

const when = (iso: string) => h('time', { datetime: iso, title: fullTime(iso), 'data-rel': '' }, relTime(iso, S.time));

/** The user the fragment names: `#people/<user id>`. */
export function peopleTarget(): string | null {
  const m = /^#people\/(.+)$/.exec(location.hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

export const peopleHref = (userId: string) => `#people/${encodeURIComponent(userId)}`;

/**
 * A user's full history (#people/<id>): who they are, their comments by status (paged through
 * GET /moderation/search?authorId=&status=), sanctions with who and when, reports made and
 * received, and staff notes. The comments take the queues' keys: j / k move, a approves, r rejects
 * (with an optional reason), 1-5 switch the status.
 */
export class PeopleScreen {
  private readonly heading = h('h2', { id: 'people-h', tabindex: '-1' }, D.historyTitle);
  private readonly body = h('div');
  private readonly list = h('ul', { class: 'hist' });
  private readonly more = h('button', { type: 'button', hidden: true, onclick: () => void this.page(false) }, D.loadMore);
  private tabs: HTMLButtonElement[] = [];
  private userId = '';
  private status = '';
  private cursor: string | null = null;
  private items: { item: QueueItem; box: HTMLElement }[] = [];
  private current = -1;
  private seq = 0;
  private pageSeq = 0;
  private history: UserHistoryView | null = null;

  constructor(
    private readonly d: Desk,
    readonly root: HTMLElement,
  ) {
    addStyles();
    put(root, h('div', { class: 'ph' }, this.heading, h('a', { href: '#queues' }, D.backToQueues)), this.body);
  }

  async open(focus = true): Promise<void> {
    const id = peopleTarget();
    if (!id) return void put(this.body, h('p', { class: 'err' }, D.historyFailed));
    this.userId = id;
    this.status = '';
    put(this.heading, D.historyTitle);
    put(this.body, h('p', null, S.loading));
    if (focus) this.heading.focus();
    const seq = ++this.seq;
    try {
      const history = await this.d.api.onSite<UserHistoryView>('GET', `/moderation/users/${encodeURIComponent(id)}/history`);
      if (seq !== this.seq) return;
      this.history = history;
      this.draw(history);
      await this.page(true);
    } catch (e) {
      if (seq === this.seq) put(this.body, h('p', { class: 'err', role: 'alert' }, D.historyFailed, ' ', (e as Error).message));
    }
    if (focus && seq === this.seq) this.heading.focus();
  }

  private draw(v: UserHistoryView): void {
    const u = v.user;
    put(this.heading, D.historyOf(u.name));
    const counts: Record<string, number> = { ...v.comments, '': v.comments.approved + v.comments.pending + v.comments.rejected + v.comments.deleted };
    const tabsId = uid('st');
    this.tabs = STATUS_TABS.map(([value, label], i) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `${tabsId}-${value || 'all'}`,
          'aria-selected': String(value === this.status),
          'aria-controls': `${tabsId}-panel`,
          tabindex: value === this.status ? '0' : '-1',
          'aria-keyshortcuts': String(i + 1),
          onclick: () => void this.showStatus(value),
          onkeydown: (e: KeyboardEvent) => this.tabKeys(e),
        },
        `${label} (${counts[value] ?? 0})`,
      ),
    );
    const report = (r: HistoryReport, made: boolean) =>
      h(
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
    const status = u.status === 'suspended' && u.suspendedUntil ? `${u.status} ${S.until(fullTime(u.suspendedUntil))}` : u.status;
    put(
      this.body,
      h(
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
      ),
      h(
        'section',
        { 'aria-labelledby': `${tabsId}-h` },
        h('h3', { id: `${tabsId}-h` }, D.commentsByStatus),
        h('p', { class: 'meta' }, D.keysHint),
        h('div', { role: 'tablist', 'aria-label': D.statusTabs }, ...this.tabs),
        h('div', { role: 'tabpanel', id: `${tabsId}-panel`, 'aria-labelledby': this.tabs[0].id }, this.list, this.more),
      ),
      h(
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
      ),
    );
  }

  private tabKeys(e: KeyboardEvent): void {
    const i = STATUS_TABS.findIndex(([v]) => v === this.status);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % STATUS_TABS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + STATUS_TABS.length) % STATUS_TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = STATUS_TABS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    e.stopPropagation();
    void this.showStatus(STATUS_TABS[next][0]);
  }

  private async showStatus(status: string): Promise<void> {
    this.status = status;
    for (const [i, [v]] of STATUS_TABS.entries()) {
      const on = v === status;
      this.tabs[i].setAttribute('aria-selected', String(on));
      this.tabs[i].tabIndex = on ? 0 : -1;
      if (on) {
        this.tabs[i].focus();
        this.list.parentElement?.setAttribute('aria-labelledby', this.tabs[i].id);
      }
    }
    await this.page(true);
  }

  /** The first page of the current status (`fresh`) or the next one. */
  private async page(fresh: boolean): Promise<void> {
    const seq = fresh ? ++this.pageSeq : this.pageSeq;
    if (fresh) {
      this.items = [];
      this.current = -1;
      this.cursor = null;
      put(this.list, h('li', { class: 'empty' }, S.loading));
    }
    const label = STATUS_TABS.find(([v]) => v === this.status)?.[1] ?? D.all;
    this.list.setAttribute('aria-label', D.commentsLabel(label));
    const q = new URLSearchParams({ authorId: this.userId, limit: '20' });
    if (this.status) q.set('status', this.status);
    if (!fresh && this.cursor) q.set('cursor', this.cursor);
    try {
      const page = await this.d.api.onSite<Page<QueueItem>>('GET', `/moderation/search?${q.toString()}`);
      if (seq !== this.pageSeq) return;
      if (fresh) put(this.list);
      for (const item of page.items) {
        const box = h('article', { class: 'hc', tabindex: '-1' });
        const entry = { item, box };
        box.addEventListener('focus', () => this.mark(this.items.indexOf(entry)));
        this.items.push(entry);
        this.drawItem(entry);
        this.list.append(h('li', null, box));
      }
      if (!this.items.length) this.list.append(h('li', { class: 'empty' }, D.noComments));
      this.cursor = page.nextCursor;
      this.more.hidden = !page.nextCursor;
    } catch (e) {
      if (seq === this.pageSeq) put(this.list, h('li', { class: 'err' }, (e as Error).message));
    }
  }

  private drawItem(entry: { item: QueueItem; box: HTMLElement }, rejecting = false): void {
    const it = entry.item;
    const hid = uid('hc');
    entry.box.setAttribute('aria-labelledby', hid);
    const text = h('div', { class: 'text' });
    if (it.html) setHtml(text, it.html);
    else put(text, it.body);
    const dec = it.decision;
    const reasonId = uid('rr');
    const reason = h('input', { type: 'text', id: reasonId, maxlength: '500', autocomplete: 'off' });
    put(
      entry.box,
      h('h4', { id: hid }, D.commentBy(it.author?.name ?? this.history?.user.name ?? '')),
      ' ',
      h('span', { class: 'badge' }, it.status),
      ' ',
      h('span', { class: 'meta' }, when(it.createdAt), ' · ', D.article, ': ', it.article?.title || it.articleId),
      text,
      dec
        ? h(
            'p',
            { class: 'meta' },
            D.decidedBy(dec.action, dec.actorName ?? dec.actorId),
            ' · ',
            when(dec.at),
            dec.reason ? [' · ', h('q', null, dec.reason)] : null,
          )
        : null,
      rejecting
        ? h(
            'form',
            {
              class: 'acts',
              novalidate: true,
              onsubmit: (e: Event) => {
                e.preventDefault();
                void this.decide(entry, 'reject', reason.value.trim());
              },
              onkeydown: (e: KeyboardEvent) => {
                if (e.key !== 'Escape') return;
                e.preventDefault();
                e.stopPropagation();
                this.drawItem(entry);
                entry.box.focus();
              },
            },
            h('label', { for: reasonId }, D.rejectReason),
            reason,
            h('button', { type: 'submit', class: 'no' }, D.rejectConfirm),
            h('button', { type: 'button', onclick: () => (this.drawItem(entry), entry.box.focus()) }, D.cancel),
          )
        : h(
            'div',
            { class: 'acts' },
            this.canApprove(it)
              ? h('button', { type: 'button', class: 'ok', 'aria-keyshortcuts': 'a', onclick: () => void this.decide(entry, 'approve') }, D.approveBtn)
              : null,
            this.canReject(it)
              ? h('button', { type: 'button', class: 'no', 'aria-keyshortcuts': 'r', onclick: () => this.askReject(entry) }, D.rejectBtn)
              : null,
          ),
    );
    if (rejecting) reason.focus();
  }

  private canApprove = (it: QueueItem) => it.status === 'pending' || it.status === 'rejected';
  private canReject = (it: QueueItem) => it.status === 'pending' || it.status === 'approved';

  private askReject(entry: { item: QueueItem; box: HTMLElement }): void {
    this.drawItem(entry, true);
  }

  private async decide(entry: { item: QueueItem; box: HTMLElement }, action: 'approve' | 'reject', reason?: string): Promise<void> {
    try {
      const body = action === 'reject' ? (reason ? { reason } : {}) : undefined;
      const after = await this.d.api.onSite<QueueItem>('POST', `/moderation/comments/${encodeURIComponent(entry.item.id)}/${action}`, body);
      entry.item = {
        ...entry.item,
        ...after,
        decision: { action, actorId: '', actorName: this.d.api.me?.name ?? null, reason: reason || null, at: new Date().toISOString() },
      };
      this.drawItem(entry);
      entry.box.focus();
      this.d.say(action === 'approve' ? D.approvedSay : D.rejectedSay);
      void this.d.refreshCounts();
    } catch (e) {
      this.drawItem(entry);
      entry.box.focus();
      this.d.say(S.error((e as Error).message));
    }
  }

  private mark(i: number): void {
    this.current = i;
    this.items.forEach((x, j) => x.box.classList.toggle('current', j === i));
  }

  private move(i: number): void {
    if (!this.items.length) return;
    const n = Math.max(0, Math.min(this.items.length - 1, i));
    this.mark(n);
    this.items[n].box.focus();
    this.items[n].box.scrollIntoView({ block: 'nearest' });
  }

  /** The screen's keys (the dashboard hands them over while it shows): the queues' j / k / a / r, and 1-5 for the statuses. */
  onKey(e: KeyboardEvent): void {
    const t = e.target as HTMLElement;
    if (t.closest('input, textarea, select, [contenteditable]') || e.ctrlKey || e.metaKey || e.altKey) return;
    const cur = this.items[this.current];
    const key = e.key;
    let handled = true;
    if (key === 'j') this.move(this.current + 1);
    else if (key === 'k') this.move(this.current < 0 ? 0 : this.current - 1);
    else if (key >= '1' && key <= String(STATUS_TABS.length)) void this.showStatus(STATUS_TABS[Number(key) - 1][0]);
    else if (key === 'a' && cur && this.canApprove(cur.item)) void this.decide(cur, 'approve');
    else if (key === 'r' && cur && this.canReject(cur.item)) this.askReject(cur);
    else handled = false;
    if (handled) e.preventDefault();
  }
}
