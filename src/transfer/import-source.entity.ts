import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { Comment } from '../comments/comment.entity';
import { Site } from '../sites/site.entity';

/**
 * The `import_sources` table exactly as the migrations build it: which comment each imported item
 * became, so a second run of the same export (or a newer one) adds only what is new.
 */
@Entity('import_sources')
@Index('import_sources_comment', ['commentId'])
export class ImportSource {
  /** The primary key is (site_id, source, source_id), in that order. */
  @PrimaryColumn('text', { name: 'site_id', primaryKeyConstraintName: 'import_sources_pkey' })
  @ForeignKey(() => Site, { name: 'import_sources_site_id_fkey', onDelete: 'CASCADE' })
  siteId: string;
  /** The format it came from: disqus, wordpress, commento, remark42. */
  @PrimaryColumn('text', { primaryKeyConstraintName: 'import_sources_pkey' }) source: string;
  /** The item's id in the source (for WordPress, `<post>:<comment id>`). */
  @PrimaryColumn('text', { name: 'source_id', primaryKeyConstraintName: 'import_sources_pkey' }) sourceId: string;
  @Column('uuid', { name: 'comment_id' })
  @ForeignKey(() => Comment, { name: 'import_sources_comment_id_fkey', onDelete: 'CASCADE' })
  commentId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
