import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The desk's numbers and a user's history read through indexes led by the site: comments,
 * moderation log entries and reports by the time they were made (GET /moderation/stats reads a
 * window of days; the comments one holds the status, so a day's counts are an index-only scan),
 * and the reports a user made (GET /moderation/users/{id}/history).
 */
export class DeskStatistics1734450000000 implements MigrationInterface {
  name = 'DeskStatistics1734450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX comments_site_created ON comments (site_id, created_at, status)`);
    await q.query(`CREATE INDEX moderation_log_site_created ON moderation_log (site_id, created_at)`);
    await q.query(`CREATE INDEX reports_site_created ON reports (site_id, created_at)`);
    await q.query(`CREATE INDEX reports_user ON reports (site_id, user_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS reports_user`);
    await q.query(`DROP INDEX IF EXISTS reports_site_created`);
    await q.query(`DROP INDEX IF EXISTS moderation_log_site_created`);
    await q.query(`DROP INDEX IF EXISTS comments_site_created`);
  }
}
