import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

import { Site } from '../sites/site.entity';

/** The `settings` table (one row per site) exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('settings')
export class SettingsRow {
  @PrimaryColumn('text', { name: 'site_id', primaryKeyConstraintName: 'settings_pkey' })
  @ForeignKey(() => Site, { name: 'settings_site_id_fkey', onDelete: 'CASCADE' })
  siteId: string;
  @Column('jsonb', { default: () => `'{}'` }) value: Record<string, unknown>;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
