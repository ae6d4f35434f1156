import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The `events` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('events')
@Index('events_article', ['articleId', 'id'])
// Lets the pruning job delete events past the replay window by age.
@Index('events_created_at', ['createdAt'])
// Finds the stored events of one comment to redact (an expression index: the migration makes it).
@Index('events_comment_id', { synchronize: false })
export class EventRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'events_pkey' }) id: string;
  @Column('text', { name: 'article_id', nullable: true }) articleId: string | null;
  @Column('text') type: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
