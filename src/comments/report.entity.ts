import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

import type { ReportReason } from '../common/contract';
import { User } from '../users/user.entity';
import { Comment } from './comment.entity';

/** The `reports` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('reports')
@Check('reports_reason_check', `reason IN ('spam','abuse','off_topic','other')`)
@Unique('reports_comment_id_user_id_key', ['commentId', 'userId'])
@Index('reports_site_created', ['siteId', 'createdAt'])
@Index('reports_user', ['siteId', 'userId', 'id'])
@ForeignKey(() => User, ['siteId', 'userId'], ['siteId', 'id'], { name: 'reports_user_fkey' })
export class Report {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'reports_pkey' }) id: string;
  @Column('uuid', { name: 'comment_id' })
  @ForeignKey(() => Comment, { name: 'reports_comment_id_fkey' })
  commentId: string;
  @Column('text', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text') reason: ReportReason;
  @Column('text', { nullable: true }) note: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
}
