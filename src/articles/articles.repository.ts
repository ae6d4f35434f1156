import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ArticleView, QueueCounts } from '../common/contract';
import { QUEUE_SQL } from '../common/queues';
import { prepared, queryRows } from '../common/sql';

interface ArticleRow {
  id: string;
  title: string | null;
  url: string | null;
  section: string | null;
  closed: boolean;
  premoderation: boolean;
  comment_count: number;
  pending_count: number;
  reported_count: number;
  unmoderated_count: number;
}

export interface ArticlePatch {
  title?: string;
  url?: string;
  section?: string;
  closed?: boolean;
  premoderation?: boolean;
}

const toView = (r: ArticleRow): ArticleView => ({
  id: r.id,
  title: r.title,
  url: r.url,
  section: r.section ?? null,
  closed: r.closed,
  premoderation: r.premoderation,
  commentCount: Number(r.comment_count),
});

/** The columns of an ArticleRow, for statements that return them. */
const ARTICLE_COLUMNS = `id, title, url, section, closed, premoderation, comment_count, pending_count, reported_count, unmoderated_count`;

/** Every post runs one of the two: the article as it is, created on its first comment (a section given fills a missing one). */
const ensureStatement = (onConflict: string) =>
  prepared(
    `WITH created AS (INSERT INTO articles (site_id, id, title, url, section) VALUES ($4, $1, $2, $3, $5) ON CONFLICT (site_id, id) ${onConflict}
                      RETURNING ${ARTICLE_COLUMNS})
     SELECT ${ARTICLE_COLUMNS} FROM created UNION ALL SELECT ${ARTICLE_COLUMNS} FROM articles WHERE site_id = $4 AND id = $1 AND NOT EXISTS (SELECT 1 FROM created)`,
  );
const ENSURE = ensureStatement(`DO NOTHING`);
const ENSURE_SECTION = ensureStatement(`DO UPDATE SET section = EXCLUDED.section WHERE articles.section IS NULL`);
const COMMENT_COUNT = prepared(`SELECT comment_count FROM articles WHERE site_id = $2 AND id = $1`);
/** Owns the SQL of the `articles` table. */
@Injectable()
export class ArticlesRepository {
  constructor(private readonly ds: DataSource) {}

