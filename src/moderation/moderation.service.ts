import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { conflict, notFound } from '../common/api-error';
import { decodeCursor, invalidCursor, toPage } from '../common/cursor';
import { isCommentId } from '../common/ids';
import { queryRows } from '../common/sql';
import { CommentLedger } from '../comments/comment-ledger';
import { COMMENT_COLUMNS, COMMENT_FROM, CommentRecord, toRecord } from '../comments/comment-view';
import { CommentsService } from '../comments/comments.service';
import { Tx, TxService } from '../events/tx.service';
import { UsersService } from '../users/users.service';
import { ModerationLog } from './moderation-log';
import { buildQueueItems, QueueItem } from './queue-item';
import { COUNTED_QUEUES, Queue, QUEUE_ORDER, QUEUE_SQL, QueueCounts } from './queues';

export type Decision = 'approve' | 'reject' | 'feature' | 'unfeature';

export interface BulkResult {
  id: string;
  ok: boolean;
  status?: string;
  error?: { statusCode: number; code: string; message: string };
}

@Injectable()
export class ModerationService {
  constructor(
    private readonly ds: DataSource,
    private readonly txs: TxService,
    private readonly ledger: CommentLedger,
    private readonly comments: CommentsService,
    private readonly users: UsersService,
    private readonly log: ModerationLog,
  ) {}

  async queue(queue: Queue, articleId: string | undefined, limit = 20, cursor?: string) {
    const key = decodeCursor(cursor, ['string']);
    const order = QUEUE_ORDER[queue];
    const params: unknown[] = [limit + 1];
    const where = [QUEUE_SQL[queue]];
    if (articleId) {
      params.push(articleId);
      where.push(`c.article_id = $${params.length}`);
    }
    if (key) {
      if (!isCommentId(key[0] as string)) throw invalidCursor();
      params.push(key[0]);
      where.push(`c.id ${order === 'ASC' ? '>' : '<'} $${params.length}::uuid`);
    }
    const rows = await this.ds.query(
      `SELECT ${COMMENT_COLUMNS} FROM ${COMMENT_FROM} WHERE ${where.join(' AND ')} ORDER BY c.id ${order} LIMIT $1`,
      params,
    );
    const records: CommentRecord[] = rows.map(toRecord);
    const items = await buildQueueItems(this.ds.manager, records.slice(0, limit));
    const byId = new Map(items.map((i) => [i.id, i]));
    return toPage(records, limit, (r) => byId.get(r.id)!, (r) => [r.id]);
  }

  /** Kept as counters by the ledger: no COUNT(*) over comments here. */
  async counts(articleId?: string): Promise<QueueCounts> {
    const [row] = articleId
      ? await this.ds.query(`SELECT pending_count, reported_count, unmoderated_count FROM articles WHERE id = $1`, [articleId])
      : await this.ds.query(`SELECT pending_count, reported_count, unmoderated_count FROM site_counters WHERE id = 1`);
    return {
      pending: Number(row?.pending_count ?? 0),
      reported: Number(row?.reported_count ?? 0),
      unmoderated: Number(row?.unmoderated_count ?? 0),
    };
  }

  /**
   * One decision on one comment, under the comment's row lock. Repeating a decision that already
   * holds (two moderators pressing approve together) changes nothing and logs nothing.
   */
  async decide(id: string, action: Decision, actor: Viewer, reason?: string): Promise<QueueItem> {
    await this.users.upsert(actor);
    return this.txs.run((tx) => this.decideIn(tx, id, action, actor, reason));
  }

  private async decideIn(tx: Tx, id: string, action: Decision, actor: Viewer, reason?: string): Promise<QueueItem> {
    const m = tx.manager;
    const before = await this.comments.findRecord(m, id, 'FOR UPDATE OF c');
    if (!before) throw notFound('COMMENT_NOT_FOUND', `No comment ${id}`);
    if (before.status === 'deleted') throw conflict('COMMENT_DELETED', 'The author deleted this comment');
    const after: CommentRecord = { ...before };
    switch (action) {
      case 'approve':
      case 'reject': {
        const to = action === 'approve' ? 'approved' : 'rejected';
        if (before.status === to && before.moderated && before.openReportCount === 0) return this.item(tx, before);
        Object.assign(after, { status: to, moderated: true, openReportCount: 0, decidedAt: new Date() });
        if (action === 'reject') after.featured = false;
        // A decision answers the open reports: approving dismisses them, rejecting upholds them.
        await m.query(`UPDATE reports SET resolved_at = now() WHERE comment_id = $1 AND resolved_at IS NULL`, [id]);
        break;
      }
      case 'feature':
      case 'unfeature': {
        const featured = action === 'feature';
        if (featured && before.status !== 'approved') throw conflict('NOT_PUBLISHED', 'Only published comments can be featured');
        if (before.featured === featured) return this.item(tx, before);
        Object.assign(after, { featured, moderated: before.status === 'approved' ? true : before.moderated });
        break;
      }
    }
    await m.query(
      `UPDATE comments SET status = $2, moderated = $3, open_report_count = $4, featured = $5, decided_at = $6 WHERE id = $1`,
      [id, after.status, after.moderated, after.openReportCount, after.featured, after.decidedAt],
    );
    await this.ledger.apply(tx, before, after);
    await this.log.write(m, {
      actorId: actor.id,
      action,
      commentId: id,
      userId: before.authorId,
      articleId: before.articleId,
      fromStatus: before.status,
      toStatus: after.status,
      reason: reason ?? null,
    });
    return this.item(tx, after);
  }

