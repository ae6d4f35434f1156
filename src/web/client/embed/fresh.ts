import type { CommentView } from '../../../common/contract';
import { h, put } from '../shared/dom';
import { S } from './strings';

/**
 * Comments that arrived live and wait behind the "N new comments" button, so the list never
 * moves under the reader; screen readers hear about them once the burst settles.
 */
export class FreshComments {
  private readonly waiting = new Map<string, CommentView>();
  private announceTimer = 0;
  readonly button: HTMLButtonElement;
  readonly region = h('div', { class: 'sr', 'aria-live': 'polite', 'aria-atomic': 'true' });

  constructor(onShow: () => void) {
    this.button = h('button', { type: 'button', class: 'new', hidden: true, onclick: onShow });
  }

  get size(): number {
    return this.waiting.size;
  }

  add(c: CommentView): void {
    this.waiting.set(c.id, c);
    this.update(true);
  }

  /** Keeps a waiting comment's newest version. */
  replace(c: CommentView): void {
    if (this.waiting.has(c.id)) this.waiting.set(c.id, c);
  }

  delete(id: string): void {
    if (this.waiting.delete(id)) this.update();
  }

  clear(): void {
    this.waiting.clear();
    this.update();
  }

  /** Empties the queue, oldest first. */
  take(): CommentView[] {
    const items = [...this.waiting.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    this.clear();
    return items;
  }

  announceShown(n: number): void {
    this.region.textContent = S.announceShown(n);
  }

  private update(announce = false): void {
    const n = this.waiting.size;
    this.button.hidden = !n;
    put(this.button, n ? S.newComments(n) : '');
    if (announce && n) {
      clearTimeout(this.announceTimer);
      this.announceTimer = window.setTimeout(() => {
        this.region.textContent = this.waiting.size ? S.announceNew(this.waiting.size) : '';
      }, 1500);
    }
  }
}
