import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { QueueCounts } from '../common/contract';
import { QUEUE_SQL } from '../common/queues';
import { queryRows } from '../common/sql';

interface CountersRow {
  pending_count: number;
  reported_count: number;
  unmoderated_count: number;
}

const toCounts = (r: CountersRow | undefined): QueueCounts => ({
  pending: Number(r?.pending_count ?? 0),
  reported: Number(r?.reported_count ?? 0),
  unmoderated: Number(r?.unmoderated_count ?? 0),
});

/** Owns the SQL of `site_counters`: each site's queue sizes, kept by the ledger, never counted on read. */
@Injectable()
export class SiteCounters {
  constructor(private readonly ds: DataSource) {}

  async read(siteId: string, m: EntityManager = this.ds.manager): Promise<QueueCounts> {
    const [row] = await queryRows<CountersRow>(m, `SELECT pending_count, reported_count, unmoderated_count FROM site_counters WHERE site_id = $1`, [siteId]);
    return toCounts(row);
  }

  /** Moves the counters by a transaction's summed deltas; returns the new sizes. */
  async add(m: EntityManager, siteId: string, d: QueueCounts): Promise<QueueCounts> {
    const [row] = await queryRows<CountersRow>(
      m,
      `UPDATE site_counters SET pending_count = pending_count + $1, reported_count = reported_count + $2,
         unmoderated_count = unmoderated_count + $3 WHERE site_id = $4
       RETURNING pending_count, reported_count, unmoderated_count`,
      [d.pending, d.reported, d.unmoderated, siteId],
    );
    return toCounts(row);
  }

  /** Recounts every site's row from the comments; returns the sites whose row was off (and is now repaired). */
  async repair(m: EntityManager): Promise<string[]> {
    const fixed = await queryRows<{ site_id: string }>(
      m,
      `WITH real AS (
         SELECT s.site_id,
                count(c.id) FILTER (WHERE ${QUEUE_SQL.pending})::int AS p, count(c.id) FILTER (WHERE ${QUEUE_SQL.reported})::int AS r,
                count(c.id) FILTER (WHERE ${QUEUE_SQL.unmoderated})::int AS u
           FROM site_counters s LEFT JOIN comments c ON c.site_id = s.site_id GROUP BY s.site_id
       )
       UPDATE site_counters s SET pending_count = real.p, reported_count = real.r, unmoderated_count = real.u FROM real
       WHERE s.site_id = real.site_id AND (s.pending_count, s.reported_count, s.unmoderated_count) IS DISTINCT FROM (real.p, real.r, real.u)
       RETURNING s.site_id`,
    );
    return fixed.map((r) => r.site_id);
  }
}
