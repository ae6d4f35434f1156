import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { QueueCounts } from '../common/contract';
import { QUEUE_SQL } from '../common/queues';
import { queryRows } from '../common/sql';

/** A site's queue sizes with the number of writes that made them (only grows: newer totals have a higher version). */
export type VersionedCounts = QueueCounts & { version: number };

interface CountersRow {
  pending_count: number;
  reported_count: number;
  unmoderated_count: number;
  updates: string;
}

const SUMMED = `coalesce(sum(pending_count), 0)::int AS pending_count, coalesce(sum(reported_count), 0)::int AS reported_count,
  coalesce(sum(unmoderated_count), 0)::int AS unmoderated_count, coalesce(sum(updates), 0)::text AS updates`;

/**
 * Owns the SQL of `site_counters`: each site's queue sizes, kept by the ledger, never counted on
 * read. They are spread over SITE_COUNTER_SHARDS rows per site (common/queues) so that concurrent
 * writes to one site's queues do not queue up on one row lock until commit; a read sums the rows.
 * The writes are each transaction's own last statement (Tx.addQueueCounts).
 */
@Injectable()
export class SiteCounters {
  constructor(private readonly ds: DataSource) {}

  async read(siteId: string, m: EntityManager = this.ds.manager): Promise<QueueCounts> {
    const { version: _version, ...counts } = await this.readVersioned(siteId, m);
    return counts;
  }

  /** The summed sizes and their version, as of one snapshot. */
  async readVersioned(siteId: string, m: EntityManager = this.ds.manager): Promise<VersionedCounts> {
    const [r] = await queryRows<CountersRow>(m, `SELECT ${SUMMED} FROM site_counters WHERE site_id = $1`, [siteId]);
    return {
      pending: Number(r?.pending_count ?? 0),
      reported: Number(r?.reported_count ?? 0),
      unmoderated: Number(r?.unmoderated_count ?? 0),
      version: Number(r?.updates ?? 0),
    };
  }

  /**
   * Recounts every site from the comments; returns the sites whose summed counters were off. Those
   * are repaired into shard 0 and their other shards removed; shard 0 takes over their writes (plus
   * one), so the version still grows. The table is locked against writers (reads go on) until the
   * caller commits: a write committing between the count and the repair would otherwise be lost.
   */
  async repair(m: EntityManager): Promise<string[]> {
    await m.query(`LOCK TABLE site_counters IN EXCLUSIVE MODE`);
    const fixed = await queryRows<{ site_id: string }>(
      m,
      `WITH kept AS (
         SELECT site_id, sum(pending_count)::int AS p, sum(reported_count)::int AS r, sum(unmoderated_count)::int AS u, sum(updates) AS n
           FROM site_counters GROUP BY site_id
       ), off AS (
         SELECT k.site_id, k.n, real.p, real.r, real.u FROM kept k CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE ${QUEUE_SQL.pending})::int AS p, count(*) FILTER (WHERE ${QUEUE_SQL.reported})::int AS r,
                  count(*) FILTER (WHERE ${QUEUE_SQL.unmoderated})::int AS u FROM comments c WHERE c.site_id = k.site_id
         ) real WHERE (k.p, k.r, k.u) IS DISTINCT FROM (real.p, real.r, real.u)
       ), dropped AS (
         DELETE FROM site_counters s USING off WHERE s.site_id = off.site_id AND s.shard <> 0
       )
       INSERT INTO site_counters AS s (site_id, shard, pending_count, reported_count, unmoderated_count, updates)
       SELECT site_id, 0, p, r, u, n + 1 FROM off
       ON CONFLICT (site_id, shard) DO UPDATE SET pending_count = EXCLUDED.pending_count, reported_count = EXCLUDED.reported_count,
         unmoderated_count = EXCLUDED.unmoderated_count, updates = EXCLUDED.updates
       RETURNING s.site_id`,
    );
    return fixed.map((r) => r.site_id);
  }
}
