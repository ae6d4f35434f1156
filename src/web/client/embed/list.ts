import type { CommentView, Sort } from '../../../common/contract';
import { h, put } from '../shared/dom';
import { refreshTimes } from '../shared/time';
import { Card, type CardContext } from './card';
import { type ArticlePage, type CommentsApi, errorText } from './client';
import { FreshComments } from './fresh';
import { S } from './strings';

/** Replies shown under a top-level comment before "show more". */
const REPLY_PREVIEW = 3;
const REPLY_PAGE = 20;

export interface ListContext extends Omit<CardContext, 'showReplies' | 'isCollapsed' | 'base'> {
  readonly api: CommentsApi;
  say(text: string): void;
  /** A page was drawn: live events that came before the first one can apply now. */
  loaded(): void;
}

/** The article's comments: pages, reply threads, the count, and the new ones waiting to be shown. */
export class CommentList {
  readonly el: HTMLOListElement;
  readonly more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => this.loadMore() }, S.loadMore);
  readonly count = h('span', { 'aria-live': 'off' }, S.heading);
  readonly fresh = new FreshComments(() => this.showFresh());
  total = 0;
  /** True once a page was shown (until then there is nothing to redraw). */
  isLoaded = false;
  private readonly cards = new Map<string, Card>();
  private readonly cardContext: CardContext;
  private sort: Sort;
  private nextCursor: string | null = null;
  private loading = 0;
  /** The depth of the comment a "Continue this thread" opened (embed-extras.js's thread.ts), 0 for the whole article. */
  base = 0;
  /** Threads the reader collapsed during this page view (kept across a re-sort or a reload of the list). */
  private readonly collapsed = new Set<string>();

  constructor(
    headingId: string,
    private readonly ctx: ListContext,
  ) {
    this.el = h('ol', { class: 'list', 'aria-labelledby': headingId });
    this.sort = ctx.options.sort;
    this.cardContext = { ...ctx, showReplies: (card) => void this.loadReplies(card), isCollapsed: (id) => this.collapsed.has(id), base: () => this.base };
  }

  sortBy(sort: Sort): void {
    this.sort = sort;
    void this.reload();
  }

  async reload(): Promise<void> {
    const seq = ++this.loading;
    this.fresh.clear();
    this.el.setAttribute('aria-busy', 'true');
    if (!this.isLoaded) put(this.el, h('li', { class: 'hint' }, S.loading));
    let page: ArticlePage;
    try {
      page = await this.ctx.api.comments(this.sort);
    } catch {
      if (seq !== this.loading) return;
      this.el.setAttribute('aria-busy', 'false');
      put(this.el, h('li', { class: 'err' }, S.loadFailed, ' ', h('button', { type: 'button', onclick: () => this.reload() }, S.retry)));
      return;
    }
    if (seq !== this.loading) return;
    this.cards.clear();
    put(this.el);
    this.isLoaded = true;
    this.el.setAttribute('aria-busy', 'false');
    this.setCount(page.total ?? 0);
    this.appendPage(page);
    if (!page.items.length && !this.fresh.size) this.el.append(h('li', { class: 'hint empty' }, S.empty));
    this.ctx.loaded();
    if (this.ctx.session.isModerator) void this.showHeld(seq);
  }

  /**
   * A moderator also sees the article's comments waiting for a decision, badged, to approve or
   * reject in place: top-level ones at the top, replies under their parent when it is on the page.
   */
  private async showHeld(seq: number): Promise<void> {
    let held: CommentView[];
    try {
      held = (await this.ctx.api.held()).items;
    } catch {
      return; // the dashboard's queues still have them
    }
    if (seq !== this.loading) return;
    // Oldest first: each top-level one goes on top, so the newest ends up first.
    for (const c of held) {
      const parent = c.parentId ? this.cards.get(c.parentId) : undefined;
      if (this.cards.has(c.id) || (c.parentId && !parent)) continue;
      const n = this.build(c, parent ? parent.depth + 1 : 0, false);
      if (parent) {
        // Not counted in `shown`: replyCount counts published replies only.
        parent.replies.append(n.li);
        parent.drawMore();
      } else {
        this.el.querySelector('.empty')?.remove();
        this.el.prepend(n.li);
      }
    }
    this.retime();
  }

  /** Every relative time again, so a new card's "just now" and an older one's "3 min ago" agree. */
  retime(): void {
    refreshTimes(this.el, 'time', S.time);
  }

  /** A live comment waits behind "Show new comments": the list is no longer empty. */
  freshArrived(): void {
    this.el.querySelector('.empty')?.remove();
  }

  /**
   * Shows the comment a link points to: from the page when it is there, else with the thread above
   * it (GET /comments/{id}/context), inserted at the top; then scrolls to it, highlights and focuses it.
   */
  async reveal(id: string): Promise<boolean> {
    let n = this.cards.get(id);
    if (!n) {
      let thread: CommentView[];
      try {
        thread = (await this.ctx.api.context(id)).thread;
      } catch {
        return false;
      }
      let parent: Card | undefined;
      for (const c of thread) {
        const have = this.cards.get(c.id);
        if (have) {
          parent = have;
          continue;
        }
        const child = this.build(c, parent ? parent.depth + 1 : 0, false);
        if (parent) {
          parent.replies.append(child.li);
          parent.shown++;
          parent.drawMore();
        } else {
          this.el.querySelector('.empty')?.remove();
          this.el.prepend(child.li);
        }
        parent = child;
      }
      n = this.cards.get(id);
      if (!n) return false;
      this.retime();
    }
    n.card.classList.add('target');
    n.card.scrollIntoView({ block: 'center' });
    n.card.focus({ preventScroll: true });
    return true;
  }

  private appendPage(page: ArticlePage): HTMLElement | null {
    let first: HTMLElement | null = null;
    for (const c of page.items) {
      if (this.cards.has(c.id)) continue;
      const n = this.build(c, 0);
      this.el.append(n.li);
      first ??= n.card;
    }
    this.nextCursor = page.nextCursor;
    this.more.hidden = !page.nextCursor;
    this.retime();
    return first;
  }

  private async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    const btn = this.more;
    btn.disabled = true;
    try {
      const first = this.appendPage(await this.ctx.api.comments(this.sort, this.nextCursor));
      if (first && btn.hidden) first.focus();
    } catch (e) {
      this.ctx.say(errorText(e));
    } finally {
      btn.disabled = false;
    }
  }

  setCount(n: number): void {
    this.total = n;
    put(this.count, S.headingCount(n));
    if (n > 0) this.freshArrived();
  }

  /** Every card again, after something they all depend on changed (closed, the edit window, who is muted). */
  drawAll(): void {
    for (const n of this.cards.values()) n.draw();
  }

  /** Folds or unfolds a thread's replies; the toggle keeps focus and says what happened. */
  toggleCollapsed(n: Card): void {
    const fold = !this.collapsed.has(n.c.id);
    if (fold) this.collapsed.add(n.c.id);
    else this.collapsed.delete(n.c.id);
    n.draw();
    n.drawMore();
    n.focusAction('collapse');
    this.ctx.say(fold ? S.threadCollapsed(Math.max(n.c.replyCount, n.replies.childElementCount)) : S.threadExpanded);
  }

  expireEdits(): void {
    for (const n of this.cards.values()) n.expireEdit();
  }

  private build(c: CommentView, depth: number, preview = true): Card {
    const n = new Card(c, depth, this.cardContext);
    this.cards.set(c.id, n);
    n.draw();
    if (c.replyCount > 0 && depth === 0 && preview) void this.loadReplies(n, REPLY_PREVIEW);
    else n.drawMore();
    return n;
  }

  /** The next page of a comment's replies; the first new one takes focus when `focus` (a page the reader asked for; the preview loads on its own). */
  async loadReplies(n: Card, limit = REPLY_PAGE, focus = limit === REPLY_PAGE): Promise<void> {
    try {
      const page = await this.ctx.api.replies(n.c.id, limit, n.cursor);
      let first: HTMLElement | null = null;
      for (const c of page.items) {
        if (this.cards.has(c.id)) continue;
        const child = this.build(c, n.depth + 1);
        n.replies.append(child.li);
        n.shown++;
        first ??= child.card;
      }
      n.cursor = page.nextCursor;
      n.drawMore();
      this.retime();
      if (focus) first?.focus();
    } catch (e) {
      this.ctx.say(errorText(e));
    }
  }

  /** The reader's own new comment or reply: shown at once, where it belongs. False if it was already shown. */
  addOwn(c: CommentView, parent?: Card): boolean {
    this.fresh.delete(c.id);
    const existing = this.cards.get(c.id);
    if (existing) {
      existing.c = c;
      existing.draw();
      return false;
    }
    if (parent) {
      const child = this.build(c, parent.depth + 1);
      child.card.classList.add('fresh');
      parent.replies.append(child.li);
      parent.shown++;
      if (c.status === 'approved') parent.c.replyCount++;
      parent.drawMore();
      // A reply nested deeper than the list draws shows in its thread, opened for it.
      if (parent.deep) this.ctx.act(parent, 'thread');
      child.card.focus();
    } else {
      this.el.querySelector('.empty')?.remove();
      const n = this.build(c, 0);
      n.card.classList.add('fresh');
      this.el.prepend(n.li);
    }
    this.retime();
    return true;
  }

  /** The comment's card, if it is on screen. */
  get(id: string): Card | undefined {
    return this.cards.get(id);
  }

  remove(id: string): void {
    const n = this.cards.get(id);
    if (!n) return;
    const next = (n.li.nextElementSibling ?? n.li.previousElementSibling)?.querySelector<HTMLElement>('.card');
    const hadFocus = n.li.contains(this.ctx.root.activeElement);
    n.li.remove();
    this.cards.delete(id);
    for (const d of Array.from(n.li.querySelectorAll<HTMLElement>('.card'))) this.cards.delete(d.dataset.id ?? '');
    const parent = n.c.parentId ? this.cards.get(n.c.parentId) : null;
    if (parent) {
      parent.c.replyCount = Math.max(0, parent.c.replyCount - 1);
      parent.shown = Math.max(0, parent.shown - 1);
      parent.drawMore();
    }
    if (hadFocus) (next ?? parent?.card ?? this.el.parentElement?.querySelector('h2'))?.focus();
  }

  /** Reveals the waiting comments where they belong and moves focus to the first one. */
  private showFresh(): void {
    const items = this.fresh.take();
    const newest = this.sort === 'newest';
    this.el.querySelector('.empty')?.remove();
    let shown = 0;
    const top = items.filter((c) => !c.parentId);
    // Newest first: the newest goes on top. Oldest first: after the last loaded page, or later with "load more".
    for (const c of newest ? top : top.reverse()) {
      if (this.cards.has(c.id)) continue;
      if (!newest && this.nextCursor) continue;
      const n = this.build(c, 0);
      n.card.classList.add('fresh');
      if (newest) this.el.prepend(n.li);
      else this.el.append(n.li);
      shown++;
    }
    // Oldest first, so a reply to a reply that is new too finds its parent on the page.
    for (const c of items.filter((x) => x.parentId)) {
      const p = this.cards.get(c.parentId!);
      if (!p || this.cards.has(c.id)) continue;
      p.c.replyCount++;
      // Shown under its parent at once: the reader asked for the new ones. A page of replies
      // loaded later skips it (it is on the page already).
      const n = this.build(c, p.depth + 1);
      n.card.classList.add('fresh');
      p.replies.append(n.li);
      p.shown++;
      shown++;
      p.drawMore();
    }
    this.retime();
    this.fresh.announceShown(shown || items.length);
    (this.el.querySelector<HTMLElement>('.card.fresh') ?? this.el.querySelector<HTMLElement>('.card'))?.focus();
  }
}
