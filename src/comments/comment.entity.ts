import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { Article } from '../articles/article.entity';
import type { CommentStatus } from '../common/contract';
import { User } from '../users/user.entity';

/** The `comments` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('comments')
@Check('comments_status_check', `status IN ('pending','approved','rejected','deleted')`)
// Top-level pages by id (newest/oldest), by likes (top) and by replies (replied); replies by parent.
@Index('comments_article_top_level', ['siteId', 'articleId', 'id'], { where: 'parent_id IS NULL' })
// TypeORM cannot declare DESC index columns: the migration's (site_id, article_id, like_count DESC, id DESC) WHERE parent_id IS NULL index is left unsynchronized.
@Index('comments_article_top_liked', { synchronize: false })
// Likewise (site_id, article_id, reply_count DESC, id DESC) WHERE parent_id IS NULL.
@Index('comments_article_top_replied', { synchronize: false })
@Index('comments_parent', ['parentId', 'id'], { where: 'parent_id IS NOT NULL' })
@Index('comments_author', ['siteId', 'authorId', 'id'])
@Index('comments_idempotency', ['siteId', 'authorId', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
// Moderation queues.
@Index('comments_queue_pending', ['siteId', 'id'], { where: `status = 'pending'` })
@Index('comments_queue_reported', ['siteId', 'id'], { where: `status = 'approved' AND open_report_count > 0` })
@Index('comments_queue_unmoderated', ['siteId', 'id'], { where: `status = 'approved' AND NOT moderated` })
@Index('comments_queue_decided', ['siteId', 'status', 'id'], { where: 'moderated' })
// Approved and rejected in decision order: an expression index (site_id, status, coalesce(decided_at, created_at), id), left unsynchronized.
@Index('comments_queue_decided_at', { synchronize: false })
// Moderators' full-text search: a GIN index on to_tsvector('english', body), left unsynchronized.
@Index('comments_search', { synchronize: false })
// The desk's statistics: a site's comments by posting time, with their status (index-only counts per day).
@Index('comments_site_created', ['siteId', 'createdAt', 'status'])
@ForeignKey(() => Article, ['siteId', 'articleId'], ['siteId', 'id'], { name: 'comments_article_fkey' })
@ForeignKey(() => User, ['siteId', 'authorId'], ['siteId', 'id'], { name: 'comments_author_fkey' })
export class Comment {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'comments_pkey' }) id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text', { name: 'article_id' }) articleId: string;
  @Column('uuid', { name: 'parent_id', nullable: true })
  @ForeignKey(() => Comment, { name: 'comments_parent_id_fkey' })
  parentId: string | null;
  @Column('smallint', { default: 0 }) depth: number;
  @Column('text', { name: 'author_id' }) authorId: string;
  @Column('text') body: string;
  @Column('text') html: string;
  @Column('text') status: CommentStatus;
  /** Machine-readable reasons from the moderation pipeline and reports, e.g. `suspect_word:traitor`. */
  @Column('text', { array: true, default: () => `'{}'` }) reasons: string[];
  @Column('boolean', { default: false }) featured: boolean;
  /** A moderator has decided on it (approved or rejected by hand). */
  @Column('boolean', { default: false }) moderated: boolean;
  @Column('integer', { name: 'like_count', default: 0 }) likeCount: number;
  /** Visible direct replies (approved, or tombstones that still show replies). */
  @Column('integer', { name: 'reply_count', default: 0 }) replyCount: number;
  @Column('integer', { name: 'open_report_count', default: 0 }) openReportCount: number;
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'edited_at', nullable: true }) editedAt: Date | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
}
