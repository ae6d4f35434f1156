import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** The `user_notes` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('user_notes')
@Index('user_notes_user', ['siteId', 'userId', 'id'])
@ForeignKey(() => User, ['siteId', 'userId'], ['siteId', 'id'], { name: 'user_notes_user_fkey', onDelete: 'CASCADE' })
export class UserNoteRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'user_notes_pkey' }) id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'author_id' }) authorId: string;
  @Column('text', { name: 'author_name' }) authorName: string;
  @Column('text') body: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
