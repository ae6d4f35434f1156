import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../common/sql';

/** A stored event as replay reads it back; `id` is the reader's cursor, `prev` the article's event before it ('0': none). */
export interface StoredEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  prev: string;
}

/** The article's event before each row: the previous row, or for the first one the newest at or before the cursor. */
const prevOf = (article: string, cursor: string) =>
  `coalesce(lag(id) OVER (ORDER BY id), (SELECT max(p.id) FROM events p WHERE p.article_id = ${article} AND p.id <= ${cursor}), 0)::text`;

/** Reads of the `events` table (the transaction writes them: see Tx.store). */
@Injectable()
export class EventsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The newest cursor of an article, '0' when it has none. */
  async latest(articleId: string): Promise<string> {
    const [row] = await queryRows<{ id: string | null }>(this.ds.manager, `SELECT max(id) AS id FROM events WHERE article_id = $1`, [articleId]);
    return String(row?.id ?? 0);
  }

  /** The oldest and newest ids kept, over all articles. */
  async bounds(): Promise<{ oldest: bigint | null; newest: bigint }> {
    const [row] = await queryRows<{ min: string | null; max: string | null }>(this.ds.manager, `SELECT min(id) AS min, max(id) AS max FROM events`);
    return { oldest: row?.min == null ? null : BigInt(row.min), newest: row?.max == null ? 0n : BigInt(row.max) };
  }

  async after(articleId: string, cursor: string, limit: number): Promise<StoredEvent[]> {
    return queryRows<StoredEvent>(
      this.ds.manager,
      // Ordered by the column, not by its text output (where '10' < '9').
      `SELECT e.id::text AS id, e.type, e.payload, ${prevOf('$1', '$2')} AS prev
         FROM events e WHERE e.article_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3`,
      [articleId, cursor, limit],
    );
  }

  /**
   * For several articles at once, the events after each one's cursor (at most `limit` per article),
   * in cursor order per article: one statement however many articles are asked about.
   */
  async afterEach(from: { articleId: string; cursor: string }[], limit: number): Promise<(StoredEvent & { articleId: string })[]> {
    if (!from.length) return [];
    return queryRows<StoredEvent & { articleId: string }>(
      this.ds.manager,
      `SELECT r.a AS "articleId", e.id::text AS id, e.type, e.payload, e.prev
         FROM unnest($1::text[], $2::bigint[]) AS r(a, c)
        CROSS JOIN LATERAL (
              SELECT id, type, payload, ${prevOf('r.a', 'r.c')} AS prev
                FROM events WHERE article_id = r.a AND id > r.c ORDER BY id LIMIT $3) e
        ORDER BY r.a, e.id`,
      [from.map((f) => f.articleId), from.map((f) => f.cursor), limit],
    );
  }

  /** Deletes events older than the retention window; returns how many. */
  async prune(retentionHours: number): Promise<number> {
    const res: unknown = await this.ds.query(`DELETE FROM events WHERE created_at < now() - make_interval(hours => $1)`, [retentionHours]);
    return Array.isArray(res) ? Number(res[1] ?? 0) : 0;
  }
}
