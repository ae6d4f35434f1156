import type { CommentStatus, Queue, QueueItem } from '../../../common/contract';
import { ApiError } from '../shared/api';
import type { BulkDecision, Decision } from './client';
import type { Desk } from './dashboard';
import type { Row } from './item';
import type { Tab } from './layout';
import { S } from './strings';

/** What the service takes at once in a bulk decision. */
const BULK_MAX = 200;

const DONE: Record<Decision, string> = { approve: S.approved, reject: S.rejected, feature: S.featuredDone, unfeature: S.unfeaturedDone };

/** In the reported and unmoderated queues, approving an approved comment clears its reports or marks it moderated. */
export const canApprove = (it: QueueItem, tab: Tab) => it.status !== 'approved' || tab === 'reported' || tab === 'unmoderated';

/** Approve, reject, feature and unfeature, one item or the selected ones. */
export class Decisions {
  /** Items decided in this tab: the queue.removed that follows is no news here. */
  readonly mine = new Set<string>();

  constructor(private readonly d: Desk) {}

  async decide(r: Row, action: Decision): Promise<void> {
    const { d } = this;
    const id = r.item.id;
    this.mine.add(id);
    try {
      const item = await d.api.decide(id, action);
      r.item = item;
      d.say(DONE[action]);
      if (d.tab !== 'log' && !belongs(item, d.tab)) d.queue.drop(id, true);
      else r.draw();
    } catch (e) {
      d.say(S.error(e instanceof ApiError ? e.message : String(e)));
      this.mine.delete(id);
    }
  }

  async bulk(action: BulkDecision): Promise<void> {
    const { d } = this;
    const ids = d.queue.selectedIds().slice(0, BULK_MAX);
    if (!ids.length) return;
    ids.forEach((id) => this.mine.add(id));
    try {
      const { results } = await d.api.bulk(action, ids);
      let ok = 0;
      for (const res of results) {
        if (!res.ok) continue;
        ok++;
        const r = d.queue.find(res.id);
        if (!r) continue;
        const item = { ...r.item, status: res.status as CommentStatus, moderated: true, reports: action === 'approve' ? {} : r.item.reports };
        if (d.tab !== 'log' && !belongs(item, d.tab)) d.queue.drop(res.id, true);
        else d.queue.toggleSelect(res.id, false);
      }
      d.say(S.bulkDone(ok, results.length - ok, action));
    } catch (e) {
      d.say(S.error((e as Error).message));
    }
  }
}

/** Whether an item, as it now is, still belongs in queue `q`. */
function belongs(it: QueueItem, q: Queue): boolean {
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
  }
}
