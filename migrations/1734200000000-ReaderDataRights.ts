import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Readers' data rights: a deleted account keeps a scrubbed row whose `deleted_at` refuses every
 * token issued before it, and `email_seen_at` dates the stored email (the last token that gave it, or its import) for the
 * site's retention.
 */
export class ReaderDataRights1734200000000 implements MigrationInterface {
  name = 'ReaderDataRights1734200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN deleted_at timestamptz, ADD COLUMN email_seen_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE users SET email_seen_at = updated_at WHERE email IS NOT NULL`);
    // The retention pass looks for stored emails only.
    await q.query(`CREATE INDEX users_email_seen ON users (site_id, email_seen_at) WHERE email IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS users_email_seen`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS deleted_at, DROP COLUMN IF EXISTS email_seen_at`);
  }
}
