import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { LogEntryView } from '../common/contract';
import type { SanctionEntry } from '../common/desk-contract';
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
  /** On a decision: what it changed, for an undo. */
  prior?: unknown;
}

/** The decision actions on one comment an undo looks back at (and `undo` itself). */
export const DECISION_ACTIONS = ['approve', 'reject', 'feature', 'unfeature', 'undo'] as const;

/** The sanctions on a user an undo looks back at (and `user.undo` itself). */
export const SANCTION_ACTIONS = ['user.ban', 'user.unban', 'user.suspend', 'user.premod', 'user.unpremod', 'user.undo'] as const;

/** A comment's latest decision as the log holds it. */
export interface LastDecision {
  id: string;
  actorId: string;
  actorName: string | null;
  action: string;
  toStatus: string | null;
  reason: string | null;
  prior: unknown;
  createdAt: Date;
}

export interface LogFilter {
  siteId: string;
  commentId?: string;
  userId?: string;
  actorId?: string;
  action?: string;
  articleId?: string;
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
  actor_name?: string | null;
  user_name?: string | null;
  article_title?: string | null;
  article_url?: string | null;
  comment_excerpt?: string | null;
}

/** An actor's name: a reader account of the site, or a staff member (`staff:<uuid>`); reads `l.site_id` and `l.actor_id`. */
export const ACTOR_NAME = `CASE WHEN l.actor_id ~ '^staff:[0-9a-f-]{36}$'
    THEN (SELECT s.name FROM staff s WHERE s.id = substr(l.actor_id, 7)::uuid)
    ELSE (SELECT u.name FROM users u WHERE u.site_id = l.site_id AND u.id = l.actor_id) END`;

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
  actorName: r.actor_name ?? null,
  userName: r.user_name ?? null,
  articleTitle: r.article_title ?? null,
  articleUrl: r.article_url ?? null,
  commentExcerpt: r.comment_excerpt ?? null,
});

/** Owns the SQL of `moderation_log`; entries are written inside the decision's own transaction. */
@Injectable()
export class ModerationLog {
  constructor(private readonly ds: DataSource) {}

  async write(m: EntityManager, e: LogEntryInput): Promise<void> {
    await m.query(
      `INSERT INTO moderation_log (site_id, actor_id, action, comment_id, user_id, article_id, from_status, to_status, reason, prior)
       VALUES ($9, $1, $2, $3, $4, $5, $6, $7, $8, $10)`,
      [
        e.actorId,
        e.action,
        e.commentId ?? null,
        e.userId ?? null,
        e.articleId ?? null,
        e.fromStatus ?? null,
        e.toStatus ?? null,
        e.reason ?? null,
        e.siteId,
        e.prior === undefined || e.prior === null ? null : JSON.stringify(e.prior),
      ],
    );
  }

  /** The latest decision (or undo) on each of these comments of the site. */
  async lastDecisions(m: EntityManager, siteId: string, commentIds: string[]): Promise<Map<string, LastDecision>> {
    const out = new Map<string, LastDecision>();
    if (!commentIds.length) return out;
    const rows = await queryRows<{
      comment_id: string;
      id: string;
      actor_id: string;
      actor_name: string | null;
      action: string;
      to_status: string | null;
      reason: string | null;
      prior: unknown;
      created_at: Date;
    }>(
      m,
      `SELECT l.comment_id, l.id, l.actor_id, ${ACTOR_NAME} AS actor_name, l.action, l.to_status, l.reason, l.prior, l.created_at
       FROM unnest($1::uuid[]) AS x(id)
       CROSS JOIN LATERAL (
         SELECT * FROM moderation_log l WHERE l.comment_id = x.id AND l.site_id = $2 AND l.action = ANY($3::text[])
         ORDER BY l.comment_id, l.id DESC LIMIT 1) l`,
      [commentIds, siteId, DECISION_ACTIONS],
    );
    for (const r of rows) {
      out.set(r.comment_id, {
        id: String(r.id),
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        toStatus: r.to_status,
        reason: r.reason,
        prior: r.prior,
        createdAt: new Date(r.created_at),
      });
    }
    return out;
  }

