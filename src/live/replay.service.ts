import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Cursor } from './live-events';

/** How far back a reconnecting reader is replayed; past this it is told to refetch. */
export const REPLAY_MAX_EVENTS = 1000;
export const EVENT_RETENTION_HOURS = 24;

export type Replay = { events: { type: string; payload: Record<string, unknown> }[]; cursor: Cursor } | { resync: true; cursor: Cursor };

/** Reads missed events back from the event table, and prunes it past the retention window. */
@Injectable()
export class ReplayService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Replay');
  private timer?: NodeJS.Timeout;

  constructor(private readonly ds: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.prune().catch((e) => this.logger.warn(e.message)), 10 * 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async latest(articleId: string): Promise<Cursor> {
    const [row] = await this.ds.query(`SELECT max(id) AS id FROM events WHERE article_id = $1`, [articleId]);
    return String(row?.id ?? 0);
  }

  async since(articleId: string, since: Cursor): Promise<Replay> {
    const from = BigInt(since);
    const [bounds] = await this.ds.query(`SELECT min(id) AS min, max(id) AS max FROM events`);
    const oldest = bounds?.min == null ? null : BigInt(bounds.min);
    const newest = bounds?.max == null ? 0n : BigInt(bounds.max);
    // A cursor from before what we keep, or from a different database, cannot be replayed exactly.
    if ((oldest !== null && from < oldest - 1n) || from > newest) return { resync: true, cursor: await this.latest(articleId) };
    const rows = await this.ds.query(
      `SELECT id, type, payload FROM events WHERE article_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [articleId, since, REPLAY_MAX_EVENTS + 1],
    );
    if (rows.length > REPLAY_MAX_EVENTS) return { resync: true, cursor: await this.latest(articleId) };
    const events = rows.map((r: any) => ({ type: r.type, payload: { ...r.payload, cursor: String(r.id) } }));
    return { events, cursor: events.length ? events[events.length - 1].payload.cursor : since };
  }

  async prune(): Promise<number> {
    const res = await this.ds.query(`DELETE FROM events WHERE created_at < now() - make_interval(hours => $1)`, [EVENT_RETENTION_HOURS]);
    return Array.isArray(res) ? Number(res[1] ?? 0) : 0;
  }
}