  async bulk(action: 'approve' | 'reject', ids: string[], actor: Viewer, reason?: string): Promise<{ results: BulkResult[] }> {
    await this.users.upsert(actor);
    const results: BulkResult[] = [];
    for (const id of ids) {
      try {
        const item = await this.txs.run((tx) => this.decideIn(tx, id, action, actor, reason));
        results.push({ id, ok: true, status: item.status });
      } catch (err) {
        const e = err as { getStatus?: () => number; getResponse?: () => any };
        if (!e.getStatus) throw err;
        const body = e.getResponse!();
        results.push({ id, ok: false, error: { statusCode: e.getStatus(), code: body.code, message: body.message } });
      }
    }
    return { results };
  }

  async logEntries(q: { commentId?: string; userId?: string; actorId?: string; limit?: number; cursor?: string }) {
    const limit = q.limit ?? 20;
    const key = decodeCursor(q.cursor, ['string']);
    const params: unknown[] = [limit + 1];
    const where: string[] = [];
    for (const [col, value] of [['comment_id', q.commentId], ['user_id', q.userId], ['actor_id', q.actorId]] as const) {
      if (value) {
        params.push(value);
        where.push(`${col} = $${params.length}`);
      }
    }
    if (key) {
      if (!/^\d{1,19}$/.test(key[0] as string)) throw invalidCursor();
      params.push(key[0]);
      where.push(`id < $${params.length}::bigint`);
    }
    const rows = await this.ds.query(
      `SELECT * FROM moderation_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $1`,
      params,
    );
    return toPage(
      rows,
      limit,
      (r: any) => ({
        id: String(r.id),
        actorId: r.actor_id,
        action: r.action,
        commentId: r.comment_id,
        userId: r.user_id,
        articleId: r.article_id,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        reason: r.reason,
        createdAt: new Date(r.created_at).toISOString(),
      }),
      (r: any) => [String(r.id)],
    );
  }

  // ---- sanctions ---------------------------------------------------------------------------

  async sanction(
    userId: string,
    action: 'ban' | 'unban' | 'suspend' | 'premod' | 'unpremod',
    actor: Viewer,
    opts: { reason?: string; until?: Date; rejectPending?: boolean } = {},
  ) {
    await this.users.upsert(actor);
    const result = await this.txs.run(async (tx) => {
      const m = tx.manager;
      const [user] = await m.query(`SELECT * FROM users WHERE id = $1 FOR UPDATE`, [userId]);
      if (!user) throw notFound('USER_NOT_FOUND', `No user ${userId}`);
      const from = describe(user);
      const set: Record<string, unknown> = {};
      switch (action) {
        case 'ban':
          Object.assign(set, { status: 'banned', suspended_until: null, sanction_reason: opts.reason ?? null });
          break;
        case 'unban':
          Object.assign(set, { status: 'active', suspended_until: null, sanction_reason: null });
          break;
        case 'suspend':
          Object.assign(set, { status: 'suspended', suspended_until: opts.until, sanction_reason: opts.reason ?? null });
          break;
        case 'premod':
          set.premod = true;
          break;
        case 'unpremod':
          set.premod = false;
          break;
      }
      const cols = Object.keys(set);
      const [updated] = await queryRows(
        m,
        `UPDATE users SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1 RETURNING *`,
        [userId, ...cols.map((c) => set[c])],
      );
      await this.log.write(m, {
        actorId: actor.id,
        action: `user.${action}`,
        userId,
        fromStatus: from,
        toStatus: describe(updated),
        reason: opts.reason ?? (opts.until ? `until ${opts.until.toISOString()}` : null),
      });
      return updated;
    });
    let rejected = 0;
    if (action === 'ban' && opts.rejectPending) {
      const pending = await this.ds.query(`SELECT id FROM comments WHERE author_id = $1 AND status = 'pending' ORDER BY id`, [userId]);
      for (const { id } of pending) {
        await this.txs.run((tx) => this.decideIn(tx, id, 'reject', actor, `user banned: ${opts.reason ?? ''}`.trim()));
        rejected++;
      }
    }
    return { user: userView(result), rejectedComments: rejected };
  }

  async userPanel(userId: string) {
    const [user] = await this.ds.query(`SELECT * FROM users WHERE id = $1`, [userId]);
    if (!user) throw notFound('USER_NOT_FOUND', `No user ${userId}`);
    const rows = await this.ds.query(`SELECT ${COMMENT_COLUMNS} FROM ${COMMENT_FROM} WHERE c.author_id = $1 ORDER BY c.id DESC LIMIT 20`, [userId]);
    const comments = await buildQueueItems(this.ds.manager, rows.map(toRecord));
    const log = await this.logEntries({ userId, limit: 20 });
    return { user: userView(user), comments, log: log.items };
  }

