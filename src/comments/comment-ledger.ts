import { Injectable } from '@nestjs/common';
import type { ArticleView, QueueCounts } from '../common/contract';
import { articleKey } from '../common/ids';
import { commentEvents } from '../common/domain-events';
import { COUNTED_QUEUES, CountedQueue, queuesOf } from '../common/queues';
import { Tx } from '../events/tx.service';
import { UserRecord, UsersRepository } from '../users/users.repository';
import { CommentRecord, publiclyVisible, toView } from './comment-view';
import { CommentsRepository } from './comments.repository';
import { QueueItems } from './queue-item';
import { QueueCountsFeed } from './queue-counts.feed';

/**
 * Every change of a comment's state goes through apply(): it keeps the article, site, parent and
 * author counters in step and records the live events, all inside the caller's transaction.
 * The caller has already written the comment row (and holds its lock).
 */
@Injectable()
export class CommentLedger {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly users: UsersRepository,
    private readonly queueItems: QueueItems,
    private readonly queueCounts: QueueCountsFeed,
  ) {}

  /**
   * `reason`: a moderator's reason for a rejection, which the author's `comment.status` carries.
   * `article`: the comment's article as the caller read it, if it did (its title and URL name it in
   * the moderators' queue items; otherwise they are read).
   */
  async apply(tx: Tx, before: CommentRecord | null, after: CommentRecord, reason?: string | null, article?: ArticleView): Promise<void> {
    const m = tx.manager;
    const site = after.siteId;
    const feed = articleKey(site, after.articleId);
    const wasVisible = !!before && publiclyVisible(before);
    const isVisible = publiclyVisible(after);

    if (wasVisible !== isVisible && after.parentId) await this.bumpReplies(tx, site, after.parentId, isVisible ? 1 : -1);

    const approvedDelta = Number(after.status === 'approved') - Number(before?.status === 'approved');
    const rejectedDelta = Number(after.status === 'rejected') - Number(before?.status === 'rejected');
    const qBefore = queuesOf(before);
    const qAfter = queuesOf(after);
    const qDelta = Object.fromEntries(COUNTED_QUEUES.map((q) => [q, Number(qAfter.has(q)) - Number(qBefore.has(q))])) as Record<CountedQueue, number>;
    const queuesChanged = COUNTED_QUEUES.some((q) => qDelta[q] !== 0);

    let author: UserRecord | undefined;
    // The author's row before the article's: an article's row is what every post to it waits on (one
    // story, many readers), so it is locked as late as it can be, by the transaction's closing
    // statement (Tx.addArticleCounts); and a sanction, which locks the user first, takes the two in
    // the same order.
    if (approvedDelta || rejectedDelta) author = await this.users.bumpTallies(m, site, after.authorId, approvedDelta, rejectedDelta);
    if (approvedDelta || queuesChanged) tx.addArticleCounts(site, after.articleId, feed, { comments: approvedDelta, ...qDelta });

    // Reader feed: the public view only, so a held comment never reaches a reader. What is no
    // longer public (the text of a hidden comment, text edited away) is also taken out of the
    // events stored before, so a reader resuming from an older cursor is not replayed it. Scrubbed
    // here, on the rare removal or edit, rather than checked against the comments on every replay:
    // replay stays one range read of the event table.
    if (!wasVisible && isVisible) await tx.record(feed, 'comment.created', { comment: toView(after, null) });
    else if (wasVisible && !isVisible) await this.removed(tx, feed, after.articleId, after.id);
    else if (wasVisible && isVisible && changedForReaders(before, after)) {
      const comment = toView(after, null);
      await tx.record(feed, 'comment.updated', { comment });
      const { author, body, html, status, editedAt } = comment;
      await tx.redactComment(feed, after.id, { author, body, html, status, editedAt });
    }
    if (approvedDelta) tx.recordArticleCount(feed, after.articleId);

    if (before && before.status !== after.status && (after.status === 'approved' || after.status === 'rejected') && after.moderated) {
      const why = after.status === 'rejected' && reason ? { reason } : {};
      tx.notify('comment.status', { site, user: after.authorId }, { id: after.id, articleId: after.articleId, status: after.status, ...why });
    }

    // Moderators' queues.
    const added = [...qAfter].filter((q) => !qBefore.has(q));
    const removed = [...qBefore].filter((q) => !qAfter.has(q));
    for (const queue of removed) tx.notify('queue.removed', { moderation: site }, { queue, id: after.id, articleId: after.articleId });
    if (added.length) {
      const [item] = await this.queueItems.build(m, [after], { article, author, noReports: before === null });
      for (const queue of added) tx.notify('queue.added', { moderation: site }, { queue, item });
    }
    if (queuesChanged) this.addToSiteCounters(tx, site, qDelta);
    // For the publisher's systems (webhooks): created, published, held, rejected, edited, deleted, reported, featured.
    tx.events(commentEvents(site, before, after));
  }

  /** The site-wide counters, written with the transaction's events; the moderators get the new totals once it has committed (QueueCountsFeed). */
  private addToSiteCounters(tx: Tx, site: string, delta: QueueCounts): void {
    tx.addQueueCounts(site, delta);
    tx.afterCommit(`queue.counts:${site}`, () => this.queueCounts.changed(site));
  }

  /** The comment leaves the readers' view: they are told, and the stored events keep no trace of its text or author. */
  private async removed(tx: Tx, feed: string, articleId: string, id: string): Promise<void> {
    await tx.record(feed, 'comment.removed', { id, articleId });
    await tx.redactComment(feed, id, { author: null, body: '', html: '', status: 'deleted' });
  }

  /**
   * A parent's reply count follows its visible replies. A tombstone parent is only visible while it
   * has some, so its own visibility can flip, and that travels further up.
   */
  private async bumpReplies(tx: Tx, site: string, parentId: string, delta: number): Promise<void> {
    const p = await this.comments.bumpReplyCount(tx.manager, parentId, delta);
    if (!p || p.status === 'approved' || p.status === 'pending') return;
    const wasVisible = p.replyCount - delta > 0;
    const isVisible = p.replyCount > 0;
    if (wasVisible === isVisible) return;
    const feed = articleKey(site, p.articleId);
    if (isVisible) {
      const parent = await this.comments.find(site, p.id, tx.manager);
      if (parent) await tx.record(feed, 'comment.created', { comment: toView(parent, null) });
    } else {
      await this.removed(tx, feed, p.articleId, p.id);
    }
    if (p.parentId) await this.bumpReplies(tx, site, p.parentId, isVisible ? 1 : -1);
  }
}

function changedForReaders(a: CommentRecord | null, b: CommentRecord): boolean {
  if (!a) return true;
  return a.body !== b.body || a.html !== b.html || a.status !== b.status || a.featured !== b.featured || a.editedAt?.getTime() !== b.editedAt?.getTime();
}
