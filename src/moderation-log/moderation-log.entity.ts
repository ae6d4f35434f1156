import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The `moderation_log` table exactly as the migrations build it (`npm run check:schema` diffs the two). No foreign keys: the log outlives what it names. */
@Entity('moderation_log')
@Index('moderation_log_comment', ['commentId', 'id'], { where: 'comment_id IS NOT NULL' })
@Index('moderation_log_user', ['siteId', 'userId', 'id'], { where: 'user_id IS NOT NULL' })
@Index('moderation_log_site', ['siteId', 'id'])
@Index('moderation_log_site_created', ['siteId', 'createdAt'])
export class ModerationLogEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'moderation_log_pkey' }) id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text', { name: 'actor_id' }) actorId: string;
  @Column('text') action: string;
  @Column('uuid', { name: 'comment_id', nullable: true }) commentId: string | null;
  @Column('text', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('text', { name: 'article_id', nullable: true }) articleId: string | null;
  @Column('text', { name: 'from_status', nullable: true }) fromStatus: string | null;
  @Column('text', { name: 'to_status', nullable: true }) toStatus: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  /** On a decision: what it changed, so it can be undone (status, flags, the reports it answered). */
  @Column('jsonb', { nullable: true }) prior: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
