import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

import { Site } from '../sites/site.entity';

/**
 * The `site_counters` table exactly as the migrations build it: a site's queue sizes spread over
 * shards, summed on read; its SQL lives in site-counters.repository.ts.
 */
@Entity('site_counters')
export class SiteCountersRow {
  @PrimaryColumn('text', { name: 'site_id', primaryKeyConstraintName: 'site_counters_pkey' })
  @ForeignKey(() => Site, { name: 'site_counters_site_id_fkey', onDelete: 'CASCADE' })
  siteId: string;
  @PrimaryColumn('smallint', { name: 'shard', primaryKeyConstraintName: 'site_counters_pkey', default: 0 }) shard: number;
  @Column('integer', { name: 'pending_count', default: 0 }) pendingCount: number;
  @Column('integer', { name: 'reported_count', default: 0 }) reportedCount: number;
  @Column('integer', { name: 'unmoderated_count', default: 0 }) unmoderatedCount: number;
  /** Writes to this shard; the sum over a site's shards only grows (the version of its totals). */
  @Column('bigint', { name: 'updates', default: 0 }) updates: string;
}
