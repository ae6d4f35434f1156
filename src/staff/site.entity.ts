import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The `sites` table exactly as the migrations build it (`npm run check:schema` diffs the two).
 * Staff roles are granted per site; it lives here until the sites work gives it a module.
 */
@Entity('sites')
@Check('sites_id_check', `id ~ '^[a-z0-9][a-z0-9-]{0,62}$'`)
export class Site {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'sites_pkey' }) id: string;
  @Column('text') name: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
