import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A moderator's warning becomes a notification kind: it is about the reader, not a comment, so a
 * warning has no comment or article, and every other kind keeps both.
 */
export class WarningNotifications1734870000000 implements MigrationInterface {
  name = 'WarningNotifications1734870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('reply', 'approved', 'rejected', 'featured', 'mention', 'warning'))`,
    );
    await q.query(`ALTER TABLE notifications ALTER COLUMN comment_id DROP NOT NULL, ALTER COLUMN article_id DROP NOT NULL`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check CHECK (kind = 'warning' OR (comment_id IS NOT NULL AND article_id IS NOT NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE kind = 'warning'`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check`);
    await q.query(`ALTER TABLE notifications ALTER COLUMN comment_id SET NOT NULL, ALTER COLUMN article_id SET NOT NULL`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('reply', 'approved', 'rejected', 'featured', 'mention'))`);
  }
}
