import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `articles.section`: the publisher's section of an article ("World", "Sport"), sent by the embed
 * with the article's title and url, so moderators can narrow the queues and search to a section.
 * The index serves those filters: a site's articles of one section.
 */
export class ArticleSections1734900000000 implements MigrationInterface {
  name = 'ArticleSections1734900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE articles ADD COLUMN section text`);
    await q.query(`CREATE INDEX articles_section ON articles (site_id, section) WHERE section IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS articles_section`);
    await q.query(`ALTER TABLE articles DROP COLUMN IF EXISTS section`);
  }
}
