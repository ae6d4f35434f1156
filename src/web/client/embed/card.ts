import type { CommentView } from '../../../common/contract';
import { h, put, setHtml, uid } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import type { Options } from './options';
import type { Session } from './session';
import { S } from './strings';

/** The inline form open under a comment, if any. */
export type Mode = '' | 'reply' | 'edit' | 'report' | 'delete' | 'more';
/** The comment's action buttons, also their `data-k`; and "Continue this thread". */
export type Action = Exclude<Mode, ''> | 'like' | 'link' | 'collapse' | 'thread';

/** Reply levels drawn nested below the comment the list starts from; a deeper thread opens on its own ("Continue this thread"). */
const NESTED = 3;

/** What drawing a comment needs from the widget around it. */
export interface CardContext {
  readonly options: Options;
  readonly session: Session;
  readonly root: ShadowRoot;
  isClosed(): boolean;
  /** The signed-in reader may not write here (banned or suspended, per GET /me): no Reply, Like, Edit or Report. */
  cannotPost(): boolean;
  act(card: Card, action: Action): void;
  showReplies(card: Card): void;
  /** The signed-in reader muted this author (mutes.ts): the card shows folded until "Show". */
  isMuted(authorId: string): boolean;
  /** The reader folded this thread during this page view. */
  isCollapsed(id: string): boolean;
  /** The depth of the comment the list starts from: 0, or the comment a "Continue this thread" opened. */
  base(): number;
}

/** One comment on screen: its data, its elements, and how much of its thread is shown. */
export class Card {
  readonly li = h('li', { class: 'c' });
  readonly card = h('article', { class: 'card', tabindex: '-1' });
  private readonly head = h('header', { class: 'head' });
  private readonly body = h('div', { class: 'body' });
  /** One Tab stop per comment: a toolbar whose buttons the arrow keys move between. */
  private readonly acts = h('div', { class: 'actions', role: 'toolbar', 'aria-label': S.actions, onkeydown: (e: KeyboardEvent) => this.rove(e) });
  /** A visible line under the comment saying what just happened to it (published, held and why, approved). */
  private readonly noticeEl = h('div', { class: 'notice', hidden: true });
  /** The action that keeps the toolbar's Tab stop. */
  private roving: Action | undefined;
  /** This reader reported it during this visit. */
  reported = false;
  /** Holds the open inline form. */
  readonly slot = h('div');
  readonly replies = h('ol', { class: 'replies', id: uid('pt') });
  private readonly more = h('div', { class: 'rmore' });
  /** Replies rendered so far, and where the next page starts (undefined: none fetched yet, null: no more). */
  shown = 0;
  cursor: string | null | undefined = undefined;
  mode: Mode = '';
  /** Redraws the moment the edit window closes (the widget's half-minute tick would be late). */
  private editExpiry = 0;
  /** The reader chose to read this muted author's comment anyway ("Show"). */
  unmuted = false;
  /** A moderator decided on it here: it stays on their screen (with its badge) when the live removal comes. */
  decidedHere = false;

  constructor(
    public c: CommentView,
    readonly depth: number,
    private readonly ctx: CardContext,
  ) {
    this.card.append(this.head, this.body, this.noticeEl, this.acts, this.slot);
    this.li.append(this.card, this.replies, this.more);
  }

  /** Folded away because the reader muted its author (and did not ask to see it). */
  get muted(): boolean {
    const { c } = this;
    return !this.unmuted && !this.own && c.status !== 'deleted' && !!c.author && this.ctx.isMuted(c.author.id);
  }

  get own(): boolean {
    const { me } = this.ctx.session;
    return !!me && this.c.author?.id === me.sub;
  }

  /** Milliseconds left to edit this comment (the site's window, as known now), 0 when it cannot be. */
  private get editableFor(): number {
    const { c } = this;
    const left = Date.parse(c.createdAt) + this.ctx.options.editWindowSeconds * 1000 - Date.now();
    return this.own && (c.status === 'approved' || c.status === 'pending') && !this.ctx.isClosed() && !this.ctx.cannotPost() && left > 0 ? left : 0;
  }

