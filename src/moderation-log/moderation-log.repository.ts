import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { LogEntryView } from '../common/contract';
import { queryRows } from '../common/sql';

export interface LogEntryInput {
  siteId: string;
  actorId: string;
  action: string;
  commentId?: string | null;
  userId?: string | null;
  articleId?: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
}

export interface LogFilter {
  siteId: string;
  commentId?: string;
  userId?: string;
  actorId?: string;
  /** Entries older than this id (the keyset). */
  beforeId?: string;
}

interface LogRow {
  id: string;
  actor_id: string;
  action: string;
  comment_id: string | null;
  user_id: string | null;
  article_id: string | null;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  created_at: Date;
}

const toView = (r: LogRow): LogEntryView => ({
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
});

/** Owns the SQL of `moderation_log`; entries are written inside the decision's own transaction. */
@Injectable()
export class ModerationLog {
  constructor(private readonly ds: DataSource) {}

  async write(m: EntityManager, e: LogEntryInput): Promise<void> {
    await m.query(
      `INSERT INTO moderation_log (site_id, actor_id, action, comment_id, user_id, article_id, from_status, to_status, reason)
       VALUES ($9, $1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.actorId, e.action, e.commentId ?? null, e.userId ?? null, e.articleId ?? null, e.fromStatus ?? null, e.toStatus ?? null, e.reason ?? null, e.siteId],
    );
  }

  /** One site's entries, newest first; `limit` rows at most. */
  async list(filter: LogFilter, limit: number): Promise<LogEntryView[]> {
    const params: unknown[] = [limit];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    const where: string[] = [];
    add('site_id = ?', filter.siteId);
    if (filter.commentId) add('comment_id = ?', filter.commentId);
    if (filter.userId) add('user_id = ?', filter.userId);
    if (filter.actorId) add('actor_id = ?', filter.actorId);
    if (filter.beforeId) add('id < ?::bigint', filter.beforeId);
    const rows = await queryRows<LogRow>(
      this.ds.manager,
      `SELECT * FROM moderation_log WHERE ${where.join(' AND ')} ORDER BY site_id, id DESC LIMIT $1`,
      params,
    );
    return rows.map(toView);
  }
}
