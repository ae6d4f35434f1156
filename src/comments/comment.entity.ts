import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { CommentStatus } from '../common/contract';

export type { CommentStatus };

@Entity('comments')
export class Comment {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'article_id' }) articleId: string;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('smallint') depth: number;
  @Column('text', { name: 'author_id' }) authorId: string;
  @Column('text') body: string;
  @Column('text') html: string;
  @Column('text') status: CommentStatus;
  /** Machine-readable reasons from the moderation pipeline and reports, e.g. `suspect_word:traitor`. */
  @Column('text', { array: true }) reasons: string[];
  @Column('boolean') featured: boolean;
  /** A moderator has decided on it (approved or rejected by hand). */
  @Column('boolean') moderated: boolean;
  @Column('integer', { name: 'like_count' }) likeCount: number;
  /** Visible direct replies (approved, or tombstones that still show replies). */
  @Column('integer', { name: 'reply_count' }) replyCount: number;
  @Column('integer', { name: 'open_report_count' }) openReportCount: number;
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'edited_at', nullable: true }) editedAt: Date | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
}