  /**
   * Draws the card from its data. Only header, body and action buttons are redrawn (an open
   * form below them keeps its text and focus); a focused action button gets focus back.
   */
  draw(): void {
    const { c } = this;
    const active = this.ctx.root.activeElement as HTMLElement | null;
    const focusKey = active && this.acts.contains(active) ? active.dataset.k : undefined;
    if (focusKey) this.roving = focusKey as Action;
    const gone = c.status === 'deleted';
    const byAuthor = gone && c.removedBy === 'author';
    const nameId = uid('pa');
    this.card.className = `card${this.own ? ' mine' : ''}${c.status === 'pending' || c.status === 'rejected' ? ' held' : ''}${this.card.classList.contains('fresh') ? ' fresh' : ''}`;
    this.card.setAttribute('aria-labelledby', nameId);
    this.card.dataset.id = c.id;
    this.card.dataset.status = c.status;
    if (this.muted) return this.drawMuted(nameId);
    this.body.hidden = false;
    put(
      this.head,
      h(
        'span',
        { class: 'author', id: nameId },
        gone ? (byAuthor ? S.deletedName : S.anonymous) : (c.author?.name ?? ''),
        this.own ? h('span', { class: 'meta' }, ` (${S.you})`) : null,
      ),
      h(
        'span',
        { class: 'meta' },
        h('time', { datetime: c.createdAt, title: fullTime(c.createdAt) }, relTime(c.createdAt, S.time)),
        c.editedAt && !gone ? ` · ${S.editedMark}` : '',
      ),
      c.featured && !gone ? h('span', { class: 'badge pick' }, S.featured) : null,
      c.status === 'pending' ? h('span', { class: 'badge wait' }, S.awaiting) : null,
      c.status === 'rejected' ? h('span', { class: 'badge' }, S.notPublished) : null,
      this.reported && !gone ? h('span', { class: 'badge' }, S.reportedMark) : null,
    );
    if (gone) put(this.body, h('p', { class: 'gone' }, byAuthor ? S.deletedByAuthor : S.removed));
    else setHtml(this.body, c.html);
    this.body.hidden = this.mode === 'edit';
    this.drawActions();
    if (focusKey) (this.acts.querySelector<HTMLElement>(`[data-k="${focusKey}"]`) ?? this.card).focus();
  }

