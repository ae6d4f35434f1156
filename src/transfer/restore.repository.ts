import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { MAX_ENDPOINTS } from '../common/webhook-contract';
import { QUEUE_SQL } from '../common/queues';
import { queryRows } from '../common/sql';
import type { ArticleRecord, LogRecord, NoteRecord, UserRecord, WebhookRecord } from './formats/parley';

/** A comment of a Parley export as it is written: its id here (the export's, or a new one when that is taken) and its parent's. */
export interface RestoreRow {
  id: string;
  sourceId: string;
  articleId: string;
  parentId: string | null;
  depth: number;
  authorId: string;
  body: string;
  html: string;
  status: string;
  reasons: string[];
  featured: boolean;
  moderated: boolean;
  createdAt: string;
  editedAt: string | null;
  decidedAt: string | null;
}

/** Why a restored webhook endpoint is disabled (its `disabledReason`). */
export const RESTORED_WEBHOOK = 'restored from an export without its secret: rotate the secret, give it to the receiver, then enable';

/**
 * The bulk SQL of a Parley import (a site restored from its own export): each statement takes a
 * whole batch. Counters are not moved row by row: once everything is in, `recount` computes the
 * site's from its rows.
 */
@Injectable()
export class RestoreRepository {
  /** Of these ids, the ones some comment (of any site) has already. */
  async taken(m: EntityManager, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await queryRows<{ id: string }>(m, `SELECT id FROM comments WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** Users as exported; one that exists is left as it is. */
  async users(m: EntityManager, siteId: string, users: Omit<UserRecord, 'type'>[]): Promise<number> {
    if (!users.length) return 0;
    const col = <K extends keyof Omit<UserRecord, 'type'>>(k: K) => users.map((u) => u[k]);
    const rows = await queryRows(
      m,
      `INSERT INTO users (site_id, id, name, email, role, status, suspended_until, sanction_reason, premod, created_at, updated_at, deleted_at, email_seen_at)
       SELECT $1, u.id, u.name, u.email, u.role, u.status, u.suspended_until, u.sanction_reason, u.premod, u.created_at, u.created_at, u.deleted_at, u.email_seen_at
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::boolean[], $10::timestamptz[], $11::timestamptz[],
                     $12::timestamptz[])
           AS u(id, name, email, role, status, suspended_until, sanction_reason, premod, created_at, deleted_at, email_seen_at)
        ORDER BY u.id ON CONFLICT (site_id, id) DO NOTHING RETURNING 1`,
      [
        siteId,
        col('id'),
        col('name'),
        col('email'),
        col('role'),
        col('status'),
        col('suspendedUntil'),
        col('sanctionReason'),
        col('premod'),
        col('createdAt'),
        col('deletedAt'),
        col('emailSeenAt'),
      ],
    );
    return rows.length;
  }

  /** Users named by comments, reactions or reports but not exported (a hand-made file): created with their id as name. */
  async ensureUsers(m: EntityManager, siteId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await m.query(
      `INSERT INTO users (site_id, id, name) SELECT $1, u.id, u.id FROM unnest($2::text[]) AS u(id) ORDER BY u.id ON CONFLICT (site_id, id) DO NOTHING`,
      [siteId, ids],
    );
  }

  /** Articles as exported (counters 0 until the recount); one that exists is left as it is. */
  async articles(m: EntityManager, siteId: string, articles: Omit<ArticleRecord, 'type'>[]): Promise<void> {
    if (!articles.length) return;
    const col = <K extends keyof Omit<ArticleRecord, 'type'>>(k: K) => articles.map((a) => a[k]);
    await m.query(
      `INSERT INTO articles (site_id, id, title, url, closed, premoderation, created_at, reopened_at, updated_at)
       SELECT $1, a.id, a.title, a.url, a.closed, a.premoderation, a.created_at, a.reopened_at, a.created_at
         FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[], $6::boolean[], $7::timestamptz[], $8::timestamptz[])
           AS a(id, title, url, closed, premoderation, created_at, reopened_at)
        ORDER BY a.id ON CONFLICT (site_id, id) DO NOTHING`,
      [siteId, col('id'), col('title'), col('url'), col('closed'), col('premoderation'), col('createdAt'), col('reopenedAt')],
    );
  }

  /** Articles named by comments but not exported: created bare. */
  async ensureArticles(m: EntityManager, siteId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await m.query(`INSERT INTO articles (site_id, id) SELECT $1, a.id FROM unnest($2::text[]) AS a(id) ORDER BY a.id ON CONFLICT (site_id, id) DO NOTHING`, [
      siteId,
      ids,
    ]);
  }

  /** The batch's comments (parents first: the foreign key is checked at the statement's end) and their source ids. */
  async comments(m: EntityManager, siteId: string, rows: RestoreRow[]): Promise<void> {
    if (!rows.length) return;
    const col = <K extends keyof RestoreRow>(k: K) => rows.map((r) => r[k]);
    await m.query(
      `INSERT INTO comments (id, site_id, article_id, parent_id, depth, author_id, body, html, status, reasons, featured, moderated, created_at, edited_at, decided_at)
       SELECT r.id, $1, r.article_id, r.parent_id, r.depth, r.author_id, r.body, r.html, r.status,
              (SELECT coalesce(array_agg(x), '{}') FROM jsonb_array_elements_text(r.reasons) AS x), r.featured, r.moderated, r.created_at, r.edited_at, r.decided_at
         FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::smallint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::boolean[],
                     $12::boolean[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[])
           AS r(id, article_id, parent_id, depth, author_id, body, html, status, reasons, featured, moderated, created_at, edited_at, decided_at)`,
      [
        siteId,
        col('id'),
        col('articleId'),
        col('parentId'),
        col('depth'),
        col('authorId'),
        col('body'),
        col('html'),
        col('status'),
        rows.map((r) => JSON.stringify(r.reasons)),
        col('featured'),
        col('moderated'),
        col('createdAt'),
        col('editedAt'),
        col('decidedAt'),
      ],
    );
    await m.query(
      `INSERT INTO import_sources (site_id, source, source_id, comment_id) SELECT $1, 'parley', s.source_id, s.comment_id FROM unnest($2::text[], $3::uuid[]) AS s(source_id, comment_id)`,
      [siteId, col('sourceId'), col('id')],
    );
  }

  async revisions(m: EntityManager, revisions: { commentId: string; body: string; html: string; createdAt: string }[]): Promise<void> {
    if (!revisions.length) return;
    // In the export's order, so the bigserial ids keep the versions' order.
    await m.query(
      `INSERT INTO comment_revisions (comment_id, body, html, created_at)
       SELECT r.comment_id, r.body, r.html, r.created_at FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS r(comment_id, body, html, created_at, n) ORDER BY r.n`,
      [revisions.map((r) => r.commentId), revisions.map((r) => r.body), revisions.map((r) => r.html), revisions.map((r) => r.createdAt)],
    );
  }

  /** Reactions; one already there is left. Returns how many were new. */
  async reactions(m: EntityManager, siteId: string, reactions: { commentId: string; userId: string; kind: string; createdAt: string }[]): Promise<number> {
    if (!reactions.length) return 0;
    const rows = await queryRows(
      m,
      `INSERT INTO reactions (comment_id, site_id, user_id, kind, created_at)
       SELECT r.comment_id, $1, r.user_id, r.kind, r.created_at FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) AS r(comment_id, user_id, kind, created_at)
        ORDER BY 1, 3, 4 ON CONFLICT DO NOTHING RETURNING 1`,
      [siteId, reactions.map((r) => r.commentId), reactions.map((r) => r.userId), reactions.map((r) => r.kind), reactions.map((r) => r.createdAt)],
    );
    return rows.length;
  }

  /** Reports (one per reader and comment); one already there is left. Returns how many were new. */
  async reports(
    m: EntityManager,
    siteId: string,
    reports: { commentId: string; userId: string; reason: string; note: string | null; createdAt: string; resolvedAt: string | null }[],
  ): Promise<number> {
    if (!reports.length) return 0;
    const col = <K extends keyof (typeof reports)[number]>(k: K) => reports.map((r) => r[k]);
    const rows = await queryRows(
      m,
      `INSERT INTO reports (comment_id, site_id, user_id, reason, note, created_at, resolved_at)
       SELECT r.comment_id, $1, r.user_id, r.reason, r.note, r.created_at, r.resolved_at
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[]) WITH ORDINALITY AS r(comment_id, user_id, reason, note, created_at, resolved_at, n)
        ORDER BY r.n ON CONFLICT (comment_id, user_id) DO NOTHING RETURNING 1`,
      [siteId, col('commentId'), col('userId'), col('reason'), col('note'), col('createdAt'), col('resolvedAt')],
    );
    return rows.length;
  }

  /** Log entries, in the export's order; one already there (same time, action, actor, comment and user) is left. Returns how many were new. */
  async log(m: EntityManager, siteId: string, entries: Omit<LogRecord, 'type'>[]): Promise<number> {
    if (!entries.length) return 0;
    const col = <K extends keyof Omit<LogRecord, 'type'>>(k: K) => entries.map((e) => e[k]);
    const rows = await queryRows(
      m,
      `INSERT INTO moderation_log (site_id, actor_id, action, comment_id, user_id, article_id, from_status, to_status, reason, prior, created_at)
       SELECT $1, e.actor_id, e.action, e.comment_id, e.user_id, e.article_id, e.from_status, e.to_status, e.reason, e.prior, e.created_at
         FROM unnest($2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::timestamptz[])
              WITH ORDINALITY AS e(actor_id, action, comment_id, user_id, article_id, from_status, to_status, reason, prior, created_at, n)
        WHERE NOT EXISTS (SELECT 1 FROM moderation_log l WHERE l.site_id = $1 AND l.created_at = e.created_at AND l.action = e.action AND l.actor_id = e.actor_id
                            AND l.comment_id IS NOT DISTINCT FROM e.comment_id AND l.user_id IS NOT DISTINCT FROM e.user_id)
        ORDER BY e.n RETURNING 1`,
      [
        siteId,
        col('actorId'),
        col('action'),
        col('commentId'),
        col('userId'),
        col('articleId'),
        col('fromStatus'),
        col('toStatus'),
        col('reason'),
        entries.map((e) => (e.prior === null || e.prior === undefined ? null : JSON.stringify(e.prior))),
        col('createdAt'),
      ],
    );
    return rows.length;
  }

  /**
   * Webhook endpoints, disabled and with a new random secret that nobody holds: an export carries no
   * secret, and a receiver must not get deliveries it cannot verify. An admin rotates the secret
   * (which shows it), gives it to the receiver and enables the endpoint. One with the same kind and
   * URL on the site already is left; past the site's MAX_ENDPOINTS the rest are not written.
   * Returns how many were new and how many the bound left out.
   */
  async webhooks(m: EntityManager, siteId: string, endpoints: Omit<WebhookRecord, 'type'>[]): Promise<{ restored: number; overLimit: number }> {
    if (!endpoints.length) return { restored: 0, overLimit: 0 };
    // The same lock as the webhooks API's creation, so the bound holds against both.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('webhook_endpoints:' || $1))`, [siteId]);
    const there = await queryRows<{ kind: string; url: string }>(m, `SELECT kind, url FROM webhook_endpoints WHERE site_id = $1`, [siteId]);
    const seen = new Set(there.map((e) => `${e.kind} ${e.url}`));
    let room = MAX_ENDPOINTS - there.length;
    let restored = 0;
    let overLimit = 0;
    for (const e of endpoints) {
      if (seen.has(`${e.kind} ${e.url}`)) continue;
      if (room <= 0) {
        overLimit += 1;
        continue;
      }
      seen.add(`${e.kind} ${e.url}`);
      room -= 1;
      restored += 1;
      await m.query(
        `INSERT INTO webhook_endpoints (id, site_id, kind, url, description, events, secret, enabled, disabled_reason, disabled_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8, now(), $9, now())`,
        [newId(), siteId, e.kind, e.url, e.description, e.events, `whsec_${randomBytes(32).toString('base64')}`, RESTORED_WEBHOOK, e.createdAt],
      );
    }
    return { restored, overLimit };
  }

  /** Moderators' notes on users, in the export's order; one already there (same user, author, time and text) is left. Returns how many were new. */
  async notes(m: EntityManager, siteId: string, notes: Omit<NoteRecord, 'type'>[]): Promise<number> {
    if (!notes.length) return 0;
    const col = <K extends keyof Omit<NoteRecord, 'type'>>(k: K) => notes.map((n) => n[k]);
    const rows = await queryRows(
      m,
      `INSERT INTO user_notes (site_id, user_id, author_id, author_name, body, created_at)
       SELECT $1, n.user_id, n.author_id, n.author_name, n.body, n.created_at
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) WITH ORDINALITY AS n(user_id, author_id, author_name, body, created_at, i)
        WHERE NOT EXISTS (SELECT 1 FROM user_notes x WHERE x.site_id = $1 AND x.user_id = n.user_id AND x.created_at = n.created_at
                            AND x.author_id = n.author_id AND x.body = n.body)
        ORDER BY n.i RETURNING 1`,
      [siteId, col('userId'), col('authorId'), col('authorName'), col('body'), col('createdAt')],
    );
    return rows.length;
  }

  /**
   * Every counter of the site from its rows: likes and open reports per comment, visible replies
   * (deepest level first: a tombstone counts as a visible reply once it has one itself), the
   * articles', the authors' and the site's queue counts.
   */
  async recount(m: EntityManager, siteId: string): Promise<void> {
    await m.query(
      `UPDATE comments c SET like_count = x.l, open_report_count = x.r
         FROM (SELECT c2.id, (SELECT count(*) FROM reactions WHERE comment_id = c2.id AND kind = 'like')::int AS l,
                      (SELECT count(*) FROM reports WHERE comment_id = c2.id AND resolved_at IS NULL)::int AS r
                 FROM comments c2 WHERE c2.site_id = $1) x
        WHERE c.id = x.id AND (c.like_count, c.open_report_count) IS DISTINCT FROM (x.l, x.r)`,
      [siteId],
    );
    const [{ max }] = await queryRows<{ max: number }>(m, `SELECT coalesce(max(depth), 0)::int AS max FROM comments WHERE site_id = $1`, [siteId]);
    for (let depth = max - 1; depth >= 0; depth--) {
      await m.query(
        `WITH real AS (
           SELECT p.id, count(ch.id) FILTER (WHERE ch.status = 'approved' OR (ch.status IN ('deleted','rejected') AND ch.reply_count > 0))::int AS n
             FROM comments p LEFT JOIN comments ch ON ch.parent_id = p.id WHERE p.site_id = $1 AND p.depth = $2 GROUP BY p.id
         )
         UPDATE comments c SET reply_count = real.n FROM real WHERE real.id = c.id AND c.reply_count <> real.n`,
        [siteId, depth],
      );
    }
    await m.query(
      `WITH real AS (
         SELECT a.id, count(c.id) FILTER (WHERE c.status = 'approved')::int AS cc, count(c.id) FILTER (WHERE ${QUEUE_SQL.pending})::int AS pc,
                count(c.id) FILTER (WHERE ${QUEUE_SQL.reported})::int AS rc, count(c.id) FILTER (WHERE ${QUEUE_SQL.unmoderated})::int AS uc
           FROM articles a LEFT JOIN comments c ON c.site_id = a.site_id AND c.article_id = a.id WHERE a.site_id = $1 GROUP BY a.id
       )
       UPDATE articles a SET comment_count = r.cc, pending_count = r.pc, reported_count = r.rc, unmoderated_count = r.uc FROM real r
        WHERE a.site_id = $1 AND a.id = r.id AND (a.comment_count, a.pending_count, a.reported_count, a.unmoderated_count) IS DISTINCT FROM (r.cc, r.pc, r.rc, r.uc)`,
      [siteId],
    );
    await m.query(
      `WITH real AS (
         SELECT u.id, count(c.id) FILTER (WHERE c.status = 'approved')::int AS a, count(c.id) FILTER (WHERE c.status = 'rejected')::int AS r
           FROM users u LEFT JOIN comments c ON c.site_id = u.site_id AND c.author_id = u.id WHERE u.site_id = $1 GROUP BY u.id
       )
       UPDATE users u SET approved_count = real.a, rejected_count = real.r FROM real
        WHERE u.site_id = $1 AND u.id = real.id AND (u.approved_count, u.rejected_count) IS DISTINCT FROM (real.a, real.r)`,
      [siteId],
    );
    // The site's counter shards collapse into shard 0; it takes over their writes (plus one), so the counts' version still grows.
    await m.query(
      `WITH kept AS (SELECT coalesce(sum(updates), 0) AS n FROM site_counters WHERE site_id = $1),
            dropped AS (DELETE FROM site_counters WHERE site_id = $1 AND shard <> 0)
       INSERT INTO site_counters AS s (site_id, shard, pending_count, reported_count, unmoderated_count, updates)
       SELECT $1, 0, real.p, real.r, real.u, kept.n + 1 FROM kept,
              (SELECT count(*) FILTER (WHERE ${QUEUE_SQL.pending})::int AS p, count(*) FILTER (WHERE ${QUEUE_SQL.reported})::int AS r,
                      count(*) FILTER (WHERE ${QUEUE_SQL.unmoderated})::int AS u FROM comments c WHERE c.site_id = $1) real
       ON CONFLICT (site_id, shard) DO UPDATE SET pending_count = EXCLUDED.pending_count, reported_count = EXCLUDED.reported_count,
         unmoderated_count = EXCLUDED.unmoderated_count, updates = EXCLUDED.updates`,
      [siteId],
    );
  }
}
