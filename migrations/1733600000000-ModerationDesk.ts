import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The moderator's desk: a decision's log entry keeps what it changed (`prior`: the comment's
 * status, flags and the reports it answered) so the decision can be undone; the approved and
 * rejected queues are read in decision order (a comment the pipeline decided at posting counts
 * from then).
 */
export class ModerationDesk1733600000000 implements MigrationInterface {
  name = 'ModerationDesk1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE moderation_log ADD COLUMN prior jsonb`);
    await q.query(`CREATE INDEX comments_queue_decided_at ON comments (site_id, status, (coalesce(decided_at, created_at)), id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS comments_queue_decided_at`);
    await q.query(`ALTER TABLE moderation_log DROP COLUMN IF EXISTS prior`);
  }
}
