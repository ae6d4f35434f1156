import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type Role = 'reader' | 'moderator' | 'admin';
export type UserStatus = 'active' | 'banned' | 'suspended';

@Entity('users')
export class User {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text') role: Role;
  @Column('text') status: UserStatus;
  @Column('timestamptz', { name: 'suspended_until', nullable: true }) suspendedUntil: Date | null;
  @Column('text', { name: 'sanction_reason', nullable: true }) sanctionReason: string | null;
  @Column('boolean') premod: boolean;
  @Column('integer', { name: 'approved_count' }) approvedCount: number;
  @Column('integer', { name: 'rejected_count' }) rejectedCount: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
