import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For `autoCloseDays`: when a moderator last reopened a closed article (the job leaves those
 * alone), and the job's read, a site's open articles by age.
 */
export class ArticlesAutoClose1733200000000 implements MigrationInterface {
  name = 'ArticlesAutoClose1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE articles ADD COLUMN reopened_at timestamptz`);
    await q.query(`CREATE INDEX articles_open_by_age ON articles (site_id, created_at) WHERE NOT closed AND reopened_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS articles_open_by_age`);
    await q.query(`ALTER TABLE articles DROP COLUMN IF EXISTS reopened_at`);
  }
}
