import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bounces: an email the receiving server refused for good (a 5xx reply to its recipient, or a
 * bounce the mail provider reports later) is `bounced`, listed for admins beside the failed ones,
 * and the reader's address it went to counts as bouncing (their later emails to it are skipped).
 * Sent emails are found again by their Message-ID when a provider reports a bounce.
 */
export class EmailBounces1735000000000 implements MigrationInterface {
  name = 'EmailBounces1735000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE notification_emails DROP CONSTRAINT notification_emails_status_check,
         ADD CONSTRAINT notification_emails_status_check CHECK (status IN ('pending', 'sent', 'failed', 'skipped', 'bounced'))`,
    );
    await q.query(`DROP INDEX notification_emails_failed`);
    await q.query(`CREATE INDEX notification_emails_failed ON notification_emails (site_id, id) WHERE status IN ('failed', 'bounced')`);
    await q.query(`CREATE INDEX notification_emails_bounced ON notification_emails (site_id, user_id) WHERE status = 'bounced'`);
    await q.query(`CREATE INDEX notification_emails_message_id ON notification_emails (site_id, message_id) WHERE message_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_emails_message_id`);
    await q.query(`DROP INDEX notification_emails_bounced`);
    await q.query(`DROP INDEX notification_emails_failed`);
    await q.query(`UPDATE notification_emails SET status = 'failed' WHERE status = 'bounced'`);
    await q.query(`CREATE INDEX notification_emails_failed ON notification_emails (site_id, id) WHERE status = 'failed'`);
    await q.query(
      `ALTER TABLE notification_emails DROP CONSTRAINT notification_emails_status_check,
         ADD CONSTRAINT notification_emails_status_check CHECK (status IN ('pending', 'sent', 'failed', 'skipped'))`,
    );
  }
}
