import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notification_emails.kind`: a reader's email (`reader`), or a staff member's queue digest
 * (`staff-digest`) kept here only once it failed through its retries, so admins see both failures
 * in one list (GET /notifications/failures).
 */
export class StaffDigestFailures1734800000000 implements MigrationInterface {
  name = 'StaffDigestFailures1734800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE notification_emails ADD COLUMN kind text NOT NULL DEFAULT 'reader',
         ADD CONSTRAINT notification_emails_kind_check CHECK (kind IN ('reader', 'staff-digest'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification_emails WHERE kind <> 'reader'`);
    await q.query(`ALTER TABLE notification_emails DROP CONSTRAINT notification_emails_kind_check, DROP COLUMN kind`);
  }
}
