import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DELETED_BY_AUTHOR } from '../comments/comment-view';
import type { CommentStatus, ReportReason } from '../common/contract';
import type { HistoryReport, StatsArticle, StatsCount, StatsModerator } from '../common/desk-contract';
import { queryRows } from '../common/sql';
import { ACTOR_NAME, DECISION_ACTIONS } from '../moderation-log/moderation-log.repository';

/** Comments posted on one UTC day with one status. */
export interface DayStatusCount {
  day: string;
  status: CommentStatus;
  count: number;
}

export interface ReportCount {
  reason: ReportReason;
  count: number;
  open: number;
}

interface ReportRow {
  id: string;
  comment_id: string;
  reason: ReportReason;
  note: string | null;
  created_at: Date;
  resolved_at: Date | null;
  other_id: string;
  other_name: string | null;
  excerpt: string;
  status: string;
}

const toReport = (r: ReportRow): HistoryReport => ({
  id: String(r.id),
  commentId: r.comment_id,
  reason: r.reason,
  note: r.note,
  createdAt: new Date(r.created_at).toISOString(),
  resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
  otherId: r.other_id,
  otherName: r.other_name,
  commentExcerpt: r.excerpt,
  commentStatus: r.status,
});

/**
 * The statistics' SQL (exported so a test can read the plans): `$1` the site, `$2` the start of the window,
 * `$3` its end (exclusive); the top-N lists take their limit as the last parameter.
 */
export const STATS_SQL = {
  perDayStatus: `SELECT to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, c.status, count(*)::int AS count
       FROM comments c WHERE c.site_id = $1 AND c.created_at >= $2 AND c.created_at < $3
       GROUP BY 1, 2`,
  holdReasons: `SELECT r.reason, count(*)::int AS count
       FROM comments c CROSS JOIN LATERAL unnest(c.reasons) AS r(reason)
       WHERE c.site_id = $1 AND c.created_at >= $2 AND c.created_at < $3 AND cardinality(c.reasons) > 0 AND r.reason <> $4
       GROUP BY r.reason ORDER BY count(*) DESC, r.reason LIMIT $5`,
  decisionTimes: `SELECT count(*)::int AS decisions,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY d.secs) AS median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY d.secs) AS p90
       FROM (
         SELECT DISTINCT ON (l.comment_id) greatest(0, extract(epoch FROM l.created_at - c.created_at))::float8 AS secs
         FROM moderation_log l JOIN comments c ON c.id = l.comment_id AND c.site_id = l.site_id
         WHERE l.site_id = $1 AND l.created_at >= $2 AND l.created_at < $3 AND l.action IN ('approve', 'reject')
         ORDER BY l.comment_id, l.id
       ) d`,
  moderators: `SELECT l.actor_id AS "actorId", ${ACTOR_NAME} AS "actorName",
         count(*) FILTER (WHERE l.action = 'approve')::int AS approved,
         count(*) FILTER (WHERE l.action = 'reject')::int AS rejected,
         count(*) FILTER (WHERE l.action NOT IN ('approve', 'reject'))::int AS other,
         count(*)::int AS total
       FROM moderation_log l
       WHERE l.site_id = $1 AND l.created_at >= $2 AND l.created_at < $3 AND l.action = ANY($4::text[])
       GROUP BY l.site_id, l.actor_id ORDER BY count(*) DESC, l.actor_id`,
  rejectReasons: `SELECT l.reason, count(*)::int AS count FROM moderation_log l
       WHERE l.site_id = $1 AND l.created_at >= $2 AND l.created_at < $3 AND l.action = 'reject' AND coalesce(l.reason, '') <> ''
       GROUP BY l.reason ORDER BY count(*) DESC, l.reason LIMIT $4`,
  reportCounts: `SELECT r.reason, count(*)::int AS count, count(*) FILTER (WHERE r.resolved_at IS NULL)::int AS open
       FROM reports r WHERE r.site_id = $1 AND r.created_at >= $2 AND r.created_at < $3 GROUP BY r.reason`,
  articles: `SELECT t.article_id AS "articleId", a.title, a.url, t.comments
       FROM (SELECT c.article_id, count(*)::int AS comments FROM comments c WHERE c.site_id = $1 AND c.created_at >= $2 AND c.created_at < $3
             GROUP BY c.article_id ORDER BY count(*) DESC, c.article_id LIMIT $4) t
       LEFT JOIN articles a ON a.site_id = $1 AND a.id = t.article_id
       ORDER BY t.comments DESC, t.article_id`,
};

/**
 * The desk's read model: a site's statistics over a window and a user's history, across
 * comments, reports and the moderation log. Every query names the site and reads through an
 * index led by it (the windows by `created_at`: comments_site_created, moderation_log_site_created,
 * reports_site_created; a user's reports by reports_user, their comments by comments_author).
 */
@Injectable()
export class DeskQueries {
  constructor(private readonly ds: DataSource) {}

  /** Comments posted in [from, to), counted per UTC day and status (an index-only scan of comments_site_created). */
  perDayStatus(siteId: string, from: Date, to: Date): Promise<DayStatusCount[]> {
    return queryRows<DayStatusCount>(this.ds.manager, STATS_SQL.perDayStatus, [siteId, from, to]);
  }

