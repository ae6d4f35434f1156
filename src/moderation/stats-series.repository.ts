import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CommentStatus } from '../common/contract';
import { queryRows } from '../common/sql';

/** Comments posted in bucket `i` with one status. */
export interface BucketStatusCount {
  i: number;
  status: CommentStatus;
  count: number;
}

/** Bucket `i`'s first decisions and their median wait. */
export interface BucketDecisions {
  i: number;
  decisions: number;
  median: number | null;
}

/**
 * The statistics' time series (exported so a test can read the plans). Each takes `$1` the site,
 * `$2` the window's start, `$3` its end (exclusive) and `$4` the bucket's length in seconds; bucket
 * `i` is [$2 + i·$4, $2 + (i+1)·$4).
 */
export const SERIES_SQL = {
  perBucketStatus: `SELECT floor(extract(epoch FROM c.created_at - $2::timestamptz) / $4)::int AS i, c.status, count(*)::int AS count
       FROM comments c WHERE c.site_id = $1 AND c.created_at >= $2 AND c.created_at < $3
       GROUP BY 1, 2`,
  // Each comment's first approve or reject made in the window (as decisionTimes), by the bucket it was made in.
  decisions: `SELECT floor(extract(epoch FROM d.at - $2::timestamptz) / $4)::int AS i, count(*)::int AS decisions,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY d.secs) AS median
       FROM (
         SELECT DISTINCT ON (l.comment_id) l.created_at AS at, greatest(0, extract(epoch FROM l.created_at - c.created_at))::float8 AS secs
         FROM moderation_log l JOIN comments c ON c.id = l.comment_id AND c.site_id = l.site_id
         WHERE l.site_id = $1 AND l.created_at >= $2 AND l.created_at < $3 AND l.action IN ('approve', 'reject')
         ORDER BY l.comment_id, l.id
       ) d GROUP BY 1`,
  /**
   * The pending queue at each bucket's end (the window's end for the last): comments posted by then,
   * held at posting, and not yet approved or rejected. "Held at posting": the comment's first approve
   * or reject found it pending, or it has none and is pending now. Only those waiting at some point
   * of the window count: pending now (read through the pending queue), or first decided after its start.
   */
  queue: `WITH first AS (
         SELECT DISTINCT ON (l.comment_id) l.comment_id, l.created_at AS at, l.from_status
         FROM moderation_log l
         WHERE l.action IN ('approve', 'reject') AND l.comment_id IN (
           SELECT w.comment_id FROM moderation_log w WHERE w.site_id = $1 AND w.created_at > $2 AND w.action IN ('approve', 'reject'))
         ORDER BY l.comment_id, l.id
       ), waiting AS (
         SELECT c.created_at AS since, NULL::timestamptz AS until FROM comments c
         WHERE c.site_id = $1 AND c.status = 'pending' AND c.created_at < $3
           AND NOT EXISTS (SELECT 1 FROM moderation_log l WHERE l.comment_id = c.id AND l.action IN ('approve', 'reject'))
         UNION ALL
         SELECT c.created_at, f.at FROM first f JOIN comments c ON c.id = f.comment_id AND c.site_id = $1
         WHERE f.from_status = 'pending' AND f.at > $2 AND c.created_at < $3
       )
       SELECT e.i, count(w.since)::int AS queue
       FROM generate_series(0, $5::int - 1) AS e(i)
       CROSS JOIN LATERAL (SELECT least($2::timestamptz + make_interval(secs => (e.i + 1) * $4::int), $3::timestamptz) AS t) b
       LEFT JOIN waiting w ON w.since <= b.t AND (w.until IS NULL OR w.until > b.t)
       GROUP BY e.i ORDER BY e.i`,
};

/** The statistics over time: per bucket of an hour or a day. */
@Injectable()
export class StatsSeries {
  constructor(private readonly ds: DataSource) {}

  perBucketStatus(siteId: string, from: Date, to: Date, bucketSeconds: number): Promise<BucketStatusCount[]> {
    return queryRows<BucketStatusCount>(this.ds.manager, SERIES_SQL.perBucketStatus, [siteId, from, to, bucketSeconds]);
  }

  async decisions(siteId: string, from: Date, to: Date, bucketSeconds: number): Promise<BucketDecisions[]> {
    const rows = await queryRows<BucketDecisions>(this.ds.manager, SERIES_SQL.decisions, [siteId, from, to, bucketSeconds]);
    return rows.map((r) => ({ ...r, median: r.median === null ? null : Number(r.median) }));
  }

  /** The queue's size at the end of each of `buckets` buckets. */
  queue(siteId: string, from: Date, to: Date, bucketSeconds: number, buckets: number): Promise<{ i: number; queue: number }[]> {
    return queryRows<{ i: number; queue: number }>(this.ds.manager, SERIES_SQL.queue, [siteId, from, to, bucketSeconds, buckets]);
  }
}
