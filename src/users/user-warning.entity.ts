import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/** The `user_warnings` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('user_warnings')
@Index('user_warnings_user', ['siteId', 'userId', 'id'])
@ForeignKey(() => User, ['siteId', 'userId'], ['siteId', 'id'], { name: 'user_warnings_user_fkey', onDelete: 'CASCADE' })
export class UserWarningRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'user_warnings_pkey' }) id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'actor_id' }) actorId: string;
  @Column('text', { name: 'actor_name' }) actorName: string;
  @Column('text') message: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: Date | null;
}
