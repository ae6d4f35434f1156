import { COUNTED_QUEUES, CommentStatus, Queue, QUEUES } from './contract';

export { COUNTED_QUEUES, QUEUES };
export type { CountedQueue, Queue, QueueCounts } from './contract';

/**
 * Rows each site's queue counters are spread over (`site_counters`): a write adds to one of them
 * (Tx.addQueueCounts), a read sums them.
 */
export const SITE_COUNTER_SHARDS = 16;

/** The comment fields queue membership depends on. */
export interface QueueFields {
  status: CommentStatus;
  moderated: boolean;
  openReportCount: number;
}

/** One definition of queue membership; the SQL in QUEUE_SQL must say the same. */
export function queuesOf(c: QueueFields | null): Set<Queue> {
  const q = new Set<Queue>();
  if (!c) return q;
  if (c.status === 'pending') q.add('pending');
  if (c.status === 'approved' && c.openReportCount > 0) q.add('reported');
  if (c.status === 'approved' && !c.moderated) q.add('unmoderated');
  if (c.status === 'approved' && c.moderated) q.add('approved');
  if (c.status === 'rejected') q.add('rejected');
  return q;
}

/** The same membership over a comments row aliased `c`; constant SQL, never built from input. */
export const QUEUE_SQL: Record<Queue, string> = {
  pending: `c.status = 'pending'`,
  reported: `c.status = 'approved' AND c.open_report_count > 0`,
  unmoderated: `c.status = 'approved' AND NOT c.moderated`,
  approved: `c.status = 'approved' AND c.moderated`,
  rejected: `c.status = 'rejected'`,
};

/** Oldest first for work queues, newest first for decided ones. */
export const QUEUE_ORDER: Record<Queue, 'ASC' | 'DESC'> = {
  pending: 'ASC',
  reported: 'ASC',
  unmoderated: 'ASC',
  approved: 'DESC',
  rejected: 'DESC',
};
