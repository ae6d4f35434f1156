import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../common/sql';
import type { SourceThread } from './formats/types';

/** Taken per site for each batch's transaction: two imports into one site take turns, batch by batch. */
const IMPORT_LOCK = 720_417_015;

/** A comment row as an import writes it (counters start at 0 except reply_count, computed from the batch). */
export interface ImportRow {
  id: string;
  articleId: string;
  parentId: string | null;
  depth: number;
  authorId: string;
  body: string;
  html: string;
  status: string;
  moderated: boolean;
  reasons: string;
  replyCount: number;
  createdAt: Date;
  sourceId: string;
}

/** Where an already imported comment sits: what a reply to it needs. */
export interface PlacedRow {
  id: string;
  depth: number;
  articleId: string;
  parentId: string | null;
}

export interface UserRow {
  id: string;
  name: string;
  email: string | null;
}

/** What a batch adds to an author's tallies. */
export interface Tally {
  approved: number;
  rejected: number;
}

/** What an article is created with: its thread's title, URL and closed flag. */
export type ArticleFields = Pick<SourceThread, 'title' | 'url' | 'closed'>;

/** What a batch adds to an article's counters, and the article's fields when the batch may be the first to name it. */
export interface ArticleDelta {
  id: string;
  approved: number;
  pending: number;
  fields: ArticleFields | null;
}

/**
 * The bulk SQL of imports: every statement takes a whole batch (arrays unnested server-side), so a
 * batch of a thousand comments is a handful of statements. Counters move by the batch's deltas,
 * the ledger's way, under the rows' locks, so live writes during an import keep them exact too.
 */
@Injectable()
export class ImportRepository {
  constructor(private readonly ds: DataSource) {}

