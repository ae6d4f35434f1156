import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../common/sql';

/** A stored event as replay reads it back; `id` is the reader's cursor. */
export interface StoredEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
}

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
    const rows = await queryRows<StoredEvent>(this.ds.manager, `SELECT id, type, payload FROM events WHERE article_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [
      articleId,
      cursor,
      limit,
    ]);
    return rows.map((r) => ({ ...r, id: String(r.id) }));
  }

  /** Deletes events older than the retention window; returns how many. */
  async prune(retentionHours: number): Promise<number> {
    const res: unknown = await this.ds.query(`DELETE FROM events WHERE created_at < now() - make_interval(hours => $1)`, [retentionHours]);
    return Array.isArray(res) ? Number(res[1] ?? 0) : 0;
  }
}
