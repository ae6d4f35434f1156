import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The `sites` table exactly as the migrations build it (`npm run check:schema` diffs the two); its SQL lives in sites.repository.ts. */
@Entity('sites')
@Check('sites_id_check', `id ~ '^[a-z0-9][a-z0-9-]{0,62}$'`)
export class Site {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'sites_pkey' }) id: string;
  @Column('text') name: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
  /** Origins (scheme://host[:port]) the widget may run on; empty: any. */
  @Column('text', { array: true, default: () => `'{}'` }) origins: string[];
  /** HS256 secrets readers' tokens may be signed with, newest first (rotation: add, then remove the old). */
  @Column('text', { name: 'hs_secrets', array: true, default: () => `'{}'` }) hsSecrets: string[];
  /** A PEM public key for RS256 tokens. */
  @Column('text', { name: 'rs_public_key', nullable: true }) rsPublicKey: string | null;
}
