import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('articles')
export class Article {
  @PrimaryColumn('text') id: string;
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { nullable: true }) url: string | null;
  @Column('boolean') closed: boolean;
  @Column('boolean') premoderation: boolean;
  /** Visible (approved) comments at every depth. */
  @Column('integer', { name: 'comment_count' }) commentCount: number;
  @Column('integer', { name: 'pending_count' }) pendingCount: number;
  @Column('integer', { name: 'reported_count' }) reportedCount: number;
  @Column('integer', { name: 'unmoderated_count' }) unmoderatedCount: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
