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

/** One read for every flood check: see recent(). */
const RECENT = prepared(
  `SELECT count(*) FILTER (WHERE created_at > now() - interval '60 seconds')::int AS last_minute,
              coalesce(bool_or(body = $2 AND created_at > now() - make_interval(secs => $3)), false) AS repeat,
              ceil(extract(epoch FROM ((array_agg(created_at ORDER BY created_at DESC)
                     FILTER (WHERE created_at > now() - interval '60 seconds'))[$7::int] + interval '60 seconds' - now())))::int AS wait
       FROM comments
       WHERE site_id = $6 AND author_id = $1 AND created_at > now() - make_interval(secs => $4) AND id IS DISTINCT FROM $5::uuid`,
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
