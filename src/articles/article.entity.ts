import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

import { Site } from '../sites/site.entity';

/** The `articles` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('articles')
// The auto-close job's read: a site's open articles by age.
@Index('articles_open_by_age', ['siteId', 'createdAt'], { where: 'NOT closed AND reopened_at IS NULL' })
// The moderators' section filter: a site's articles of one section.
@Index('articles_section', ['siteId', 'section'], { where: 'section IS NOT NULL' })
export class Article {
  /** The primary key is (site_id, id): article ids are the publisher's, unique within a site. */
  @PrimaryColumn('text', { name: 'site_id', primaryKeyConstraintName: 'articles_pkey' })
  @ForeignKey(() => Site, { name: 'articles_site_id_fkey' })
  siteId: string;
  @PrimaryColumn('text', { primaryKeyConstraintName: 'articles_pkey' }) id: string;
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { nullable: true }) url: string | null;
  /** The publisher's section ("World", "Sport"), as the embed's data-section sends it. */
  @Column('text', { nullable: true }) section: string | null;
  @Column('boolean', { default: false }) closed: boolean;
  @Column('boolean', { default: false }) premoderation: boolean;
  /** Visible (approved) comments at every depth. */
  @Column('integer', { name: 'comment_count', default: 0 }) commentCount: number;
  @Column('integer', { name: 'pending_count', default: 0 }) pendingCount: number;
  @Column('integer', { name: 'reported_count', default: 0 }) reportedCount: number;
  @Column('integer', { name: 'unmoderated_count', default: 0 }) unmoderatedCount: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  /** A moderator reopened it after it was closed: auto-close leaves it open. */
  @Column('timestamptz', { name: 'reopened_at', nullable: true }) reopenedAt: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
