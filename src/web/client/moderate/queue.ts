import type { CommentFocusView, LogEntryView, Page, Queue, QueueItem } from '../../../common/contract';
import type { ModerationServerEvents } from '../../../live/live-events';
import { h, put } from '../shared/dom';
import type { Tab } from './layout';
import { drawLog, type LogFilter, logFilterForm, logLine } from './log';
import { QueueRows } from './queue-rows';
import { S } from './strings';

/** Queues shown newest first: new items wait behind a button instead of pushing the list down. */
const NEWEST_FIRST = new Set<Queue>(['approved', 'rejected']);

export type Payload<E extends keyof ModerationServerEvents> = Parameters<ModerationServerEvents[E]>[0];

/**
 * The open tab's items: its pages (a queue, the log, search results or one comment) and live
 * arrivals and departures. The rows on screen, the current one and the selection are QueueRows',
 * in queue-rows.ts.
 */
export class QueueList extends QueueRows {
  private nextCursor: string | null = null;
  private loadSeq = 0;
  /** What the log tab is narrowed to. */
  logFilter: LogFilter = {};

  /** What the list shows: a queue (or the log), search results, or one comment on its own. */
  mode: 'queue' | 'search' | 'focus' = 'queue';
  /** The search the results are of (its query string), for their next pages. */
  private searchQuery = '';

  /** Empties the list (the selection, the waiting items) for something new to show. */
  private reset(mode: QueueList['mode']): number {
    this.mode = mode;
    this.rows = [];
    this.current = -1;
    this.selected.clear();
    this.waiting = [];
    this.updateBulk();
    this.updateWaiting();
    this.d.el.more.hidden = true;
    this.d.searchShown(mode === 'queue' ? '' : this.searchLabel);
    put(this.d.el.list, h('li', { class: 'empty' }, S.loading));
    return ++this.loadSeq;
  }

  private searchLabel = '';

  /** Search results (GET /moderation/search with `query`), as cards the same keys work on. */
  async search(query: string, label: string): Promise<void> {
    this.searchQuery = query;
    this.searchLabel = label;
    const seq = this.reset('search');
    const { el } = this.d;
    el.list.setAttribute('aria-label', label);
    try {
      const page = await this.d.api.onSite<Page<QueueItem>>('GET', `/moderation/search?limit=25&${query}`);
      if (seq !== this.loadSeq) return;
      put(el.list);
      this.addItems(page.items);
      this.setNext(page.nextCursor);
      if (!this.rows.length) el.list.append(h('li', { class: 'empty' }, S.noResults));
      this.move(0);
    } catch (e) {
      if (seq === this.loadSeq) put(el.list, h('li', { class: 'empty err' }, S.loadFailed, ' ', (e as Error).message));
    }
  }

  /** One comment on its own, with everything the log says about it. */
  async focusOn(id: string): Promise<void> {
    this.searchLabel = S.focusTitle;
    const seq = this.reset('focus');
    const { el } = this.d;
    el.list.setAttribute('aria-label', S.focusTitle);
    try {
      const view = await this.d.api.onSite<CommentFocusView>('GET', `/moderation/comments/${encodeURIComponent(id)}`);
      if (seq !== this.loadSeq) return;
      put(el.list);
      this.addItems([view.item]);
      el.list.append(
        h(
          'li',
          { class: 'focuslog' },
          h('h3', null, S.history),
          view.log.length ? h('ul', { class: 'log' }, ...view.log.map((l) => h('li', null, logLine(l)))) : h('p', { class: 'meta' }, S.noHistory),
        ),
      );
      this.move(0);
    } catch (e) {
      if (seq === this.loadSeq) put(el.list, h('li', { class: 'empty err' }, S.loadFailed, ' ', (e as Error).message));
    }
  }

