import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { User } from '../users/user.entity';
import { Comment } from './comment.entity';

/** The `reactions` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('reactions')
@Index('reactions_user', ['siteId', 'userId', 'commentId'])
@ForeignKey(() => User, ['siteId', 'userId'], ['siteId', 'id'], { name: 'reactions_user_fkey' })
export class Reaction {
  /** The primary key is (comment_id, user_id, kind), in that order. */
  @PrimaryColumn('uuid', { name: 'comment_id', primaryKeyConstraintName: 'reactions_pkey' })
  @ForeignKey(() => Comment, { name: 'reactions_comment_id_fkey' })
  commentId: string;
  @PrimaryColumn('text', { name: 'user_id', primaryKeyConstraintName: 'reactions_pkey' }) userId: string;
  @PrimaryColumn('text', { primaryKeyConstraintName: 'reactions_pkey' }) kind: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
