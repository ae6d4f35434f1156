import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '../common/api-error';
import { queryRows } from '../common/sql';

/**
 * The per-minute posting limit (`rateLimits.commentsPerMinute`): a reader past it is told to wait
 * (429 `FLOOD` with Retry-After) and nothing is stored. Repeating the same text is not this: it
 * stays a moderation reason (`flood`, see PipelineService).
 */
@Injectable()
export class PostingRate {
  constructor(private readonly ds: DataSource) {}

  /**
   * Seconds until the author may post again, 0 when they may now: the time left until the
   * `limit`-th newest of their comments of the last minute is a minute old.
   */
  async waitSeconds(q: { siteId: string; authorId: string; limit: number }, m: EntityManager = this.ds.manager): Promise<number> {
    if (q.limit < 1) return 60;
    const [row] = await queryRows<{ wait: number | null }>(
      m,
      `SELECT ceil(extract(epoch FROM (created_at + interval '60 seconds' - now())))::int AS wait
       FROM comments
       WHERE site_id = $1 AND author_id = $2 AND created_at > now() - interval '60 seconds'
       ORDER BY created_at DESC OFFSET $3 LIMIT 1`,
      [q.siteId, q.authorId, q.limit - 1],
    );
    return row ? Math.max(1, Number(row.wait)) : 0;
  }

  /** Refuses the post when the author is past the limit. */
  async check(q: { siteId: string; authorId: string; limit: number }, m?: EntityManager): Promise<void> {
    const wait = await this.waitSeconds(q, m);
    if (wait > 0) throw floodError(wait);
  }
}

export function floodError(retryAfter: number): ApiError {
  const err = new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'FLOOD', `You are posting too fast; try again in ${retryAfter} s`);
  (err.getResponse() as Record<string, unknown>).retryAfter = retryAfter;
  return err;
}