  /**
   * Recomputes every counter from the comments themselves and repairs any drift.
   * Returns how many rows were off (0 when the ledger kept them right).
   */
  async recount(): Promise<{ articles: number; site: number; replies: number; users: number }> {
    return this.txs.run(async (tx) => {
      const m = tx.manager;
      // Bottom-up by depth: a tombstone parent's visibility depends on its children's counts.
      let replies = 0;
      const [{ max }] = await m.query(`SELECT coalesce(max(depth), 0)::int AS max FROM comments`);
      for (let depth = max - 1; depth >= 0; depth--) {
        const fixed = await queryRows(
          m,
          `WITH real AS (
             SELECT p.id, count(ch.id) FILTER (WHERE ch.status = 'approved' OR (ch.status IN ('deleted','rejected') AND ch.reply_count > 0))::int AS n
             FROM comments p LEFT JOIN comments ch ON ch.parent_id = p.id WHERE p.depth = $1 GROUP BY p.id
           )
           UPDATE comments c SET reply_count = real.n FROM real WHERE real.id = c.id AND c.reply_count <> real.n RETURNING c.id`,
          [depth],
        );
        replies += fixed.length;
      }
      const articles = await queryRows(
        m,
        `WITH real AS (
           SELECT a.id,
             count(c.id) FILTER (WHERE c.status = 'approved') AS comment_count,
             count(c.id) FILTER (WHERE ${QUEUE_SQL.pending}) AS pending_count,
             count(c.id) FILTER (WHERE ${QUEUE_SQL.reported}) AS reported_count,
             count(c.id) FILTER (WHERE ${QUEUE_SQL.unmoderated}) AS unmoderated_count
           FROM articles a LEFT JOIN comments c ON c.article_id = a.id GROUP BY a.id
         )
         UPDATE articles a SET comment_count = r.comment_count, pending_count = r.pending_count,
           reported_count = r.reported_count, unmoderated_count = r.unmoderated_count
         FROM real r WHERE r.id = a.id AND (a.comment_count, a.pending_count, a.reported_count, a.unmoderated_count)
           IS DISTINCT FROM (r.comment_count::int, r.pending_count::int, r.reported_count::int, r.unmoderated_count::int)
         RETURNING a.id`,
      );
      const site = await queryRows(
        m,
        `WITH real AS (
           SELECT count(*) FILTER (WHERE ${QUEUE_SQL.pending})::int AS p, count(*) FILTER (WHERE ${QUEUE_SQL.reported})::int AS r,
                  count(*) FILTER (WHERE ${QUEUE_SQL.unmoderated})::int AS u FROM comments c
         )
         UPDATE site_counters s SET pending_count = real.p, reported_count = real.r, unmoderated_count = real.u FROM real
         WHERE s.id = 1 AND (s.pending_count, s.reported_count, s.unmoderated_count) IS DISTINCT FROM (real.p, real.r, real.u)
         RETURNING s.id`,
      );
      const users = await queryRows(
        m,
        `WITH real AS (
           SELECT u.id, count(c.id) FILTER (WHERE c.status = 'approved')::int AS a, count(c.id) FILTER (WHERE c.status = 'rejected')::int AS r
           FROM users u LEFT JOIN comments c ON c.author_id = u.id GROUP BY u.id
         )
         UPDATE users u SET approved_count = real.a, rejected_count = real.r FROM real
         WHERE real.id = u.id AND (u.approved_count, u.rejected_count) IS DISTINCT FROM (real.a, real.r) RETURNING u.id`,
      );
      if (site.length) {
        const counts = await this.countsIn(tx);
        tx.notify('queue.counts', { moderation: true }, { ...counts });
      }
      return { articles: articles.length, site: site.length, replies, users: users.length };
    });
  }

  private async countsIn(tx: Tx): Promise<QueueCounts> {
    const [row] = await tx.manager.query(`SELECT pending_count, reported_count, unmoderated_count FROM site_counters WHERE id = 1`);
    return Object.fromEntries(COUNTED_QUEUES.map((q) => [q, Number(row[`${q}_count`])])) as QueueCounts;
  }

  private async item(tx: Tx, c: CommentRecord): Promise<QueueItem> {
    const [item] = await buildQueueItems(tx.manager, [c]);
    return item;
  }
}

function describe(user: any): string {
  const parts = [user.status];
  if (user.premod) parts.push('premod');
  return parts.join('+');
}

function userView(u: any) {
  return {
    id: u.id,
    name: u.name,
    role: u.role,
    status: u.status,
    suspendedUntil: u.suspended_until ? new Date(u.suspended_until).toISOString() : null,
    sanctionReason: u.sanction_reason,
    premod: u.premod,
    approved: Number(u.approved_count),
    rejected: Number(u.rejected_count),
    createdAt: new Date(u.created_at).toISOString(),
  };
}
