import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import type { StaffAuditAction } from './staff-types';

/** The `staff_audit` table exactly as the migrations build it. No foreign keys: the trail outlives what it names. */
@Entity('staff_audit')
@Index('staff_audit_staff', ['staffId', 'id'])
export class StaffAuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'staff_audit_pkey' }) id: string;
  /** Who acted (for a failed sign-in: the account tried, when it exists). */
  @Column('uuid', { name: 'staff_id', nullable: true }) staffId: string | null;
  /** The address concerned: the one tried, invited, reset or whose role changed. */
  @Column('text', { nullable: true }) email: string | null;
  @Column('text') action: StaffAuditAction;
  @Column('text', { name: 'site_id', nullable: true }) siteId: string | null;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('text', { nullable: true }) detail: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
