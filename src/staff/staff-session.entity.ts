import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { Staff } from './staff.entity';

/** The `staff_sessions` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('staff_sessions')
@Index('staff_sessions_staff', ['staffId'])
export class StaffSession {
  /** SHA-256 (hex) of the cookie's token: the token itself is never stored. */
  @PrimaryColumn('text', { primaryKeyConstraintName: 'staff_sessions_pkey' }) id: string;
  @Column('uuid', { name: 'staff_id' })
  @ForeignKey(() => Staff, { name: 'staff_sessions_staff_id_fkey', onDelete: 'CASCADE' })
  staffId: string;
  @Column('text', { name: 'csrf_token' }) csrfToken: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'last_seen_at', default: () => 'now()' }) lastSeenAt: Date;
  /** The absolute end; the idle limit is counted from `last_seen_at`. */
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('text', { name: 'user_agent', nullable: true }) userAgent: string | null;
}
