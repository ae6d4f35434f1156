import type { Page, QueueItem } from '../../../common/contract';
import type { UserHistoryView } from '../../../common/desk-contract';
import { h, put, setHtml, uid } from '../shared/dom';
import type { Desk } from './dashboard';
import { D } from './desk-strings';
import { when } from './people-history';
import { S } from './strings';

/** The status tabs of a user's comments: '' is all of them. */
const STATUS_TABS: [string, string][] = [
  ['', D.all],
  ['approved', D.published],
  ['pending', D.held],
  ['rejected', D.rejected],
  ['deleted', D.deleted],
];

type Entry = { item: QueueItem; box: HTMLElement };

/**
 * A user's comments on the people screen, by status (tabs with counts, paged through
 * GET /moderation/search?authorId=&status=), each to approve or reject (with an optional reason),
 * with the queues' keys: j / k move, a approves, r rejects, 1-5 switch the status.
 */
export class PeopleComments {
  private readonly list = h('ul', { class: 'hist' });
  private readonly more = h('button', { type: 'button', hidden: true, onclick: () => void this.page(false) }, D.loadMore);
  private tabs: HTMLButtonElement[] = [];
  private userId = '';
  /** The user's name, for a comment that does not carry its author's. */
  private userName = '';
  private status = '';
  private cursor: string | null = null;
  private items: Entry[] = [];
  private current = -1;
  private pageSeq = 0;

  constructor(private readonly d: Desk) {}

  /** Turns to another user, on the tab of all their comments; `section` draws them once their history is in. */
  forUser(userId: string): void {
    this.userId = userId;
    this.status = '';
  }

  /** The section with the status tabs (their counts from the history) and the list; `page(true)` fills it. */
  section(v: UserHistoryView): HTMLElement {
    this.userName = v.user.name;
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
    return h(
      'section',
      { 'aria-labelledby': `${tabsId}-h` },
      h('h3', { id: `${tabsId}-h` }, D.commentsByStatus),
      h('p', { class: 'meta' }, D.keysHint),
      h('div', { role: 'tablist', 'aria-label': D.statusTabs }, ...this.tabs),
      h('div', { role: 'tabpanel', id: `${tabsId}-panel`, 'aria-labelledby': this.tabs[0].id }, this.list, this.more),
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
  async page(fresh: boolean): Promise<void> {
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

  private drawItem(entry: Entry, rejecting = false): void {
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
      h('h4', { id: hid }, D.commentBy(it.author?.name ?? this.userName)),
      ' ',
      h('span', { class: 'badge' }, it.status),
      ' ',
      h('span', { class: 'meta' }, when(it.createdAt), ' · ', D.article, ': ', h('bdi', null, it.article?.title || it.articleId)),
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

  private askReject(entry: Entry): void {
    this.drawItem(entry, true);
  }

  private async decide(entry: Entry, action: 'approve' | 'reject', reason?: string): Promise<void> {
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

  /** The people screen's keys: the queues' j / k / a / r, and 1-5 for the statuses. */
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
