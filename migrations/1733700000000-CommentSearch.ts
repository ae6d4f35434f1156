import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over comments for moderators: an expression GIN index on the body's English
 * tsvector, which GET /moderation/search matches with websearch_to_tsquery('english', q) (the same
 * expression, so the planner uses the index and reads only matching rows).
 */
export class CommentSearch1733700000000 implements MigrationInterface {
  name = 'CommentSearch1733700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX comments_search ON comments USING gin (to_tsvector('english'::regconfig, body))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS comments_search`);
  }
}
