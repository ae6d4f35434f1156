import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

import { Site } from '../sites/site.entity';

import type { Role } from '../common/viewer';
import type { UserStatus } from './users.repository';

/** The `users` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('users')
@Check('users_role_check', `role IN ('reader','moderator','admin')`)
@Check('users_status_check', `status IN ('active','banned','suspended')`)
@Index('users_email_seen', ['siteId', 'emailSeenAt'], { where: 'email IS NOT NULL' })
export class User {
  /** The primary key is (site_id, id): a reader's id is their `sub` in the site's tokens. */
  @PrimaryColumn('text', { name: 'site_id', primaryKeyConstraintName: 'users_pkey' })
  @ForeignKey(() => Site, { name: 'users_site_id_fkey' })
  siteId: string;
  @PrimaryColumn('text', { primaryKeyConstraintName: 'users_pkey' }) id: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { default: 'reader' }) role: Role;
  @Column('text', { default: 'active' }) status: UserStatus;
  @Column('timestamptz', { name: 'suspended_until', nullable: true }) suspendedUntil: Date | null;
  @Column('text', { name: 'sanction_reason', nullable: true }) sanctionReason: string | null;
  @Column('boolean', { default: false }) premod: boolean;
  @Column('integer', { name: 'approved_count', default: 0 }) approvedCount: number;
  @Column('integer', { name: 'rejected_count', default: 0 }) rejectedCount: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
  /** The reader deleted the account (or an admin did): tokens issued before this are refused. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  /** When a token (or an import) last gave the stored email: the site's retention counts from here. */
  @Column('timestamptz', { name: 'email_seen_at', default: () => 'now()' }) emailSeenAt: Date;
}
