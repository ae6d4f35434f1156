import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

import { Comment } from './comment.entity';

/** The `comment_revisions` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('comment_revisions')
@Index('comment_revisions_comment', ['commentId', 'id'])
export class CommentRevision {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'comment_revisions_pkey' }) id: string;
  @Column('uuid', { name: 'comment_id' })
  @ForeignKey(() => Comment, { name: 'comment_revisions_comment_id_fkey' })
  commentId: string;
  @Column('text') body: string;
  @Column('text') html: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
