import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

import type { StaffRole, StaffTokenKind } from './staff-types';
import { Site } from '../sites/site.entity';
import { Staff } from './staff.entity';

/**
 * The `staff_tokens` table exactly as the migrations build it: one-time links (invitations,
 * password resets) and the publisher's SSO tokens already exchanged, each kept by its SHA-256.
 */
@Entity('staff_tokens')
@Check('staff_tokens_kind_check', `kind IN ('invite','reset','sso')`)
@Check('staff_tokens_role_check', `role IN ('moderator','admin')`)
export class StaffToken {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'staff_tokens_pkey' }) id: string;
  @Column('text') kind: StaffTokenKind;
  @Column('text') email: string;
  @Column('uuid', { name: 'staff_id', nullable: true })
  @ForeignKey(() => Staff, { name: 'staff_tokens_staff_id_fkey', onDelete: 'CASCADE' })
  staffId: string | null;
  @Column('text', { name: 'site_id', nullable: true })
  @ForeignKey(() => Site, { name: 'staff_tokens_site_id_fkey', onDelete: 'CASCADE' })
  siteId: string | null;
  @Column('text', { nullable: true }) role: StaffRole | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
}