  async lockSite(m: EntityManager, siteId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [IMPORT_LOCK, siteId]);
  }

  /** Which of these source ids were imported before, and as which comment. */
  async imported(siteId: string, source: string, sourceIds: string[], m: EntityManager = this.ds.manager): Promise<Map<string, PlacedRow>> {
    if (!sourceIds.length) return new Map();
    const rows = await queryRows<{ source_id: string; id: string; depth: number; article_id: string; parent_id: string | null }>(
      m,
      // One primary-key probe per id (OFFSET 0 keeps the subquery a parameterised index scan): while
      // a new site's statistics still say it has no rows, `source_id = ANY(…)` was planned as a scan
      // of all the site's rows filtered by the list, a scan that grew with every batch.
      `SELECT k.source_id, c.id, c.depth, c.article_id, c.parent_id
         FROM unnest($3::text[]) AS k(source_id)
         CROSS JOIN LATERAL (SELECT comment_id FROM import_sources s WHERE s.site_id = $1 AND s.source = $2 AND s.source_id = k.source_id OFFSET 0) s
         JOIN comments c ON c.id = s.comment_id`,
      [siteId, source, sourceIds],
    );
    return new Map(rows.map((r) => [r.source_id, { id: r.id, depth: Number(r.depth), articleId: r.article_id, parentId: r.parent_id }]));
  }

  /**
   * Authors and likers: created if missing, with the batch's approved and rejected tallies; an
   * existing user keeps their name and email and has the tallies added. One statement, one new row
   * version per user, taken in id order like every other batch lock.
   */
  async ensureUsers(m: EntityManager, siteId: string, users: (UserRow & Tally)[]): Promise<void> {
    if (!users.length) return;
    await m.query(
      `INSERT INTO users (site_id, id, name, email, approved_count, rejected_count)
       SELECT $1, u.id, u.name, u.email, u.approved, u.rejected FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[]) AS u(id, name, email, approved, rejected)
       ORDER BY u.id
       ON CONFLICT (site_id, id) DO UPDATE SET approved_count = users.approved_count + EXCLUDED.approved_count, rejected_count = users.rejected_count + EXCLUDED.rejected_count
       WHERE EXCLUDED.approved_count <> 0 OR EXCLUDED.rejected_count <> 0`,
      [siteId, users.map((u) => u.id), users.map((u) => u.name), users.map((u) => u.email), users.map((u) => u.approved), users.map((u) => u.rejected)],
    );
  }

  /** Full records (Commento's commenters): created, or their name and email set when they differ. */
  async upsertUsers(m: EntityManager, siteId: string, users: UserRow[]): Promise<void> {
    if (!users.length) return;
    await m.query(
      `INSERT INTO users (site_id, id, name, email) SELECT $1, u.id, u.name, u.email FROM unnest($2::text[], $3::text[], $4::text[]) AS u(id, name, email)
       ORDER BY u.id
       ON CONFLICT (site_id, id) DO UPDATE SET name = EXCLUDED.name, email = coalesce(EXCLUDED.email, users.email), updated_at = now()
       WHERE (users.name, users.email) IS DISTINCT FROM (EXCLUDED.name, coalesce(EXCLUDED.email, users.email))`,
      [siteId, users.map((u) => u.id), users.map((u) => u.name), users.map((u) => u.email)],
    );
  }

  /**
   * Articles the batch comments on, with the batch's published and pending counts: created with
   * the source's title, URL and closed flag (`fields`, known for a thread's first batch), or, when
   * they exist, left as they are but for the counts.
   */
  async ensureArticles(m: EntityManager, siteId: string, articles: ArticleDelta[]): Promise<void> {
    if (!articles.length) return;
    await m.query(
      `INSERT INTO articles (site_id, id, title, url, closed, comment_count, pending_count)
       SELECT $1, a.id, a.title, a.url, coalesce(a.closed, false), a.approved, a.pending
         FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[], $6::int[], $7::int[]) AS a(id, title, url, closed, approved, pending)
       ORDER BY a.id
       ON CONFLICT (site_id, id) DO UPDATE SET comment_count = articles.comment_count + EXCLUDED.comment_count, pending_count = articles.pending_count + EXCLUDED.pending_count
       WHERE EXCLUDED.comment_count <> 0 OR EXCLUDED.pending_count <> 0`,
      [
        siteId,
        articles.map((a) => a.id),
        articles.map((a) => a.fields?.title ?? null),
        articles.map((a) => a.fields?.url ?? null),
        articles.map((a) => a.fields?.closed ?? null),
        articles.map((a) => a.approved),
        articles.map((a) => a.pending),
      ],
    );
  }

  /** The batch's comments in one statement (a parent before its replies: the foreign key is checked at its end), and their source ids. */
  async insertComments(m: EntityManager, siteId: string, source: string, rows: ImportRow[]): Promise<void> {
    if (!rows.length) return;
    const col = <K extends keyof ImportRow>(k: K) => rows.map((r) => r[k]);
    await m.query(
      `INSERT INTO comments (id, site_id, article_id, parent_id, depth, author_id, body, html, status, reasons, moderated, reply_count, created_at)
       SELECT r.id, $1, r.article_id, r.parent_id, r.depth, r.author_id, r.body, r.html, r.status, ARRAY[r.reason], r.moderated, r.reply_count, r.created_at
         FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::smallint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[], $12::int[], $13::timestamptz[])
           AS r(id, article_id, parent_id, depth, author_id, body, html, status, reason, moderated, reply_count, created_at)`,
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
        col('reasons'),
        col('moderated'),
        col('replyCount'),
        col('createdAt'),
      ],
    );
    await m.query(
      `INSERT INTO import_sources (site_id, source, source_id, comment_id) SELECT $1, $2, s.source_id, s.comment_id FROM unnest($3::text[], $4::uuid[]) AS s(source_id, comment_id)`,
      [siteId, source, col('sourceId'), col('id')],
    );
  }

  /** Likes (one reaction per user and comment); like_count moves by the reactions that are new. Returns how many were. */
  async addLikes(m: EntityManager, siteId: string, likes: { commentId: string; userId: string }[]): Promise<{ added: number; commentIds: string[] }> {
    if (!likes.length) return { added: 0, commentIds: [] };
    const rows = await queryRows<{ comment_id: string; n: number }>(
      m,
      `WITH added AS (
         INSERT INTO reactions (comment_id, site_id, user_id, kind)
         SELECT l.comment_id, $1, l.user_id, 'like' FROM unnest($2::uuid[], $3::text[]) AS l(comment_id, user_id) ORDER BY 1, 3
         ON CONFLICT DO NOTHING RETURNING comment_id
       ), counts AS (SELECT comment_id, count(*)::int AS n FROM added GROUP BY comment_id)
       UPDATE comments c SET like_count = c.like_count + counts.n FROM counts WHERE c.id = counts.comment_id RETURNING c.id AS comment_id, counts.n`,
      [siteId, likes.map((l) => l.commentId), likes.map((l) => l.userId)],
    );
    return { added: rows.reduce((s, r) => s + Number(r.n), 0), commentIds: rows.map((r) => r.comment_id) };
  }

  /**
   * Adds visible replies to comments written before this batch. A tombstone (deleted or rejected)
   * that had none becomes visible with its first, which is one more visible reply for its own
   * parent: that travels up, as in the ledger.
   */
  async bumpReplies(m: EntityManager, deltas: Map<string, number>): Promise<void> {
    let round = deltas;
    while (round.size) {
      const ids = [...round.keys()].sort();
      const rows = await queryRows<{ id: string; parent_id: string | null; status: string; reply_count: number; d: number }>(
        m,
        `UPDATE comments c SET reply_count = c.reply_count + d.d FROM unnest($1::uuid[], $2::int[]) AS d(id, d)
          WHERE c.id = d.id RETURNING c.id, c.parent_id, c.status, c.reply_count, d.d`,
        [ids, ids.map((id) => round.get(id)!)],
      );
      const next = new Map<string, number>();
      for (const r of rows) {
        const tombstone = r.status === 'deleted' || r.status === 'rejected';
        if (tombstone && r.parent_id && Number(r.reply_count) - Number(r.d) === 0 && Number(r.reply_count) > 0) {
          next.set(r.parent_id, (next.get(r.parent_id) ?? 0) + 1);
        }
      }
      round = next;
    }
  }

  /** The articles these comments are on. */
  async articlesOf(m: EntityManager, commentIds: string[]): Promise<string[]> {
    const rows = await queryRows<{ article_id: string }>(m, `SELECT DISTINCT article_id FROM comments WHERE id = ANY($1::uuid[])`, [commentIds]);
    return rows.map((r) => r.article_id);
  }
}
