import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { queryRows } from '../common/sql';
import type {
  ArticleRecord,
  CommentRecord,
  LogRecord,
  ManifestRecord,
  NoteRecord,
  ReactionRecord,
  ReportRecord,
  RevisionRecord,
  StaffRecord,
  UserRecord,
  WebhookRecord,
} from './formats/parley';

/** A timestamp as ISO 8601 in UTC with the microseconds PostgreSQL keeps (a JS Date would drop them). */
const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A site's rows, page by page in key order, for an export. Every read names the site. */
@Injectable()
export class ExportRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * A read-only transaction on one snapshot: every page of an export, and the manifest's counts,
   * see the site as it was when the export began, whatever is written meanwhile.
   */
  async snapshot(): Promise<QueryRunner> {
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (err) {
      await qr.release();
      throw err;
    }
    return qr;
  }

  async counts(m: EntityManager, siteId: string): Promise<ManifestRecord['counts']> {
    const [r] = await queryRows<Record<string, number>>(
      m,
      `SELECT (SELECT count(*) FROM users WHERE site_id = $1)::int AS users,
              (SELECT count(*) FROM articles WHERE site_id = $1)::int AS articles,
              (SELECT count(*) FROM comments WHERE site_id = $1)::int AS comments,
              (SELECT count(*) FROM comment_revisions v JOIN comments c ON c.id = v.comment_id WHERE c.site_id = $1)::int AS revisions,
              (SELECT count(*) FROM reactions WHERE site_id = $1)::int AS reactions,
              (SELECT count(*) FROM reports WHERE site_id = $1)::int AS reports,
              (SELECT count(*) FROM moderation_log WHERE site_id = $1)::int AS log,
              (SELECT count(*) FROM site_staff WHERE site_id = $1)::int AS staff,
              (SELECT count(*) FROM webhook_endpoints WHERE site_id = $1)::int AS webhooks,
              (SELECT count(*) FROM user_notes WHERE site_id = $1)::int AS notes`,
      [siteId],
    );
    return {
      users: r.users,
      articles: r.articles,
      comments: r.comments,
      revisions: r.revisions,
      reactions: r.reactions,
      reports: r.reports,
      log: r.log,
      staff: r.staff,
      webhooks: r.webhooks,
      notes: r.notes,
    };
  }

  /** The site's staff (a role on it), by id: who they are and the role, never a credential. */
  async staff(m: EntityManager, siteId: string): Promise<StaffRecord[]> {
    return queryRows<StaffRecord>(
      m,
      `SELECT 'staff' AS type, s.id, s.email, s.name, r.role, s.disabled_at IS NOT NULL AS disabled
         FROM site_staff r JOIN staff s ON s.id = r.staff_id WHERE r.site_id = $1 ORDER BY s.id`,
      [siteId],
    );
  }

  /** The site's webhook endpoints (at most a few dozen), oldest first: where they point and what they hear, never a secret. */
  async webhooks(m: EntityManager, siteId: string): Promise<WebhookRecord[]> {
    return queryRows<WebhookRecord>(
      m,
      `SELECT 'webhook' AS type, kind, url, description, events, enabled, ${ts('created_at')} AS "createdAt"
         FROM webhook_endpoints WHERE site_id = $1 ORDER BY created_at, id`,
      [siteId],
    );
  }

  /** A page of moderators' notes on users, oldest first; `after` is the last note's id (not exported). */
  async notes(m: EntityManager, siteId: string, after: string | null, limit: number): Promise<(NoteRecord & { key: string })[]> {
    return queryRows<NoteRecord & { key: string }>(
      m,
      `SELECT id::text AS key, 'note' AS type, user_id AS "userId", author_id AS "authorId", author_name AS "authorName", body, ${ts('created_at')} AS "createdAt"
         FROM user_notes WHERE site_id = $1 AND ($2::bigint IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [siteId, after, limit],
    );
  }

  async users(m: EntityManager, siteId: string, after: string | null, limit: number): Promise<UserRecord[]> {
    return queryRows<UserRecord>(
      m,
      `SELECT 'user' AS type, id, name, email, role, status, ${ts('suspended_until')} AS "suspendedUntil", sanction_reason AS "sanctionReason", premod,
              ${ts('created_at')} AS "createdAt", ${ts('deleted_at')} AS "deletedAt", ${ts('email_seen_at')} AS "emailSeenAt"
         FROM users WHERE site_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [siteId, after, limit],
    );
  }

  /** Names and emails of these users (the authors of a page). */
  async usersByIds(m: EntityManager, siteId: string, ids: string[]): Promise<{ id: string; name: string; email: string | null }[]> {
    if (!ids.length) return [];
    return queryRows(m, `SELECT id, name, email FROM users WHERE site_id = $1 AND id = ANY($2::text[])`, [siteId, ids]);
  }

  async articles(m: EntityManager, siteId: string, after: string | null, limit: number): Promise<ArticleRecord[]> {
    return queryRows<ArticleRecord>(
      m,
      `SELECT 'article' AS type, id, title, url, closed, premoderation, ${ts('created_at')} AS "createdAt", ${ts('reopened_at')} AS "reopenedAt"
         FROM articles WHERE site_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [siteId, after, limit],
    );
  }

  /** A page of comments in id order (creation order), each with its revisions, reactions and reports. */
  async comments(m: EntityManager, siteId: string, after: string | null, limit: number): Promise<CommentRecord[]> {
    const rows = await queryRows<Omit<CommentRecord, 'revisions' | 'reactions' | 'reports'>>(
      m,
      `SELECT 'comment' AS type, id, article_id AS "articleId", parent_id AS "parentId", depth, author_id AS "authorId", body, html, status, reasons,
              featured, moderated, ${ts('created_at')} AS "createdAt", ${ts('edited_at')} AS "editedAt", ${ts('decided_at')} AS "decidedAt"
         FROM comments WHERE site_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [siteId, after, limit],
    );
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [revisions, reactions, reports] = await Promise.all([
      queryRows<RevisionRecord & { comment_id: string }>(
        m,
        `SELECT comment_id, body, html, ${ts('created_at')} AS "createdAt" FROM comment_revisions WHERE comment_id = ANY($1::uuid[]) ORDER BY comment_id, id`,
        [ids],
      ),
      queryRows<ReactionRecord & { comment_id: string }>(
        m,
        `SELECT comment_id, user_id AS "userId", kind, ${ts('created_at')} AS "createdAt" FROM reactions
          WHERE site_id = $1 AND comment_id = ANY($2::uuid[]) ORDER BY comment_id, user_id, kind`,
        [siteId, ids],
      ),
      queryRows<ReportRecord & { comment_id: string }>(
        m,
        `SELECT comment_id, user_id AS "userId", reason, note, ${ts('created_at')} AS "createdAt", ${ts('resolved_at')} AS "resolvedAt" FROM reports
          WHERE site_id = $1 AND comment_id = ANY($2::uuid[]) ORDER BY comment_id, user_id`,
        [siteId, ids],
      ),
    ]);
    const of = <T extends { comment_id: string }>(list: T[]) => {
      const by = new Map<string, Omit<T, 'comment_id'>[]>();
      for (const { comment_id, ...rest } of list) {
        const l = by.get(comment_id) ?? [];
        l.push(rest);
        by.set(comment_id, l);
      }
      return by;
    };
    const rv = of(revisions);
    const rc = of(reactions);
    const rp = of(reports);
    return rows.map((r) => ({ ...r, depth: Number(r.depth), revisions: rv.get(r.id) ?? [], reactions: rc.get(r.id) ?? [], reports: rp.get(r.id) ?? [] }));
  }

  /** A page of the moderation log, oldest first; `after` is the last entry's id (the log's own key, not exported). */
  async log(m: EntityManager, siteId: string, after: string | null, limit: number): Promise<(LogRecord & { key: string })[]> {
    return queryRows<LogRecord & { key: string }>(
      m,
      `SELECT id::text AS key, 'log' AS type, actor_id AS "actorId", action, comment_id AS "commentId", user_id AS "userId", article_id AS "articleId",
              from_status AS "fromStatus", to_status AS "toStatus", reason, prior, ${ts('created_at')} AS "createdAt"
         FROM moderation_log WHERE site_id = $1 AND ($2::bigint IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [siteId, after, limit],
    );
  }
}
