import { Check, CreateDateColumn, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import type { StaffRole } from './staff-types';
import { Site } from '../sites/site.entity';
import { Staff } from './staff.entity';

/** The `site_staff` table (a staff member's role on one site) exactly as the migrations build it. */
@Entity('site_staff')
@Check('site_staff_role_check', `role IN ('moderator','admin')`)
@Index('site_staff_staff', ['staffId'])
export class SiteStaff {
  /** The primary key is (site_id, staff_id), in that order. */
  @PrimaryColumn('text', { name: 'site_id', primaryKeyConstraintName: 'site_staff_pkey' })
  @ForeignKey(() => Site, { name: 'site_staff_site_id_fkey', onDelete: 'CASCADE' })
  siteId: string;
  @PrimaryColumn('uuid', { name: 'staff_id', primaryKeyConstraintName: 'site_staff_pkey' })
  @ForeignKey(() => Staff, { name: 'site_staff_staff_id_fkey', onDelete: 'CASCADE' })
  staffId: string;
  @Column('text') role: StaffRole;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