  /** Empties the list and loads the first page of `tab`. */
  async load(tab: Tab): Promise<void> {
    const { el, api } = this.d;
    this.mode = 'queue';
    this.d.searchShown('');
    this.rows = [];
    this.current = -1;
    this.selected.clear();
    this.waiting = [];
    this.updateBulk();
    this.updateWaiting();
    const seq = ++this.loadSeq;
    put(el.list, h('li', { class: 'empty' }, S.loading));
    el.more.hidden = true;
    if (tab === 'log') return this.loadLog(seq);
    el.list.setAttribute('aria-label', S.queues[tab]);
    try {
      const page = await api.queue(tab, this.d.filter);
      if (seq !== this.loadSeq) return;
      put(el.list);
      this.addItems(page.items);
      this.setNext(page.nextCursor);
      this.showEmpty();
    } catch (e) {
      if (seq === this.loadSeq) put(el.list, h('li', { class: 'empty err' }, S.loadFailed, ' ', (e as Error).message));
    }
  }

  async loadMore(): Promise<void> {
    const { tab } = this.d;
    if (!this.nextCursor) return;
    if (this.mode === 'queue' && tab === 'log') return this.loadLog(this.loadSeq, this.nextCursor);
    try {
      const page =
        this.mode === 'search'
          ? await this.d.api.onSite<Page<QueueItem>>('GET', `/moderation/search?limit=25&${this.searchQuery}&cursor=${encodeURIComponent(this.nextCursor)}`)
          : await this.d.api.queue(tab as Queue, this.d.filter, this.nextCursor);
      const before = this.rows.length;
      this.addItems(page.items);
      this.setNext(page.nextCursor);
      if (this.rows.length > before) this.move(before);
    } catch (e) {
      this.d.say(S.error((e as Error).message));
    }
  }

  private async loadLog(seq: number, cursor?: string): Promise<void> {
    try {
      const q = Object.entries({ ...this.logFilter })
        .filter(([, v]) => v)
        .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
        .join('');
      const page = await this.d.api.onSite<Page<LogEntryView>>('GET', `/moderation/log?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}${q}`);
      if (seq !== this.loadSeq) return;
      drawLog(this.d.el.list, page.items, !!cursor, {
        form: () =>
          logFilterForm(this.logFilter, (f) => {
            this.logFilter = f;
            void this.load('log').then(() => this.d.el.list.querySelector<HTMLElement>('table.logt')?.focus());
          }),
        openUser: (id, from) => void this.d.panel.open(id, from),
      });
      this.setNext(page.nextCursor);
    } catch (e) {
      if (seq === this.loadSeq) put(this.d.el.list, h('li', { class: 'empty err' }, (e as Error).message));
    }
  }

  private setNext(cursor: string | null): void {
    this.nextCursor = cursor;
    this.d.el.more.hidden = !cursor;
  }

  // ---- live --------------------------------------------------------------------------------

  /** A colleague (or another tab) decided: the item leaves with a short note. */
  removed(e: Payload<'queue.removed'>): void {
    this.waiting = this.waiting.filter((w) => w.id !== e.id);
    this.updateWaiting();
    if (this.mode !== 'queue' || e.queue !== this.d.tab) return;
    const r = this.find(e.id);
    if (!r) return;
    if (this.d.decisions.mine.has(e.id)) return; // our own decision, already handled
    r.box.classList.add('gone');
    r.box.querySelector('.acts')?.replaceWith(h('p', { class: 'note' }, S.byColleague));
    r.check.disabled = true;
    this.selected.delete(e.id);
    this.updateBulk();
    this.d.say(S.colleagueNote(r.item.author?.name ?? r.item.authorSummary?.name ?? ''));
    setTimeout(() => this.drop(e.id, false), 2500);
  }

  added(e: Payload<'queue.added'>): void {
    const { item } = e;
    if (this.mode !== 'queue' || e.queue !== this.d.tab || !item) return;
    if (this.d.filter && item.articleId !== this.d.filter) return;
    const r = this.find(item.id);
    if (r) {
      r.item = item;
      if (!r.box.classList.contains('gone')) r.draw();
      return;
    }
    this.d.decisions.mine.delete(item.id);
    // Oldest-first queues grow at the bottom, which moves nothing; newest-first ones wait for a click.
    if (NEWEST_FIRST.has(e.queue)) {
      if (!this.waiting.some((w) => w.id === item.id)) this.waiting.push(item);
      this.updateWaiting();
    } else if (!this.nextCursor) {
      this.addItems([item]);
    }
  }

  showWaiting(): void {
    const items = this.waiting.reverse();
    this.waiting = [];
    this.updateWaiting();
    this.addItems(items, true);
    this.move(0);
  }
}
