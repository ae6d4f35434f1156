import { h } from '../shared/dom';
import type { Card } from './card';
import type { ExtrasHost } from './extras-api';
import { X } from './extras-strings';

/** The widget's styles while a thread is open on its own: only it and the comments above it, those drawn as a line of context. */
export const THREAD_CSS = `
.zoom .list li.c:not(.zr,.zp,.zr li){display:none}
.zoom .zp>.card,.zoom .zp>.rmore,.zoom>.more,.zoom>.new{display:none}
.zoom .zp>.replies{margin:0;padding:0;border:0}
.back{margin:.25em 0 .75em}
`;

/**
 * "Continue this thread" (embed-extras.js): replies nested deeper than the widget draws (card.ts)
 * open as a thread of their own, the comment they answer on top, with a button back to every comment.
 * The cards stay where they are (live updates keep finding them): the list only hides what is
 * not in the thread and draws the nesting from the opened comment.
 */
export class ThreadView {
  private opened: Card | null = null;
  private readonly back = h('button', { type: 'button', class: 'link back', onclick: () => this.close() }, X.backToAll);

  constructor(private readonly w: Pick<ExtrasHost, 'list' | 'say'>) {}

  async open(n: Card): Promise<void> {
    const { list } = this.w;
    this.mark(false);
    this.opened = n;
    list.base = n.depth;
    this.mark(true);
    list.el.before(this.back);
    this.redraw();
    // Its replies were never loaded while it was too deep to show them.
    if (n.cursor === undefined && n.c.replyCount) await list.loadReplies(n, undefined, false);
    this.w.say(X.threadOpened(n.c.author?.name ?? ''));
    // Opened for the reader's own new reply (list.ts addOwn): the focus is on it already.
    if (n.li.contains((n.li.getRootNode() as ShadowRoot).activeElement)) return;
    n.card.scrollIntoView({ block: 'nearest' });
    n.card.focus();
  }

  /** Back to every comment: focus returns to the "Continue this thread" that opened it. */
  close(): void {
    const n = this.opened;
    if (!n) return;
    this.mark(false);
    this.opened = null;
    this.w.list.base = 0;
    this.back.remove();
    this.redraw();
    n.li.querySelector<HTMLElement>(':scope > .rmore > button')?.focus();
    this.w.say(X.threadClosed);
  }

  /** Classes for THREAD_CSS: on the widget, the opened comment's item, and each item above it. */
  private mark(on: boolean): void {
    const n = this.opened;
    if (!n) return;
    this.w.list.el.parentElement?.classList.toggle('zoom', on);
    n.li.classList.toggle('zr', on);
    for (let p = n.li.parentElement?.closest('li.c'); p; p = p.parentElement?.closest('li.c')) p.classList.toggle('zp', on);
  }

  /** Which threads show their replies and which offer "Continue this thread" depends on where the list starts. */
  private redraw(): void {
    const { list } = this.w;
    for (const el of Array.from(list.el.querySelectorAll<HTMLElement>('.card'))) list.get(el.dataset.id ?? '')?.drawMore();
  }
}
