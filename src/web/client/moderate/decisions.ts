import type { BulkResult, CommentStatus, Queue, QueueItem } from '../../../common/contract';
import { ApiError, enc } from '../shared/api';
import { h, put } from '../shared/dom';
import type { BulkDecision, Decision } from './client';
import type { Desk } from './dashboard';
import type { Row } from './item';
import type { Tab } from './layout';
import { RejectReasons, rejectPrompt } from './reject-reason';
import { S } from './strings';

/** What the service takes at once in a bulk decision. */
const BULK_MAX = 200;
/** How long the notice with its Undo button stays (the service allows an undo for 10 minutes). */
export const UNDO_SHOW_MS = 12_000;

const DONE: Record<Decision, string> = { approve: S.approved, reject: S.rejected, feature: S.featuredDone, unfeature: S.unfeaturedDone };

/** In the reported and unmoderated queues, approving an approved comment clears its reports or marks it moderated. */
export const canApprove = (it: QueueItem, tab: Tab) => it.status !== 'approved' || tab === 'reported' || tab === 'unmoderated';

const nameOf = (it: QueueItem) => it.author?.name ?? it.authorSummary?.name ?? '?';

/** The last decision this tab made, while its notice shows: the items as they were, and where. */
interface Undoable {
  items: { item: QueueItem; index: number }[];
  tab: Tab;
  mode: string;
  /** Every id to undo when some are not on this screen (a ban's rejections); the items otherwise. */
  ids?: string[];
  /** What else the undo takes back once the comments are restored (the sanction). */
  then?: () => Promise<void>;
}

/** Approve, reject (with a reason), feature and unfeature, one item or the selected ones; and their undo from a visible notice. */
export class Decisions {
  /** Items decided in this tab: the queue.removed that follows is no news here. */
  readonly mine = new Set<string>();
  private last: Undoable | null = null;
  private timer = 0;
  private readonly toastText = h('span');
  private readonly undoButton = h('button', { type: 'button', 'aria-keyshortcuts': 'z', onclick: () => void this.undo() }, S.undo);
  /** The notice: visible, beside the queue, with the Undo button; it stays put while focus moves on. */
  readonly toast = h('div', { class: 'toast', role: 'region', 'aria-label': S.toastLabel, hidden: true }, this.toastText, ' ', this.undoButton);

  /** The site's reasons the reject prompt offers. */
  readonly reasons: RejectReasons;

  constructor(private readonly d: Desk) {
    this.reasons = new RejectReasons(d.api);
  }

  async decide(r: Row, action: Decision, reason?: string): Promise<void> {
    const { d } = this;
    const id = r.item.id;
    const before = { item: r.item, index: d.queue.rows.indexOf(r) };
    this.mine.add(id);
    try {
      const item = await d.api.onSite<QueueItem>(
        'POST',
        `/moderation/comments/${enc(id)}/${action}`,
        action === 'reject' ? (reason ? { reason } : {}) : undefined,
      );
      r.item = item;
      d.say(DONE[action]);
      if (d.queue.mode === 'queue' && d.tab !== 'log' && !belongs(item, d.tab)) d.queue.drop(id, true);
      else {
        const hadFocus = r.box.contains(document.activeElement);
        r.draw();
        if (hadFocus) r.box.focus();
      }
      this.offerUndo(S.decidedToast(S.doneWord[action], nameOf(before.item)), [before]);
    } catch (e) {
      d.say(S.error(e instanceof ApiError ? e.message : String(e)));
      this.mine.delete(id);
    }
  }

  /** Reject asks for a reason first, in the card: one of the site's reasons or free text; Enter rejects, Esc goes back. */
  askReject(r: Row): void {
    const open = r.box.querySelector<HTMLInputElement>('form.reject input');
    if (open) return open.focus();
    if (r.box.dataset.asking) return;
    r.box.dataset.asking = '1';
    void this.reasons.get().then((reasons) => {
      delete r.box.dataset.asking;
      if (!r.box.isConnected) return;
      const acts = r.box.querySelector<HTMLElement>('.acts');
      const cancel = () => {
        form.remove();
        if (acts) acts.hidden = false;
        r.box.focus();
      };
      const { form, input } = rejectPrompt({ reasons, confirm: S.rejectConfirm, reject: (why) => void this.decide(r, 'reject', why), cancel });
      if (acts) {
        acts.hidden = true;
        acts.after(form);
      } else r.box.append(form);
      input.focus();
    });
  }

  /** Shift+R or "Reject selected": the same prompt, in the selection bar, for every selected item. */
  private askBulkReject(): void {
    const { el, queue } = this.d;
    if (!queue.selectedIds().length) return;
    const open = el.bulk.querySelector<HTMLInputElement>('form.reject input');
    if (open) return open.focus();
    void this.reasons.get().then((reasons) => {
      if (el.bulk.querySelector('form.reject')) return;
      const cancel = () => {
        form.remove();
        queue.currentRow?.box.focus();
      };
      const { form, input } = rejectPrompt({
        reasons,
        confirm: S.rejectSelected,
        reject: (why) => {
          form.remove();
          void this.runBulk('reject', why);
        },
        cancel,
      });
      el.bulk.append(form);
      input.focus();
    });
  }

