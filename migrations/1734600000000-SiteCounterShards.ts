import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A site's queue counters spread over shards (rows summed on read), so two writes to a site's
 * queues need not wait for each other's commit on one row. The existing row becomes shard 0.
 * `updates` counts the writes to each shard: their sum only grows, so it orders the totals read
 * at different times (the `version` of `queue.counts`).
 */
export class SiteCounterShards1734600000000 implements MigrationInterface {
  name = 'SiteCounterShards1734600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE site_counters ADD COLUMN shard smallint NOT NULL DEFAULT 0, ADD COLUMN updates bigint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE site_counters DROP CONSTRAINT site_counters_pkey, ADD CONSTRAINT site_counters_pkey PRIMARY KEY (site_id, shard)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE site_counters s SET pending_count = t.p, reported_count = t.r, unmoderated_count = t.u FROM (
        SELECT site_id, sum(pending_count)::int AS p, sum(reported_count)::int AS r, sum(unmoderated_count)::int AS u FROM site_counters GROUP BY site_id
      ) t WHERE s.site_id = t.site_id AND s.shard = 0`);
    await q.query(`DELETE FROM site_counters WHERE shard <> 0`);
    await q.query(`ALTER TABLE site_counters DROP CONSTRAINT site_counters_pkey, ADD CONSTRAINT site_counters_pkey PRIMARY KEY (site_id)`);
    await q.query(`ALTER TABLE site_counters DROP COLUMN shard, DROP COLUMN updates`);
  }
}
