import type { CommentView } from '../../../common/contract';
import { h, put, setHtml, uid } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import type { Options } from './options';
import type { Session } from './session';
import { S } from './strings';

/** The inline form open under a comment, if any. */
export type Mode = '' | 'reply' | 'edit' | 'report' | 'delete';
/** The comment's action buttons, also their `data-k`. */
export type Action = Exclude<Mode, ''> | 'like';

/** What drawing a comment needs from the widget around it. */
export interface CardContext {
  readonly options: Options;
  readonly session: Session;
  readonly root: ShadowRoot;
  isClosed(): boolean;
  act(card: Card, action: Action): void;
  showReplies(card: Card): void;
}

/** One comment on screen: its data, its elements, and how much of its thread is shown. */
export class Card {
  readonly li = h('li', { class: 'c' });
  readonly card = h('article', { class: 'card', tabindex: '-1' });
  private readonly head = h('header', { class: 'head' });
  private readonly body = h('div', { class: 'body' });
  private readonly acts = h('div', { class: 'actions', role: 'group', 'aria-label': S.actions });
  /** Holds the open inline form. */
  readonly slot = h('div');
  readonly replies = h('ol', { class: 'replies' });
  private readonly more = h('div', { class: 'rmore' });
  /** Replies rendered so far, and where the next page starts (undefined: none fetched yet, null: no more). */
  shown = 0;
  cursor: string | null | undefined = undefined;
  mode: Mode = '';
  /** Redraws the moment the edit window closes (the widget's half-minute tick would be late). */
  private editExpiry = 0;

  constructor(
    public c: CommentView,
    readonly depth: number,
    private readonly ctx: CardContext,
  ) {
    this.card.append(this.head, this.body, this.acts, this.slot);
    this.li.append(this.card, this.replies, this.more);
  }

  get own(): boolean {
    const { me } = this.ctx.session;
    return !!me && this.c.author?.id === me.sub;
  }

  /** Milliseconds left to edit this comment (the site's window, as known now), 0 when it cannot be. */
  private get editableFor(): number {
    const { c } = this;
    const left = Date.parse(c.createdAt) + this.ctx.options.editWindowSeconds * 1000 - Date.now();
    return this.own && (c.status === 'approved' || c.status === 'pending') && !this.ctx.isClosed() && left > 0 ? left : 0;
  }

  /**
   * Draws the card from its data. Only header, body and action buttons are redrawn (an open
   * form below them keeps its text and focus); a focused action button gets focus back.
   */
  draw(): void {
    const { c } = this;
    const active = this.ctx.root.activeElement as HTMLElement | null;
    const focusKey = active && this.acts.contains(active) ? active.dataset.k : undefined;
    const gone = c.status === 'deleted';
    const nameId = uid('pa');
    this.card.className = `card${this.own ? ' mine' : ''}${c.status === 'pending' || c.status === 'rejected' ? ' held' : ''}${this.card.classList.contains('fresh') ? ' fresh' : ''}`;
    this.card.setAttribute('aria-labelledby', nameId);
    this.card.dataset.id = c.id;
    this.card.dataset.status = c.status;
    put(
      this.head,
      h('span', { class: 'author', id: nameId }, gone ? S.anonymous : (c.author?.name ?? ''), this.own ? h('span', { class: 'meta' }, ` (${S.you})`) : null),
      h(
        'span',
        { class: 'meta' },
        h('time', { datetime: c.createdAt, title: fullTime(c.createdAt) }, relTime(c.createdAt, S.time)),
        c.editedAt && !gone ? ` · ${S.editedMark}` : '',
      ),
      c.featured && !gone ? h('span', { class: 'badge pick' }, S.featured) : null,
      c.status === 'pending' ? h('span', { class: 'badge wait' }, S.awaiting) : null,
      c.status === 'rejected' ? h('span', { class: 'badge' }, S.notPublished) : null,
    );
    if (gone) put(this.body, h('p', { class: 'gone' }, S.removed));
    else setHtml(this.body, c.html);
    this.body.hidden = this.mode === 'edit';
    this.drawActions();
    if (focusKey) (this.acts.querySelector<HTMLElement>(`[data-k="${focusKey}"]`) ?? this.card).focus();
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
    put(
      this.acts,
      live && !this.ctx.isClosed() && this.depth < this.ctx.options.maxDepth ? btn('reply', S.reply, { 'aria-expanded': String(mode === 'reply') }) : null,
      live
        ? btn(
            'like',
            S.like,
            { 'aria-pressed': String(!!c.viewerReacted), 'aria-label': `${S.like}, ${S.likeCount(likes)}` },
            h('span', { 'aria-hidden': 'true' }, ` ${likes}`),
          )
        : null,
      left ? btn('edit', S.edit, { 'aria-expanded': String(mode === 'edit') }) : null,
      own && !gone ? btn('delete', S.delete, { 'aria-expanded': String(mode === 'delete') }) : null,
      live && !own ? btn('report', S.report, { 'aria-expanded': String(mode === 'report') }) : null,
    );
    this.acts.hidden = !this.acts.childElementCount;
    clearTimeout(this.editExpiry);
    if (left) this.editExpiry = window.setTimeout(() => this.expireEdit(), left + 50);
  }

  /** The "show replies" button under the thread, while the service has more than is shown. */
  drawMore(): void {
    const { c } = this;
    const hidden = Math.max(0, c.replyCount - this.shown);
    this.replies.setAttribute('aria-label', S.repliesTo(c.author?.name ?? S.anonymous));
    this.replies.hidden = !this.replies.childElementCount;
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
    this.card.querySelector<HTMLElement>(`[data-k="${key}"]`)?.focus();
  }

  /** Redraws once the edit window has closed, so the Edit button goes (unless editing now). */
  expireEdit(): void {
    if (this.own && this.card.querySelector('[data-k="edit"]') && !this.editableFor && this.mode !== 'edit') this.draw();
  }
}
