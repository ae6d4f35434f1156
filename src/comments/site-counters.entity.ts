import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The one-row `site_counters` table exactly as the migrations build it; its SQL lives in site-counters.repository.ts. */
@Entity('site_counters')
@Check('site_counters_id_check', 'id = 1')
export class SiteCountersRow {
  @PrimaryColumn('smallint', { default: 1, primaryKeyConstraintName: 'site_counters_pkey' }) id: number;
  @Column('integer', { name: 'pending_count', default: 0 }) pendingCount: number;
  @Column('integer', { name: 'reported_count', default: 0 }) reportedCount: number;
  @Column('integer', { name: 'unmoderated_count', default: 0 }) unmoderatedCount: number;
}