  /** A muted author's comment: one line saying so, and a button to read it anyway. */
  private drawMuted(nameId: string): void {
    this.card.classList.add('muted');
    put(
      this.head,
      h('span', { class: 'meta', id: nameId }, S.mutedComment),
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          'data-k': 'unmute-one',
          onclick: () => {
            this.unmuted = true;
            this.draw();
            this.focusAction('more');
          },
        },
        S.showMuted,
      ),
    );
    put(this.body);
    this.body.hidden = true;
    put(this.acts);
    this.acts.hidden = true;
    put(this.slot);
    this.mode = '';
  }

  private drawActions(): void {
    const { c, mode } = this;
    const own = this.own;
    const live = c.status === 'approved';
    const btn = (k: Action, label: string, extra: Record<string, unknown>, ...kids: (Node | string)[]) =>
      h('button', { type: 'button', class: 'link', 'data-k': k, onclick: () => this.ctx.act(this, k), ...extra }, label, ...kids);
    const likes = c.reactions?.like ?? 0;
    const gone = c.status === 'deleted';
    const left = this.editableFor;
    const barred = this.ctx.cannotPost();
    put(
      this.acts,
      live && !barred && !this.ctx.isClosed() && this.depth < this.ctx.options.maxDepth
        ? btn('reply', S.reply, { 'aria-expanded': String(mode === 'reply') })
        : null,
      // A reader who may not like it still sees how many did.
      live && barred && likes ? h('span', { class: 'meta likes' }, S.likeCount(likes)) : null,
      live && !barred
        ? btn(
            'like',
            S.like,
            { 'aria-pressed': String(!!c.viewerReacted), 'aria-label': `${S.like}, ${S.likeCount(likes)}` },
            h('span', { 'aria-hidden': 'true' }, ` ${likes}`),
          )
        : null,
      left ? btn('edit', S.edit, { 'aria-expanded': String(mode === 'edit') }) : null,
      own && !gone ? btn('delete', S.delete, { 'aria-expanded': String(mode === 'delete') }) : null,
      live && !own && !barred && !this.reported ? btn('report', S.report, { 'aria-expanded': String(mode === 'report') }) : null,
      live ? btn('link', S.copyLink, {}) : null,
      this.threaded
        ? btn('collapse', this.collapsed ? S.expandThread : S.collapseThread, { 'aria-expanded': String(!this.collapsed), 'aria-controls': this.replies.id })
        : null,
      // Mute and, for moderators, their tools: behind one button, so the row stays short on a phone.
      this.ctx.session.me && !gone && ((!own && c.author) || this.ctx.session.isModerator)
        ? btn('more', S.more, { 'aria-expanded': String(mode === 'more'), 'aria-label': S.moreLabel })
        : null,
    );
    this.acts.hidden = !this.acts.childElementCount;
    const buttons = Array.from(this.acts.querySelectorAll<HTMLElement>('button'));
    const keep = buttons.find((b) => b.dataset.k === this.roving) ?? buttons[0];
    for (const b of buttons) b.tabIndex = b === keep ? 0 : -1;
    clearTimeout(this.editExpiry);
    if (left) this.editExpiry = window.setTimeout(() => this.expireEdit(), left + 50);
  }

  /** Arrow keys, Home and End move along the toolbar; the button reached keeps its Tab stop. */
  private rove(e: KeyboardEvent): void {
    const buttons = Array.from(this.acts.querySelectorAll<HTMLElement>('button'));
    const at = buttons.indexOf(this.ctx.root.activeElement as HTMLElement);
    if (at < 0) return;
    const rtl = getComputedStyle(this.acts).direction === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, ArrowDown: 1, ArrowUp: -1 }[e.key];
    const to = e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : step === undefined ? -1 : (at + step + buttons.length) % buttons.length;
    if (to < 0) return;
    e.preventDefault();
    for (const b of buttons) b.tabIndex = -1;
    buttons[to].tabIndex = 0;
    this.roving = buttons[to].dataset.k as Action;
    buttons[to].focus();
  }

  /** Shows `text` under the comment (empty: nothing), where the reader is looking. */
  notice(text: string, kind: 'ok' | 'wait' | 'no' = 'ok'): void {
    put(this.noticeEl, text);
    this.noticeEl.className = `notice ${kind}`;
    this.noticeEl.hidden = !text;
  }

  /** The thread has replies, shown or to show: it can be collapsed (unless they are deeper than drawn). */
  private get threaded(): boolean {
    return !this.deep && (this.c.replyCount > 0 || this.replies.childElementCount > 0);
  }

  /** Its replies would be nested deeper than the widget draws: they open as a thread of their own. */
  get deep(): boolean {
    return this.depth - this.ctx.base() >= NESTED;
  }

  get collapsed(): boolean {
    return this.ctx.isCollapsed(this.c.id);
  }

  /** The "show replies" button under the thread, while the service has more than is shown; "N replies hidden" while collapsed. */
  drawMore(): void {
    const { c } = this;
    const hidden = Math.max(0, c.replyCount - this.shown);
    this.replies.setAttribute('aria-label', S.repliesTo(c.author?.name ?? S.anonymous));
    this.replies.hidden = !this.replies.childElementCount || this.collapsed || this.deep;
    // Replies arrived (or went) after the buttons were drawn: the collapse toggle follows.
    if (!this.muted && !!this.acts.querySelector('[data-k="collapse"]') !== this.threaded) this.drawActions();
    if (this.collapsed) return put(this.more, h('p', { class: 'hint folded' }, S.repliesHidden(Math.max(c.replyCount, this.replies.childElementCount))));
    if (this.deep)
      return put(this.more, c.replyCount ? h('button', { type: 'button', class: 'link', onclick: () => this.ctx.act(this, 'thread') }, S.continueThread) : '');
    if (!hidden || this.cursor === null) return put(this.more);
    const label = this.shown ? S.showMoreReplies(hidden) : S.showReplies(hidden);
    put(this.more, h('button', { type: 'button', class: 'link', onclick: () => this.ctx.showReplies(this) }, label));
  }

  /** Closes the inline form, if any, and redraws the buttons it toggled. */
  closeForm(): void {
    this.mode = '';
    put(this.slot);
    this.draw();
  }

  focusAction(key: Action): void {
    const b = this.card.querySelector<HTMLElement>(`[data-k="${key}"]`);
    if (!b) return this.card.focus();
    this.roving = key;
    for (const x of Array.from(this.acts.querySelectorAll<HTMLElement>('button'))) x.tabIndex = x === b ? 0 : -1;
    b.focus();
  }

  /** Redraws once the edit window has closed, so the Edit button goes (unless editing now). */
  expireEdit(): void {
    if (this.own && this.card.querySelector('[data-k="edit"]') && !this.editableFor && this.mode !== 'edit') this.draw();
  }
}
