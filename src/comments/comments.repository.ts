import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CommentStatus, Queue, ReportReason, Sort } from '../common/contract';
import { QUEUE_ORDER, QUEUE_SQL } from '../common/queues';
import { prepared, queryRows } from '../common/sql';
import type { CommentRecord } from './comment-view';

interface CommentRow {
  id: string;
  site_id: string;
  article_id: string;
  parent_id: string | null;
  depth: number;
  author_id: string;
  author_name: string;
  body: string;
  html: string;
  status: CommentStatus;
  reasons: string[] | null;
  featured: boolean;
  moderated: boolean;
  like_count: number;
  reply_count: number;
  open_report_count: number;
  created_at: Date;
  edited_at: Date | null;
  decided_at: Date | null;
}

const COLUMNS = `c.id, c.site_id, c.article_id, c.parent_id, c.depth, c.author_id, u.name AS author_name, c.body, c.html,
  c.status, c.reasons, c.featured, c.moderated, c.like_count, c.reply_count, c.open_report_count,
  c.created_at, c.edited_at, c.decided_at`;
const FROM = `comments c JOIN users u ON u.site_id = c.site_id AND u.id = c.author_id`;

const FIND = prepared(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1 AND c.site_id = $2`);

/** A post's insert, returning the row's own columns (the author's name is the poster's). */
const INSERT = prepared(
  `INSERT INTO comments (id, site_id, article_id, parent_id, depth, author_id, body, html, status, reasons, moderated, idempotency_key, created_at)
   VALUES ($1, $12, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
   RETURNING id, site_id, article_id, parent_id, depth, author_id, body, html, status, reasons, featured, moderated, like_count, reply_count,
             open_report_count, created_at, edited_at, decided_at`,
);

/** SQL twin of visibleTo (comment-view.ts) for list queries; $2 is the viewer's id or null. */
const VISIBLE_TO_$2 = `(c.status = 'approved' OR (c.status IN ('deleted','rejected') AND c.reply_count > 0)
  OR (c.author_id = $2 AND c.status IN ('pending','rejected')))`;

/** SQL twin of isTombstoneFor (comment-view.ts); $2 is the viewer's id or null. */
const TOMBSTONE_TO_$2 = `(c.status = 'deleted' OR (c.status = 'rejected' AND c.author_id IS DISTINCT FROM $2))`;

export function toRecord(r: CommentRow): CommentRecord {
  return {
    id: r.id,
    siteId: r.site_id,
    articleId: r.article_id,
    parentId: r.parent_id,
    depth: Number(r.depth),
    authorId: r.author_id,
    authorName: r.author_name,
    body: r.body,
    html: r.html,
    status: r.status,
    reasons: r.reasons ?? [],
    featured: r.featured,
    moderated: r.moderated,
    likeCount: Number(r.like_count),
    replyCount: Number(r.reply_count),
    openReportCount: Number(r.open_report_count),
    createdAt: new Date(r.created_at),
    editedAt: r.edited_at ? new Date(r.edited_at) : null,
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
  };
}

/**
 * Where a top-level page starts: after this comment id; with sort=top, replied or featured also its
 * rank (top: the like count; replied: the reply count; featured: 1 for a pick), -1 once past the ranked comments.
 */
export type PageKey = { id: string; rank?: number };

/** The sorts with a rank before the id (see CommentsRepository.rankedPage). */
export type RankedSort = Exclude<Sort, 'newest' | 'oldest'>;

/** The articles a moderator's list is narrowed to: one article, the articles of one section, or both. */
export interface ArticleScope {
  articleId?: string;
  section?: string;
}

/** Adds the scope's conditions on `c` to `where`, its values to `params` (the site is `$2`). */
function scopeWhere(scope: ArticleScope, params: unknown[], where: string[]): void {
  if (scope.articleId) {
    params.push(scope.articleId);
    where.push(`c.article_id = $${params.length}`);
  }
  // Through articles_section: the section's article ids, then each one's comments.
  if (scope.section) {
    params.push(scope.section);
    where.push(`c.article_id IN (SELECT a.id FROM articles a WHERE a.site_id = $2 AND a.section = $${params.length})`);
  }
}

/** What moderators search comments by (GET /moderation/search). */
export interface CommentSearch extends ArticleScope {
  q?: string;
  status?: CommentStatus;
  authorId?: string;
  reason?: string;
  reported?: boolean;
  from?: string;
  to?: string;
  sort?: 'newest' | 'oldest';
}

/** The SQL of CommentsRepository.search (exported so a test can read its plan). */
export function searchQuery(siteId: string, f: CommentSearch, limit: number, afterId: string | null): { sql: string; params: unknown[] } {
  const params: unknown[] = [limit, siteId];
  const where = [`c.site_id = $2`];
  const add = (sql: string, ...values: unknown[]) => {
    let out = sql;
    for (const v of values) {
      params.push(v);
      out = out.replace('?', `$${params.length}`);
    }
    where.push(out);
  };
  // The same expression as the comments_search index, so the planner can use it.
  if (f.q) add(`to_tsvector('english'::regconfig, c.body) @@ websearch_to_tsquery('english'::regconfig, ?)`, f.q);
  if (f.status) add(`c.status = ?`, f.status);
  scopeWhere(f, params, where);
  if (f.authorId) add(`c.author_id = ?`, f.authorId);
  // A reason as the pipeline writes it (`link`, `banned_word:idiot`) or its kind alone (`banned_word`).
  if (f.reason) add(`EXISTS (SELECT 1 FROM unnest(c.reasons) r WHERE r = ? OR split_part(r, ':', 1) = ?)`, f.reason, f.reason);
  if (f.reported) where.push(`EXISTS (SELECT 1 FROM reports rp WHERE rp.comment_id = c.id)`);
  if (f.from) add(`c.created_at >= ?::timestamptz`, f.from);
  if (f.to) add(`c.created_at < ?::timestamptz`, f.to);
  const asc = f.sort === 'oldest';
  if (afterId) add(`c.id ${asc ? '>' : '<'} ?::uuid`, afterId);
  return {
    sql: `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.join(' AND ')} ORDER BY c.id ${asc ? 'ASC' : 'DESC'} LIMIT $1`,
    params,
  };
}

/** What a new comment's row is made of; the rest starts at its defaults. */
export type NewComment = Pick<
  CommentRecord,
  'id' | 'siteId' | 'articleId' | 'parentId' | 'depth' | 'authorId' | 'authorName' | 'body' | 'html' | 'status' | 'reasons' | 'moderated'
> & { idempotencyKey: string | null };

/** A parent's row after its reply count moved (see CommentLedger.bumpReplies). */
export interface ReplyCountChange {
  id: string;
  articleId: string;
  parentId: string | null;
  status: CommentStatus;
  replyCount: number;
}

/** Owns the SQL of `comments`, `comment_revisions`, `reactions` and `reports`. */
@Injectable()
export class CommentsRepository {
  constructor(private readonly ds: DataSource) {}

  // ---- reads -------------------------------------------------------------------------------

  /**
   * One page of an article's top-level comments visible to the viewer, limit + 1 rows. The order
   * names the article first, as the partial indexes do: the only index that can give it is the
   * article's own, so the planner never walks the primary key of every article instead.
   */
  async topLevelPage(siteId: string, articleId: string, viewerId: string | null, sort: Sort, limit: number, after: PageKey | null): Promise<CommentRecord[]> {
    if (sort !== 'newest' && sort !== 'oldest') return this.rankedPage(siteId, articleId, viewerId, sort, limit, after);
    const params: unknown[] = [articleId, viewerId, limit, siteId];
    let keyset = '';
    if (after) {
      params.push(after.id);
      keyset = `AND c.id ${sort === 'oldest' ? '>' : '<'} $5::uuid`;
    }
    const order = sort === 'oldest' ? `c.site_id, c.article_id, c.id` : `c.site_id DESC, c.article_id DESC, c.id DESC`;
    const rows = await queryRows<CommentRow>(
      this.ds.manager,
      prepared(
        `SELECT ${COLUMNS} FROM ${FROM}
         WHERE c.site_id = $4 AND c.article_id = $1 AND c.parent_id IS NULL AND ${VISIBLE_TO_$2} ${keyset}
         ORDER BY ${order} LIMIT $3`,
      ),
      params,
    );
    return rows.map(toRecord);
  }

  /**
   * `top`, `replied` and `featured` come in two runs: first the ranked comments (`top`: by likes;
   * `replied`: by direct replies; `featured`: the editors' picks, newest first), then the rest,
   * newest first. Tombstones are never ranked: they keep their thread's place only in the second
   * run. A key in the second run has `rank` -1.
   */
  private async rankedPage(siteId: string, articleId: string, viewerId: string | null, sort: RankedSort, limit: number, after: PageKey | null) {
    const ranked = sort === 'featured' ? `c.featured AND NOT ${TOMBSTONE_TO_$2}` : `NOT ${TOMBSTONE_TO_$2}`;
    // The counted column; each has its index (comments_article_top_liked, comments_article_top_replied).
    const count = sort === 'top' ? 'c.like_count' : 'c.reply_count';
    const page = async (where: string, order: string, keyset: string, extra: unknown[], n: number) =>
      (
        await queryRows<CommentRow>(
          this.ds.manager,
          prepared(
            `SELECT ${COLUMNS} FROM ${FROM}
             WHERE c.site_id = $4 AND c.article_id = $1 AND c.parent_id IS NULL AND ${VISIBLE_TO_$2} AND ${where} ${keyset}
             ORDER BY ${order} LIMIT $3`,
          ),
          [articleId, viewerId, n, siteId, ...extra],
        )
      ).map(toRecord);
    const rest = (n: number, afterId?: string) =>
      page(`NOT (${ranked})`, `c.site_id DESC, c.article_id DESC, c.id DESC`, afterId ? `AND c.id < $5::uuid` : '', afterId ? [afterId] : [], n);
    if (after && after.rank === -1) return rest(limit, after.id);
    const first =
      sort !== 'featured'
        ? await page(
            ranked,
            `c.site_id, c.article_id, ${count} DESC, c.id DESC`,
            after ? `AND (${count}, c.id) < ($5, $6::uuid)` : '',
            after ? [after.rank, after.id] : [],
            limit,
          )
        : await page(ranked, `c.site_id DESC, c.article_id DESC, c.id DESC`, after ? `AND c.id < $5::uuid` : '', after ? [after.id] : [], limit);
    return first.length < limit ? [...first, ...(await rest(limit - first.length))] : first;
  }

  /** Replies to one comment visible to the viewer, oldest first, limit rows. */
  async repliesPage(siteId: string, parentId: string, viewerId: string | null, limit: number, afterId: string | null): Promise<CommentRecord[]> {
    const params: unknown[] = [parentId, viewerId, limit, siteId];
    if (afterId) params.push(afterId);
    const rows = await queryRows<CommentRow>(
      this.ds.manager,
      prepared(
        `SELECT ${COLUMNS} FROM ${FROM}
         WHERE c.parent_id = $1 AND c.site_id = $4 AND ${VISIBLE_TO_$2} ${afterId ? 'AND c.id > $5::uuid' : ''}
         ORDER BY c.parent_id, c.id LIMIT $3`,
      ),
      params,
    );
    return rows.map(toRecord);
  }

  /**
   * The approved or rejected queue, latest decision first (a comment the pipeline decided at
   * posting counts from then), limit rows; each with its sort key as text for the next cursor.
   */
  async decidedPage(
    siteId: string,
    queue: 'approved' | 'rejected',
    scope: ArticleScope,
    limit: number,
    after: { at: string; id: string } | null,
  ): Promise<{ record: CommentRecord; key: string }[]> {
    const params: unknown[] = [limit, siteId, queue];
    const where = [`c.site_id = $2`, `c.status = $3`, QUEUE_SQL[queue]];
    scopeWhere(scope, params, where);
    if (after) {
      params.push(after.at, after.id);
      where.push(`(coalesce(c.decided_at, c.created_at), c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows = await queryRows<CommentRow & { sort_key: string }>(
      this.ds.manager,
      `SELECT ${COLUMNS}, coalesce(c.decided_at, c.created_at)::text AS sort_key FROM ${FROM} WHERE ${where.join(' AND ')}
       ORDER BY c.site_id DESC, c.status DESC, coalesce(c.decided_at, c.created_at) DESC, c.id DESC LIMIT $1`,
      params,
    );
    return rows.map((r) => ({ record: toRecord(r), key: r.sort_key }));
  }

  /** Every report of these comments, answered ones included: counts per reason and notes (oldest first, at most `per`). */
  async reportHistory(
    m: EntityManager,
    ids: string[],
    per = 20,
  ): Promise<Map<string, { counts: Record<string, number>; notes: { reason: ReportReason; note: string; createdAt: string }[] }>> {
    const byId = new Map<string, { counts: Record<string, number>; notes: { reason: ReportReason; note: string; createdAt: string }[] }>();
    if (!ids.length) return byId;
    const rows = await queryRows<{ comment_id: string; reason: ReportReason; note: string | null; created_at: Date; n: number }>(
      m,
      `SELECT comment_id, reason, note, created_at, row_number() OVER (PARTITION BY comment_id ORDER BY created_at, id)::int AS n
       FROM reports WHERE comment_id = ANY($1::uuid[]) ORDER BY comment_id, created_at, id`,
      [ids],
    );
    for (const r of rows) {
      const h = byId.get(r.comment_id) ?? { counts: {}, notes: [] };
      h.counts[r.reason] = (h.counts[r.reason] ?? 0) + 1;
      if (r.note && h.notes.length < per) h.notes.push({ reason: r.reason, note: r.note, createdAt: new Date(r.created_at).toISOString() });
      byId.set(r.comment_id, h);
    }
    return byId;
  }

  /**
   * Moderators' search over every comment of the site: full text (`q`, web-search syntax, English
   * stemming, through the comments_search index) and filters; newest or oldest first by id, limit rows.
   */
  async search(siteId: string, f: CommentSearch, limit: number, afterId: string | null): Promise<CommentRecord[]> {
    const { sql, params } = searchQuery(siteId, f, limit, afterId);
    return (await queryRows<CommentRow>(this.ds.manager, sql, params)).map(toRecord);
  }

  /** One queue's page, in the queue's order, limit rows. */
  async queuePage(siteId: string, queue: Queue, scope: ArticleScope, limit: number, afterId: string | null): Promise<CommentRecord[]> {
    const order = QUEUE_ORDER[queue];
    const params: unknown[] = [limit, siteId];
    const where = [`c.site_id = $2`, QUEUE_SQL[queue]];
    scopeWhere(scope, params, where);
    if (afterId) {
      params.push(afterId);
      where.push(`c.id ${order === 'ASC' ? '>' : '<'} $${params.length}::uuid`);
    }
    const rows = await queryRows<CommentRow>(
      this.ds.manager,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.join(' AND ')} ORDER BY c.site_id, c.id ${order} LIMIT $1`,
      params,
    );
    return rows.map(toRecord);
  }

  async latestByAuthor(siteId: string, authorId: string, limit: number): Promise<CommentRecord[]> {
    const rows = await queryRows<CommentRow>(
      this.ds.manager,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE c.site_id = $3 AND c.author_id = $1 ORDER BY c.site_id, c.author_id, c.id DESC LIMIT $2`,
      [authorId, limit, siteId],
    );
    return rows.map(toRecord);
  }

  /** The ids of an author's comments in one status on the site, oldest first. */
  async idsOfAuthor(m: EntityManager, siteId: string, authorId: string, status: 'pending' | 'approved'): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(m, `SELECT id FROM comments WHERE site_id = $1 AND author_id = $2 AND status = $3 ORDER BY id`, [
      siteId,
      authorId,
      status,
    ]);
    return rows.map((r) => r.id);
  }

  /** The names of the people with a published comment on the article: whom `@Name` can mention (at most 2,000, the latest first). */
  async participantNames(siteId: string, articleId: string): Promise<string[]> {
    const rows = await queryRows<{ name: string }>(
      this.ds.manager,
      `SELECT u.name FROM (SELECT author_id, max(created_at) AS last FROM comments WHERE site_id = $1 AND article_id = $2 AND status = 'approved' GROUP BY author_id) p
         JOIN users u ON u.site_id = $1 AND u.id = p.author_id ORDER BY p.last DESC LIMIT 2000`,
      [siteId, articleId],
    );
    return rows.map((r) => r.name);
  }

  /** The comment of this id on this site (`id` must already be a valid comment id): another site's is not found. */
  async find(siteId: string, id: string, m: EntityManager = this.ds.manager): Promise<CommentRecord | null> {
    const [row] = await queryRows<CommentRow>(m, FIND, [id, siteId]);
    return row ? toRecord(row) : null;
  }

  /** Reads and locks the comment row for the rest of the transaction. */
  async lock(m: EntityManager, siteId: string, id: string): Promise<CommentRecord | null> {
    const [row] = await queryRows<CommentRow>(m, `SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1 AND c.site_id = $2 FOR UPDATE OF c`, [id, siteId]);
    return row ? toRecord(row) : null;
  }

  /** The comment a key created, with the text it was first posted with (edits keep it as a revision). */
  async findByIdempotencyKey(siteId: string, authorId: string, key: string): Promise<(CommentRecord & { originalBody: string }) | null> {
    const [row] = await queryRows<CommentRow & { original_body: string }>(
      this.ds.manager,
      `SELECT ${COLUMNS},
         coalesce((SELECT rv.body FROM comment_revisions rv WHERE rv.comment_id = c.id ORDER BY rv.id LIMIT 1), c.body) AS original_body
       FROM ${FROM} WHERE c.site_id = $3 AND c.author_id = $1 AND c.idempotency_key = $2`,
      [authorId, key, siteId],
    );
    return row ? { ...toRecord(row), originalBody: row.original_body } : null;
  }

  /** Which of these comments the user has liked. */
  async likedBy(siteId: string, userId: string, ids: string[], m: EntityManager = this.ds.manager): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await queryRows<{ comment_id: string }>(
      m,
      `SELECT comment_id FROM reactions WHERE site_id = $3 AND user_id = $1 AND kind = 'like' AND comment_id = ANY($2::uuid[])`,
      [userId, ids, siteId],
    );
    return new Set(rows.map((r) => r.comment_id));
  }

  /** Open report counts by reason, per comment. */
  async openReports(m: EntityManager, ids: string[]): Promise<Map<string, Record<string, number>>> {
    const rows = await queryRows<{ comment_id: string; reason: string; n: number }>(
      m,
      `SELECT comment_id, reason, count(*)::int AS n FROM reports
       WHERE comment_id = ANY($1::uuid[]) AND resolved_at IS NULL GROUP BY comment_id, reason`,
      [ids],
    );
    const byId = new Map<string, Record<string, number>>();
    for (const r of rows) byId.set(r.comment_id, { ...byId.get(r.comment_id), [r.reason]: r.n });
    return byId;
  }

  /** The notes of open reports, oldest first, at most `per` per comment. */
  async openReportNotes(m: EntityManager, ids: string[], per = 20): Promise<Map<string, { reason: ReportReason; note: string; createdAt: string }[]>> {
    const byId = new Map<string, { reason: ReportReason; note: string; createdAt: string }[]>();
    if (!ids.length) return byId;
    const rows = await queryRows<{ comment_id: string; reason: ReportReason; note: string; created_at: Date }>(
      m,
      `SELECT comment_id, reason, note, created_at FROM (
         SELECT comment_id, reason, note, created_at, row_number() OVER (PARTITION BY comment_id ORDER BY created_at, id) AS n
         FROM reports WHERE comment_id = ANY($1::uuid[]) AND resolved_at IS NULL AND note IS NOT NULL) r
       WHERE n <= $2 ORDER BY comment_id, created_at`,
      [ids, per],
    );
    for (const r of rows) {
      const list = byId.get(r.comment_id) ?? [];
      list.push({ reason: r.reason, note: r.note, createdAt: new Date(r.created_at).toISOString() });
      byId.set(r.comment_id, list);
    }
    return byId;
  }

  // ---- writes ------------------------------------------------------------------------------

  /** The author's own deletion: status `deleted`, and a reason that says who deleted it. */
  async saveAuthorDeletion(m: EntityManager, c: CommentRecord): Promise<void> {
    await m.query(`UPDATE comments SET status = 'deleted', reasons = $2 WHERE id = $1`, [c.id, c.reasons]);
  }

  /**
   * Sets when comments were posted (an edited one's edit follows four minutes later): the demo
   * conversation's believable times, minutes to hours ago. Nothing else moves a comment in time.
   */
  async backdate(siteId: string, times: { id: string; at: Date }[]): Promise<void> {
    await this.ds.query(
      `UPDATE comments c SET created_at = t.at, edited_at = CASE WHEN c.edited_at IS NULL THEN NULL ELSE t.at + interval '4 minutes' END
         FROM unnest($2::uuid[], $3::timestamptz[]) AS t(id, at) WHERE c.site_id = $1 AND c.id = t.id`,
      [siteId, times.map((x) => x.id), times.map((x) => x.at.toISOString())],
    );
  }

  async insert(m: EntityManager, c: NewComment): Promise<CommentRecord> {
    const [row] = await queryRows<Omit<CommentRow, 'author_name'>>(m, INSERT, [
      c.id,
      c.articleId,
      c.parentId,
      c.depth,
      c.authorId,
      c.body,
      c.html,
      c.status,
      c.reasons,
      c.moderated,
      c.idempotencyKey,
      c.siteId,
    ]);
    return toRecord({ ...row, author_name: c.authorName });
  }

  /** An edit: the previous text becomes a revision, the new one and its verdict take its place. */
  async edit(
    m: EntityManager,
    before: CommentRecord,
    change: Pick<CommentRecord, 'body' | 'html' | 'status' | 'reasons' | 'moderated'>,
  ): Promise<CommentRecord> {
    await m.query(`INSERT INTO comment_revisions (comment_id, body, html) VALUES ($1, $2, $3)`, [before.id, before.body, before.html]);
    const [row] = await queryRows<CommentRow>(
      m,
      `UPDATE comments SET body = $2, html = $3, status = $4, reasons = $5, moderated = $6, edited_at = now() WHERE id = $1 RETURNING *`,
      [before.id, change.body, change.html, change.status, change.reasons, change.moderated],
    );
    return toRecord({ ...row, author_name: before.authorName });
  }

  /** Writes a decided state: status, moderation flags, open reports, featured. */
  async saveState(m: EntityManager, c: CommentRecord): Promise<void> {
    await m.query(`UPDATE comments SET status = $2, moderated = $3, open_report_count = $4, featured = $5, decided_at = $6 WHERE id = $1`, [
      c.id,
      c.status,
      c.moderated,
      c.openReportCount,
      c.featured,
      c.decidedAt,
    ]);
  }

  /** Adds or removes a like of a comment of the user's site; returns the new like count, or null when nothing changed. */
  async setLike(m: EntityManager, c: Pick<CommentRecord, 'id' | 'siteId'>, userId: string, on: boolean): Promise<number | null> {
    const id = c.id;
    const changed = on
      ? await queryRows(m, `INSERT INTO reactions (comment_id, site_id, user_id, kind) VALUES ($1, $3, $2, 'like') ON CONFLICT DO NOTHING RETURNING 1`, [
          id,
          userId,
          c.siteId,
        ])
      : await queryRows(m, `DELETE FROM reactions WHERE comment_id = $1 AND user_id = $2 AND kind = 'like' RETURNING 1`, [id, userId]);
    if (!changed.length) return null;
    const [row] = await queryRows<{ like_count: number }>(m, `UPDATE comments SET like_count = like_count + $2 WHERE id = $1 RETURNING like_count`, [
      id,
      on ? 1 : -1,
    ]);
    return Number(row.like_count);
  }

  /** One open report per user per comment; returns false when this user had reported it already. */
  async addReport(m: EntityManager, c: Pick<CommentRecord, 'id' | 'siteId'>, userId: string, reason: ReportReason, note: string | null): Promise<boolean> {
    const id = c.id;
    const inserted = await queryRows(
      m,
      `INSERT INTO reports (comment_id, site_id, user_id, reason, note) VALUES ($1, $5, $2, $3, $4)
       ON CONFLICT (comment_id, user_id) DO NOTHING RETURNING id`,
      [id, userId, reason, note, c.siteId],
    );
    if (!inserted.length) return false;
    await m.query(`UPDATE comments SET open_report_count = open_report_count + 1 WHERE id = $1`, [id]);
    return true;
  }

  /** Answers the comment's open reports; returns their ids (an undo reopens them). */
  async resolveReports(m: EntityManager, id: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(m, `UPDATE reports SET resolved_at = now() WHERE comment_id = $1 AND resolved_at IS NULL RETURNING id`, [id]);
    return rows.map((r) => String(r.id));
  }

  /** Reopens reports a decision answered (an undo); returns how many were reopened. */
  async reopenReports(m: EntityManager, commentId: string, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const rows = await queryRows(
      m,
      `UPDATE reports SET resolved_at = NULL WHERE comment_id = $1 AND id::text = ANY($2::text[]) AND resolved_at IS NOT NULL RETURNING 1`,
      [commentId, ids],
    );
    return rows.length;
  }

  async bumpReplyCount(m: EntityManager, parentId: string, delta: number): Promise<ReplyCountChange | null> {
    const [p] = await queryRows<Pick<CommentRow, 'id' | 'article_id' | 'parent_id' | 'status' | 'reply_count'>>(
      m,
      `UPDATE comments SET reply_count = reply_count + $2 WHERE id = $1 RETURNING id, article_id, parent_id, status, reply_count`,
      [parentId, delta],
    );
    return p ? { id: p.id, articleId: p.article_id, parentId: p.parent_id, status: p.status, replyCount: Number(p.reply_count) } : null;
  }

  /**
   * Recomputes reply counts bottom-up by depth (a tombstone parent's visibility depends on its
   * children's counts); returns how many rows were off.
   */
  async repairReplyCounts(m: EntityManager): Promise<number> {
    let fixed = 0;
    const [{ max }] = await queryRows<{ max: number }>(m, `SELECT coalesce(max(depth), 0)::int AS max FROM comments`);
    for (let depth = max - 1; depth >= 0; depth--) {
      const rows = await queryRows(
        m,
        `WITH real AS (
           SELECT p.id, count(ch.id) FILTER (WHERE ch.status = 'approved' OR (ch.status IN ('deleted','rejected') AND ch.reply_count > 0))::int AS n
           FROM comments p LEFT JOIN comments ch ON ch.parent_id = p.id WHERE p.depth = $1 GROUP BY p.id
         )
         UPDATE comments c SET reply_count = real.n FROM real WHERE real.id = c.id AND c.reply_count <> real.n RETURNING c.id`,
        [depth],
      );
      fixed += rows.length;
    }
    return fixed;
  }
}
