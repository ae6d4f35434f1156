import type { QueueItem } from '../../../common/contract';
import { h, put } from '../shared/dom';
import type { Desk } from './dashboard';
import { Row } from './item';
import { S } from './strings';

/**
 * The items on screen in the open tab (or search results, or one comment): the current item (j/k),
 * focus as items come and go, an undone decision put back, and the selection. What fills the list
 * (pages and live events) is QueueList's, in queue.ts.
 */
export class QueueRows {
  rows: Row[] = [];
  current = -1;
  protected readonly selected = new Set<string>();
  /** Items that arrived at the top of a newest-first queue, behind a button until it is clicked. */
  protected waiting: QueueItem[] = [];

  constructor(protected readonly d: Desk) {}

  get currentRow(): Row | undefined {
    return this.rows[this.current];
  }

  find(id: string): Row | undefined {
    return this.rows.find((r) => r.item.id === id);
  }

  /** Says the tab is empty when it is (the log says so itself). */
  protected showEmpty(): void {
    const { list } = this.d.el;
    list.querySelector('.empty')?.remove();
    if (!this.rows.length && this.d.tab !== 'log') list.append(h('li', { class: 'empty' }, S.empty(S.queues[this.d.tab])));
  }

  protected addItems(items: QueueItem[], atTop = false): void {
    const { list } = this.d.el;
    list.querySelector('.empty')?.remove();
    const made = items.filter((it) => !this.find(it.id)).map((it) => new Row(it, this.d));
    if (atTop) {
      list.prepend(...made.map((r) => r.li));
      this.rows.unshift(...made);
      if (this.current >= 0) this.current += made.length;
    } else {
      list.append(...made.map((r) => r.li));
      this.rows.push(...made);
    }
  }

  setCurrent(i: number): void {
    if (i < 0 || i >= this.rows.length) return;
    this.currentRow?.box.removeAttribute('aria-current');
    this.current = i;
    this.rows[i].box.setAttribute('aria-current', 'true');
  }

  /** Makes item `i` (clamped) current, focused and in view. */
  move(i: number): void {
    if (!this.rows.length) return;
    const j = Math.max(0, Math.min(this.rows.length - 1, i));
    this.setCurrent(j);
    const box = this.rows[j].box;
    box.focus();
    box.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }

  /** Takes an item off the screen; focus goes to the next one (or the previous at the end). */
  drop(id: string, focusNext: boolean): void {
    const i = this.rows.findIndex((r) => r.item.id === id);
    if (i < 0) return;
    const wasCurrent = i === this.current;
    const hadFocus = this.rows[i].li.contains(document.activeElement);
    this.rows[i].li.remove();
    this.rows.splice(i, 1);
    this.selected.delete(id);
    this.updateBulk();
    if (i < this.current || (wasCurrent && i >= this.rows.length)) this.current--;
    if (wasCurrent) this.current = Math.min(i, this.rows.length - 1);
    this.currentRow?.box.setAttribute('aria-current', 'true');
    if ((focusNext || hadFocus) && wasCurrent && this.rows.length) this.move(this.current);
    else if (hadFocus && !this.rows.length) this.d.el.tabs[this.d.tab].focus();
    this.showEmpty();
  }

  /**
   * An undone decision: the item is back as it was, where it was (or drawn anew if it stayed, or
   * moved there if live updates brought it back first). Returns its row when it is on screen.
   */
  restore(item: QueueItem, index: number, belongsHere: boolean): Row | undefined {
    const { list } = this.d.el;
    const cur = this.currentRow;
    this.d.decisions.mine.delete(item.id);
    this.waiting = this.waiting.filter((w) => w.id !== item.id);
    this.updateWaiting();
    let r = this.find(item.id);
    if (!belongsHere) {
      if (r) this.drop(item.id, false);
      return undefined;
    }
    if (r) {
      r.item = item;
      r.box.classList.remove('gone');
      r.check.disabled = false;
      r.draw();
      const i = this.rows.indexOf(r);
      if (i === index || index > this.rows.length - 1) return r;
      this.rows.splice(i, 1);
      r.li.remove();
    } else {
      r = new Row(item, this.d);
    }
    list.querySelector('.empty')?.remove();
    const at = Math.max(0, Math.min(index, this.rows.length));
    const next = this.rows[at];
    if (next) next.li.before(r.li);
    else list.append(r.li);
    this.rows.splice(at, 0, r);
    this.current = cur ? this.rows.indexOf(cur) : -1;
    return r;
  }

  /** The author's pending items on screen (a ban with "reject pending" takes them). */
  pendingOf(userId: string): Row[] {
    return this.rows.filter((r) => r.item.status === 'pending' && (r.item.author?.id ?? r.item.authorSummary?.id) === userId);
  }

  /** The author's published items on screen (a ban with "reject published" takes them). */
  publishedOf(userId: string): Row[] {
    return this.rows.filter((r) => r.item.status === 'approved' && (r.item.author?.id ?? r.item.authorSummary?.id) === userId);
  }

  /** The author's status changed in the user panel: their items' summaries follow. */
  updateAuthor(userId: string, status: string): void {
    for (const r of this.rows) {
      if (r.item.authorSummary?.id !== userId) continue;
      r.item.authorSummary = { ...r.item.authorSummary, status };
      r.draw();
    }
  }

  // ---- selection ---------------------------------------------------------------------------

  isSelected(id: string): boolean {
    return this.selected.has(id);
  }

  selectedIds(): string[] {
    return [...this.selected];
  }

  toggleSelect(id: string, on?: boolean): void {
    const now = on ?? !this.selected.has(id);
    if (now) this.selected.add(id);
    else this.selected.delete(id);
    const r = this.find(id);
    if (r) {
      r.check.checked = now;
      r.box.classList.toggle('selected', now);
    }
    this.updateBulk();
  }

  clearSelection(): void {
    for (const id of [...this.selected]) this.toggleSelect(id, false);
    this.currentRow?.box.focus();
  }

  protected updateBulk(): void {
    const { bulk, bulkText } = this.d.el;
    bulk.hidden = !this.selected.size;
    put(bulkText, S.selected(this.selected.size));
  }

  /** The button that shows the items that arrived at the top of a newest-first queue. */
  protected updateWaiting(): void {
    const { newBtn } = this.d.el;
    newBtn.hidden = !this.waiting.length;
    put(newBtn, this.waiting.length ? S.newItems(this.waiting.length) : '');
  }
}