  async find(siteId: string, id: string, m: EntityManager = this.ds.manager, lock = false): Promise<ArticleView | null> {
    const [row] = await queryRows<ArticleRow>(m, `SELECT * FROM articles WHERE site_id = $2 AND id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id, siteId]);
    return row ? toView(row) : null;
  }

  async findMany(m: EntityManager, siteId: string, ids: string[]): Promise<ArticleView[]> {
    const rows = await queryRows<ArticleRow>(m, `SELECT * FROM articles WHERE site_id = $2 AND id = ANY($1)`, [ids, siteId]);
    return rows.map(toView);
  }

  /**
   * The first comment creates the article row; title and url are kept if given then. A section is
   * kept then too, or later on an article that has none yet (one created before its page sent one).
   */
  async ensure(
    siteId: string,
    id: string,
    meta: { title?: string; url?: string; section?: string } = {},
    m: EntityManager = this.ds.manager,
  ): Promise<ArticleView> {
    let [row] = await queryRows<ArticleRow>(m, meta.section ? ENSURE_SECTION : ENSURE, [
      id,
      meta.title ?? null,
      meta.url ?? null,
      siteId,
      meta.section ?? null,
    ]);
    // A concurrent first comment created the row after this statement's snapshot: read it anew.
    if (!row) [row] = await queryRows<ArticleRow>(m, `SELECT * FROM articles WHERE site_id = $2 AND id = $1`, [id, siteId]);
    return toView(row);
  }

  /** Creates the row or changes the fields given. */
  async upsert(m: EntityManager, siteId: string, id: string, patch: ArticlePatch): Promise<ArticleView> {
    const [row] = await queryRows<ArticleRow>(
      m,
      `INSERT INTO articles (site_id, id, title, url, closed, premoderation, section) VALUES ($6, $1, $2, $3, coalesce($4, false), coalesce($5, false), $7)
       ON CONFLICT (site_id, id) DO UPDATE SET title = coalesce($2, articles.title), url = coalesce($3, articles.url), section = coalesce($7, articles.section),
         closed = coalesce($4, articles.closed),
         reopened_at = CASE WHEN articles.closed AND $4 = false THEN now() ELSE articles.reopened_at END, premoderation = coalesce($5, articles.premoderation), updated_at = now()
       RETURNING *`,
      [id, patch.title ?? null, patch.url ?? null, patch.closed ?? null, patch.premoderation ?? null, siteId, patch.section ?? null],
    );
    return toView(row);
  }

  async commentCount(siteId: string, id: string): Promise<number> {
    const [row] = await queryRows<Pick<ArticleRow, 'comment_count'>>(this.ds.manager, COMMENT_COUNT, [id, siteId]);
    return Number(row?.comment_count ?? 0);
  }

  /** Published-comment counts for many articles; unknown ids are absent. */
  async commentCounts(siteId: string, ids: string[]): Promise<Map<string, number>> {
    const rows = await queryRows<Pick<ArticleRow, 'id' | 'comment_count'>>(
      this.ds.manager,
      `SELECT id, comment_count FROM articles WHERE site_id = $2 AND id = ANY($1)`,
      [ids, siteId],
    );
    return new Map(rows.map((r) => [r.id, Number(r.comment_count)]));
  }

  /** One article's queue counters, or the sum over a section's articles (both given: that article if it is in the section). */
  async queueCounts(siteId: string, scope: { articleId?: string; section?: string }): Promise<QueueCounts> {
    const [row] = await queryRows<ArticleRow>(
      this.ds.manager,
      `SELECT sum(pending_count) AS pending_count, sum(reported_count) AS reported_count, sum(unmoderated_count) AS unmoderated_count
       FROM articles WHERE site_id = $1 AND ($2::text IS NULL OR id = $2) AND ($3::text IS NULL OR section = $3)`,
      [siteId, scope.articleId ?? null, scope.section ?? null],
    );
    return { pending: Number(row?.pending_count ?? 0), reported: Number(row?.reported_count ?? 0), unmoderated: Number(row?.unmoderated_count ?? 0) };
  }

  /**
   * Closes up to `limit` of the site's open articles whose first comment is more than `days` old
   * (never one a moderator reopened); returns them as they are now.
   */
  async closeOlderThan(m: EntityManager, siteId: string, days: number, limit: number): Promise<ArticleView[]> {
    const rows = await queryRows<ArticleRow>(
      m,
      `UPDATE articles SET closed = true, updated_at = now()
        WHERE (site_id, id) IN (SELECT site_id, id FROM articles WHERE site_id = $1 AND NOT closed AND reopened_at IS NULL AND created_at < now() - make_interval(days => $2)
                                 ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [siteId, days, limit],
    );
    return rows.map(toView);
  }

  /** Recomputes every article's counters from its comments; returns how many rows were off. */
  async repairCounters(m: EntityManager): Promise<number> {
    const fixed = await queryRows(
      m,
      `WITH real AS (
         SELECT a.site_id, a.id,
           count(c.id) FILTER (WHERE c.status = 'approved') AS comment_count,
           count(c.id) FILTER (WHERE ${QUEUE_SQL.pending}) AS pending_count,
           count(c.id) FILTER (WHERE ${QUEUE_SQL.reported}) AS reported_count,
           count(c.id) FILTER (WHERE ${QUEUE_SQL.unmoderated}) AS unmoderated_count
         FROM articles a LEFT JOIN comments c ON c.site_id = a.site_id AND c.article_id = a.id GROUP BY a.site_id, a.id
       )
       UPDATE articles a SET comment_count = r.comment_count, pending_count = r.pending_count,
         reported_count = r.reported_count, unmoderated_count = r.unmoderated_count
       FROM real r WHERE r.site_id = a.site_id AND r.id = a.id AND (a.comment_count, a.pending_count, a.reported_count, a.unmoderated_count)
         IS DISTINCT FROM (r.comment_count::int, r.pending_count::int, r.reported_count::int, r.unmoderated_count::int)
       RETURNING a.id`,
    );
    return fixed.length;
  }
}
