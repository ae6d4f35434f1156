import { Injectable } from '@nestjs/common';
import { Tx } from '../events/tx.service';
import { buildQueueItems } from '../moderation/queue-item';
import { COUNTED_QUEUES, QueueCounts, queuesOf } from '../moderation/queues';
import { queryRows } from '../common/sql';
import { COMMENT_COLUMNS, COMMENT_FROM, CommentRecord, publiclyVisible, toRecord, toView } from './comment-view';

/**
 * Every change of a comment's state goes through apply(): it keeps the article, site, parent and
 * author counters in step and records the live events, all inside the caller's transaction.
 * The caller has already written the comment row (and holds its lock).
 */
@Injectable()
export class CommentLedger {
  private readonly siteDeltas = new WeakMap<Tx, QueueCounts>();

  async apply(tx: Tx, before: CommentRecord | null, after: CommentRecord): Promise<void> {
    const m = tx.manager;
    const wasVisible = !!before && publiclyVisible(before);
    const isVisible = publiclyVisible(after);

    if (wasVisible !== isVisible && after.parentId) await this.bumpReplies(tx, after.parentId, isVisible ? 1 : -1);

    const approvedDelta = Number(after.status === 'approved') - Number(before?.status === 'approved');
    const rejectedDelta = Number(after.status === 'rejected') - Number(before?.status === 'rejected');
    const qBefore = queuesOf(before);
    const qAfter = queuesOf(after);
    const qDelta = Object.fromEntries(COUNTED_QUEUES.map((q) => [q, Number(qAfter.has(q)) - Number(qBefore.has(q))])) as Record<
      (typeof COUNTED_QUEUES)[number],
      number
    >;
    const queuesChanged = COUNTED_QUEUES.some((q) => qDelta[q] !== 0);

    let total: number | null = null;
    let article: Record<string, any> | undefined;
    let author: Record<string, any> | undefined;
    if (approvedDelta || queuesChanged) {
      [article] = await queryRows(m,
        `UPDATE articles SET comment_count = comment_count + $2, pending_count = pending_count + $3,
           reported_count = reported_count + $4, unmoderated_count = unmoderated_count + $5
         WHERE id = $1 RETURNING id, title, url, comment_count`,
        [after.articleId, approvedDelta, qDelta.pending, qDelta.reported, qDelta.unmoderated],
      );
      total = Number(article!.comment_count);
    }
    if (approvedDelta || rejectedDelta) {
      [author] = await queryRows(
        m,
        `UPDATE users SET approved_count = approved_count + $2, rejected_count = rejected_count + $3 WHERE id = $1
         RETURNING id, status, suspended_until, approved_count, rejected_count`,
        [after.authorId, approvedDelta, rejectedDelta],
      );
    }

    // Reader feed: the public view only, so a held comment never reaches a reader.
    if (!wasVisible && isVisible) await tx.record(after.articleId, 'comment.created', { comment: toView(after, null) });
    else if (wasVisible && !isVisible) await tx.record(after.articleId, 'comment.removed', { id: after.id, articleId: after.articleId });
    else if (wasVisible && isVisible && changedForReaders(before!, after)) await tx.record(after.articleId, 'comment.updated', { comment: toView(after, null) });
    if (approvedDelta && total !== null) await tx.record(after.articleId, 'article.count', { articleId: after.articleId, total });

    if (before && before.status !== after.status && (after.status === 'approved' || after.status === 'rejected') && after.moderated) {
      tx.notify('comment.status', { user: after.authorId }, { id: after.id, articleId: after.articleId, status: after.status });
    }

    // Moderators' queues.
    const added = [...qAfter].filter((q) => !qBefore.has(q));
    const removed = [...qBefore].filter((q) => !qAfter.has(q));
    for (const queue of removed) tx.notify('queue.removed', { moderation: true }, { queue, id: after.id, articleId: after.articleId });
    if (added.length) {
      const [item] = await buildQueueItems(m, [after], { article, author, noReports: before === null });
      for (const queue of added) tx.notify('queue.added', { moderation: true }, { queue, item });
    }
    if (queuesChanged) this.addToSiteCounters(tx, qDelta);
  }

  /**
   * The site-wide counters are one row every write to a queue touches, so its lock is the hot
   * spot: the deltas of a transaction are summed and applied as its last statement.
   */
  private addToSiteCounters(tx: Tx, delta: QueueCounts): void {
    const sum = this.siteDeltas.get(tx) ?? { pending: 0, reported: 0, unmoderated: 0 };
    for (const q of COUNTED_QUEUES) sum[q] += delta[q];
    this.siteDeltas.set(tx, sum);
    tx.atEnd('site_counters', async () => {
      const d = this.siteDeltas.get(tx)!;
      if (COUNTED_QUEUES.every((q) => d[q] === 0)) return;
      const [row] = await queryRows(
        tx.manager,
        `UPDATE site_counters SET pending_count = pending_count + $1, reported_count = reported_count + $2,
           unmoderated_count = unmoderated_count + $3 WHERE id = 1
         RETURNING pending_count, reported_count, unmoderated_count`,
        [d.pending, d.reported, d.unmoderated],
      );
      tx.notify('queue.counts', { moderation: true }, {
        pending: Number(row.pending_count),
        reported: Number(row.reported_count),
        unmoderated: Number(row.unmoderated_count),
      });
    });
  }

  /**
   * A parent's reply count follows its visible replies. A tombstone parent is only visible while it
   * has some, so its own visibility can flip, and that travels further up.
   */
  private async bumpReplies(tx: Tx, parentId: string, delta: number): Promise<void> {
    const [p] = await queryRows(tx.manager,
      `UPDATE comments SET reply_count = reply_count + $2 WHERE id = $1
       RETURNING id, article_id, parent_id, status, reply_count`,
      [parentId, delta],
    );
    if (!p || p.status === 'approved' || p.status === 'pending') return;
    const now = Number(p.reply_count);
    const was = now - delta;
    const wasVisible = was > 0;
    const isVisible = now > 0;
    if (wasVisible === isVisible) return;
    if (isVisible) {
      const [r] = await tx.manager.query(`SELECT ${COMMENT_COLUMNS} FROM ${COMMENT_FROM} WHERE c.id = $1`, [p.id]);
      await tx.record(p.article_id, 'comment.created', { comment: toView(toRecord(r), null) });
    } else {
      await tx.record(p.article_id, 'comment.removed', { id: p.id, articleId: p.article_id });
    }
    if (p.parent_id) await this.bumpReplies(tx, p.parent_id, isVisible ? 1 : -1);
  }

}

function changedForReaders(a: CommentRecord, b: CommentRecord): boolean {
  return a.body !== b.body || a.html !== b.html || a.status !== b.status || a.featured !== b.featured || a.editedAt?.getTime() !== b.editedAt?.getTime();
}
