import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sort=replied` (most direct replies first, ties newest first) pages an article's top-level
 * comments by (reply_count, id) as `sort=top` does by (like_count, id): the same shape of index.
 */
export class MostReplied1734850000000 implements MigrationInterface {
  name = 'MostReplied1734850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX comments_article_top_replied ON comments (site_id, article_id, reply_count DESC, id DESC) WHERE parent_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX comments_article_top_replied`);
  }
}