  /** The pipeline's reasons on comments posted in [from, to) (it writes them only when it holds or refuses one), most first. */
  holdReasons(siteId: string, from: Date, to: Date, limit: number): Promise<StatsCount[]> {
    return queryRows<StatsCount>(this.ds.manager, STATS_SQL.holdReasons, [siteId, from, to, DELETED_BY_AUTHOR, limit]);
  }

  /** Each comment's first approve or reject made in [from, to): the seconds from its posting. */
  async decisionTimes(siteId: string, from: Date, to: Date): Promise<{ decisions: number; median: number | null; p90: number | null }> {
    const [row] = await queryRows<{ decisions: number; median: number | null; p90: number | null }>(this.ds.manager, STATS_SQL.decisionTimes, [
      siteId,
      from,
      to,
    ]);
    return { decisions: row.decisions, median: row.median === null ? null : Number(row.median), p90: row.p90 === null ? null : Number(row.p90) };
  }

  /** Staff decisions in [from, to) by who made them, most first. */
  moderators(siteId: string, from: Date, to: Date): Promise<StatsModerator[]> {
    return queryRows<StatsModerator>(this.ds.manager, STATS_SQL.moderators, [siteId, from, to, DECISION_ACTIONS]);
  }

  /** The reasons moderators wrote when rejecting in [from, to), most first. */
  rejectReasons(siteId: string, from: Date, to: Date, limit: number): Promise<StatsCount[]> {
    return queryRows<StatsCount>(this.ds.manager, STATS_SQL.rejectReasons, [siteId, from, to, limit]);
  }

  /** Readers' reports made in [from, to), per reason, with how many are still open. */
  reportCounts(siteId: string, from: Date, to: Date): Promise<ReportCount[]> {
    return queryRows<ReportCount>(this.ds.manager, STATS_SQL.reportCounts, [siteId, from, to]);
  }

  /** The articles with the most comments posted in [from, to), most first, with their titles. */
  articles(siteId: string, from: Date, to: Date, limit: number): Promise<StatsArticle[]> {
    return queryRows<StatsArticle>(this.ds.manager, STATS_SQL.articles, [siteId, from, to, limit]);
  }

  /** A user's comments counted by the status each has now. */
  async commentStatusCounts(siteId: string, userId: string): Promise<Partial<Record<CommentStatus, number>>> {
    const rows = await queryRows<{ status: CommentStatus; count: number }>(
      this.ds.manager,
      `SELECT c.status, count(*)::int AS count FROM comments c WHERE c.site_id = $1 AND c.author_id = $2 GROUP BY c.status`,
      [siteId, userId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.count]));
  }

  /** Reports the user made, newest first, each with the reported comment and its author. */
  async reportsMade(siteId: string, userId: string, limit: number): Promise<{ total: number; items: HistoryReport[] }> {
    const m = this.ds.manager;
    const [{ total }] = await queryRows<{ total: number }>(m, `SELECT count(*)::int AS total FROM reports r WHERE r.site_id = $1 AND r.user_id = $2`, [
      siteId,
      userId,
    ]);
    const rows = await queryRows<ReportRow>(
      m,
      `SELECT r.id, r.comment_id, r.reason, r.note, r.created_at, r.resolved_at,
         c.author_id AS other_id, u.name AS other_name, left(c.body, 140) AS excerpt, c.status
       FROM (SELECT * FROM reports r WHERE r.site_id = $1 AND r.user_id = $2 ORDER BY r.site_id, r.user_id, r.id DESC LIMIT $3) r
       JOIN comments c ON c.id = r.comment_id AND c.site_id = r.site_id
       LEFT JOIN users u ON u.site_id = c.site_id AND u.id = c.author_id
       ORDER BY r.id DESC`,
      [siteId, userId, limit],
    );
    return { total, items: rows.map(toReport) };
  }

  /** Reports on the user's comments, newest first, each with who made it; and their counts per reason. */
  async reportsReceived(siteId: string, userId: string, limit: number): Promise<{ counts: ReportCount[]; items: HistoryReport[] }> {
    const m = this.ds.manager;
    const counts = await queryRows<ReportCount>(
      m,
      `SELECT r.reason, count(*)::int AS count, count(*) FILTER (WHERE r.resolved_at IS NULL)::int AS open
       FROM comments c JOIN reports r ON r.comment_id = c.id
       WHERE c.site_id = $1 AND c.author_id = $2 GROUP BY r.reason`,
      [siteId, userId],
    );
    const rows = await queryRows<ReportRow>(
      m,
      `SELECT r.id, r.comment_id, r.reason, r.note, r.created_at, r.resolved_at,
         r.user_id AS other_id, u.name AS other_name, left(c.body, 140) AS excerpt, c.status
       FROM comments c JOIN reports r ON r.comment_id = c.id
       LEFT JOIN users u ON u.site_id = r.site_id AND u.id = r.user_id
       WHERE c.site_id = $1 AND c.author_id = $2
       ORDER BY r.id DESC LIMIT $3`,
      [siteId, userId, limit],
    );
    return { counts, items: rows.map(toReport) };
  }
}
