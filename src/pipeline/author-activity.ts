import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { prepared, queryRows } from '../common/sql';

export interface RecentActivity {
  /** Comments by the author in the last 60 seconds. */
  lastMinute: number;
  /** The same text was posted within the duplicate window. */
  repeat: boolean;
  /** Seconds until the author is under the per-minute limit again (0: now): the FLOOD refusal's Retry-After. */
  waitSeconds: number;
}

/**
 * Comment ids are UUIDv7: their first 48 bits are the milliseconds they were made at, never before
 * the comment's `created_at` (imports and restores make them from it) but for the clock difference
 * between an instance and PostgreSQL, which this margin covers.
 */
const CLOCK_MARGIN_SECONDS = 300;

/**
 * One read for every flood check: see recent(). The lower bound on the id keeps it to the window's
 * entries of `comments_author` (site, author, id): without it an author with 50,000 comments had all
 * of them read on each post (15–66 ms, under their lock) to find the last minute's few.
 */
const RECENT = prepared(
  `SELECT count(*) FILTER (WHERE created_at > now() - interval '60 seconds')::int AS last_minute,
              coalesce(bool_or(body = $2 AND created_at > now() - make_interval(secs => $3)), false) AS repeat,
              ceil(extract(epoch FROM ((array_agg(created_at ORDER BY created_at DESC)
                     FILTER (WHERE created_at > now() - interval '60 seconds'))[$7::int] + interval '60 seconds' - now())))::int AS wait
       FROM comments
       WHERE site_id = $6 AND author_id = $1 AND created_at > now() - make_interval(secs => $4) AND id IS DISTINCT FROM $5::uuid
         AND id >= (SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-0000-0000-000000000000')::uuid
                      FROM lpad(to_hex((extract(epoch FROM now() - make_interval(secs => $4 + ${CLOCK_MARGIN_SECONDS})) * 1000)::bigint), 12, '0') AS h)`,
);

/** The flood check's read of an author's recent comments (a query module of the pipeline's own). */
@Injectable()
export class AuthorActivity {
  constructor(private readonly ds: DataSource) {}

  async recent(
    q: { siteId: string; authorId: string; body: string; duplicateWindowSeconds: number; excludeId: string | null; perMinuteLimit: number },
    m: EntityManager = this.ds.manager,
  ): Promise<RecentActivity> {
    const window = Math.max(60, q.duplicateWindowSeconds);
    // One read for every flood check (inside the insert's transaction each statement is a round
    // trip under the author's lock): the count, the repeat, and when the limit-th newest comment of
    // the last minute ages out.
    const [row] = await queryRows<{ last_minute: number; repeat: boolean; wait: number | null }>(m, RECENT, [
      q.authorId,
      q.body,
      q.duplicateWindowSeconds,
      window,
      q.excludeId,
      q.siteId,
      Math.max(1, q.perMinuteLimit),
    ]);
    const waitSeconds = q.perMinuteLimit < 1 ? 60 : row.wait === null ? 0 : Math.max(1, Number(row.wait));
    return { lastMinute: Number(row.last_minute), repeat: row.repeat, waitSeconds };
  }
}