  /** Approves the selected items at once; rejecting them asks for a reason first. */
  async bulk(action: BulkDecision): Promise<void> {
    if (action === 'reject') return this.askBulkReject();
    return this.runBulk(action);
  }

  private async runBulk(action: BulkDecision, reason?: string): Promise<void> {
    const { d } = this;
    const ids = d.queue.selectedIds().slice(0, BULK_MAX);
    if (!ids.length) return;
    ids.forEach((id) => this.mine.add(id));
    const before = new Map(ids.map((id) => [id, { item: d.queue.find(id)!.item, index: d.queue.rows.findIndex((r) => r.item.id === id) }]));
    try {
      const { results } = await d.api.onSite<{ results: BulkResult[] }>('POST', '/moderation/bulk', { action, ids, ...(reason ? { reason } : {}) });
      let ok = 0;
      for (const res of results) {
        if (!res.ok) continue;
        ok++;
        const r = d.queue.find(res.id);
        if (!r) continue;
        const item = { ...r.item, status: res.status as CommentStatus, moderated: true, reports: action === 'approve' ? {} : r.item.reports };
        if (d.queue.mode === 'queue' && d.tab !== 'log' && !belongs(item, d.tab)) {
          d.queue.drop(res.id, true);
          continue;
        }
        // Search results and the focus view keep the item, as it now is.
        if (d.queue.mode !== 'queue') {
          r.item = item;
          r.draw();
        }
        d.queue.toggleSelect(res.id, false);
      }
      d.say(S.bulkDone(ok, results.length - ok, action));
      const done = results.filter((x) => x.ok && before.has(x.id)).map((x) => before.get(x.id)!);
      if (done.length) this.offerUndo(S.bulkToast(done.length, action), done);
    } catch (e) {
      d.say(S.error((e as Error).message));
    }
  }

  /**
   * After a sanction: Undo takes back the comments a ban rejected (`ids`, from the ban's answer, on
   * this screen or not; `items` are the ones this screen showed, put back where they were), then
   * the sanction itself (`lift`).
   */
  offerSanctionUndo(text: string, items: Undoable['items'], ids: string[], lift: () => Promise<void>): void {
    this.offerUndo(text, items, { ids, then: lift });
  }

  /** Shows the notice with Undo for a while. */
  private offerUndo(text: string, items: Undoable['items'], more: Pick<Undoable, 'ids' | 'then'> = {}): void {
    const { d } = this;
    this.last = { items, tab: d.tab, mode: d.queue.mode, ...more };
    if (!this.toast.isConnected) d.el.views.queues.append(this.toast);
    put(this.toastText, text);
    this.toast.hidden = false;
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.hideToast(), UNDO_SHOW_MS);
  }

  private hideToast(): void {
    const hadFocus = this.toast.contains(document.activeElement);
    this.toast.hidden = true;
    this.last = null;
    if (hadFocus) this.d.queue.currentRow?.box.focus();
  }

  get canUndo(): boolean {
    return !!this.last;
  }

  /** Undoes the decision the notice is about; the items come back where they were, the first one focused. */
  async undo(): Promise<void> {
    const { d } = this;
    const last = this.last;
    if (!last) return;
    clearTimeout(this.timer);
    this.toast.hidden = true;
    this.last = null;
    try {
      const ids = last.ids ?? last.items.map((x) => x.item.id);
      let restored: QueueItem[];
      if (ids.length === 1 && !last.ids) {
        restored = [await d.api.onSite<QueueItem>('POST', `/moderation/comments/${enc(ids[0])}/undo`)];
      } else {
        const ok = new Set<string>();
        for (let i = 0; i < ids.length; i += BULK_MAX) {
          const { results } = await d.api.onSite<{ results: BulkResult[] }>('POST', '/moderation/bulk', { action: 'undo', ids: ids.slice(i, i + BULK_MAX) });
          results.filter((x) => x.ok).forEach((x) => ok.add(x.id));
        }
        restored = last.items.filter((x) => ok.has(x.item.id)).map((x) => x.item);
        if (ok.size < ids.length) d.say(S.undoFailed(`${ids.length - ok.size} / ${ids.length}`));
      }
      // The comments are back whatever happens to the rest (a sanction's own undo): on screen first.
      if (d.tab === last.tab && d.queue.mode === last.mode) {
        let first: Row | undefined;
        for (const item of restored) {
          const at = last.items.find((x) => x.item.id === item.id)?.index ?? 0;
          const r = d.queue.restore(item, at, d.queue.mode !== 'queue' || belongs(item, d.tab));
          first ??= r;
        }
        if (first) d.queue.move(d.queue.rows.indexOf(first));
      }
      await last.then?.();
      d.say(S.undone);
    } catch (e) {
      d.say(S.undoFailed(e instanceof ApiError ? e.message : String(e)));
    }
  }
}

/** Whether an item, as it now is, still belongs in queue `q`. */
export function belongs(it: QueueItem, q: Queue | Tab): boolean {
  const reported = Object.values(it.reports ?? {}).some((n) => n > 0);
  switch (q) {
    case 'pending':
      return it.status === 'pending';
    case 'reported':
      return it.status === 'approved' && reported;
    case 'unmoderated':
      return it.status === 'approved' && !it.moderated;
    case 'approved':
      return it.status === 'approved' && it.moderated;
    case 'rejected':
      return it.status === 'rejected';
    case 'log':
      return false;
  }
}