  /** The latest sanction (or its undo) on a user of the site, through moderation_log_user. */
  async lastSanction(m: EntityManager, siteId: string, userId: string): Promise<LastDecision | null> {
    const [r] = await queryRows<{
      id: string;
      actor_id: string;
      action: string;
      to_status: string | null;
      reason: string | null;
      prior: unknown;
      created_at: Date;
    }>(
      m,
      `SELECT l.id, l.actor_id, l.action, l.to_status, l.reason, l.prior, l.created_at FROM moderation_log l
       WHERE l.site_id = $1 AND l.user_id = $2 AND l.action = ANY($3::text[]) ORDER BY l.site_id, l.user_id, l.id DESC LIMIT 1`,
      [siteId, userId, SANCTION_ACTIONS],
    );
    if (!r) return null;
    return {
      id: String(r.id),
      actorId: r.actor_id,
      actorName: null,
      action: r.action,
      toStatus: r.to_status,
      reason: r.reason,
      prior: r.prior,
      createdAt: new Date(r.created_at),
    };
  }

  /** The sanctions on a user of the site (`user.ban`, `user.suspend`, …), newest first, with who made each. */
  async sanctions(siteId: string, userId: string, limit: number): Promise<SanctionEntry[]> {
    const rows = await queryRows<LogRow>(
      this.ds.manager,
      `SELECT l.id, l.actor_id, ${ACTOR_NAME} AS actor_name, l.action, l.from_status, l.to_status, l.reason, l.created_at
       FROM moderation_log l WHERE l.site_id = $1 AND l.user_id = $2 AND l.action LIKE 'user.%'
       ORDER BY l.site_id, l.user_id, l.id DESC LIMIT $3`,
      [siteId, userId, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      action: r.action,
      actorId: r.actor_id,
      actorName: r.actor_name ?? null,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      reason: r.reason,
      at: new Date(r.created_at).toISOString(),
    }));
  }

  /** One site's entries, newest first; `limit` rows at most. */
  async list(filter: LogFilter, limit: number): Promise<LogEntryView[]> {
    const params: unknown[] = [limit];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    const where: string[] = [];
    add('l.site_id = ?', filter.siteId);
    if (filter.commentId) add('l.comment_id = ?', filter.commentId);
    if (filter.userId) add('l.user_id = ?', filter.userId);
    if (filter.actorId) add('l.actor_id = ?', filter.actorId);
    if (filter.action) add('l.action = ?', filter.action);
    if (filter.articleId) add('l.article_id = ?', filter.articleId);
    if (filter.beforeId) add('l.id < ?::bigint', filter.beforeId);
    // Names are looked up for the page's rows only (each by its key), never joined over the log.
    const rows = await queryRows<LogRow>(
      this.ds.manager,
      `SELECT l.id, l.actor_id, l.action, l.comment_id, l.user_id, l.article_id, l.from_status, l.to_status, l.reason, l.created_at,
         ${ACTOR_NAME} AS actor_name,
         (SELECT u.name FROM users u WHERE u.site_id = l.site_id AND u.id = l.user_id) AS user_name,
         a.title AS article_title, a.url AS article_url,
         (SELECT left(c.body, 140) FROM comments c WHERE c.id = l.comment_id AND c.site_id = l.site_id) AS comment_excerpt
       FROM (SELECT * FROM moderation_log l WHERE ${where.join(' AND ')} ORDER BY l.site_id, l.id DESC LIMIT $1) l
       LEFT JOIN articles a ON a.site_id = l.site_id AND a.id = l.article_id
       ORDER BY l.id DESC`,
      params,
    );
    return rows.map(toView);
  }
}
