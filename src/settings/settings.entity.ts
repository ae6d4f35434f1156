import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The one-row `settings` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('settings')
@Check('settings_id_check', 'id = 1')
export class SettingsRow {
  @PrimaryColumn('smallint', { default: 1, primaryKeyConstraintName: 'settings_pkey' }) id: number;
  @Column('jsonb', { default: () => `'{}'` }) value: Record<string, unknown>;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
