import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mentions become a notification kind, and staff members may ask for an hourly or daily email
 * digest of a site's queues (`staff_digests`: one row per site and staff member, with the period
 * last sent so two instances never send one period twice); a reader's email language is kept
 * beside their email choice.
 */
export class StaffDigestsMentions1734000000000 implements MigrationInterface {
  name = 'StaffDigestsMentions1734000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('reply', 'approved', 'rejected', 'featured', 'mention'))`);
    await q.query(`
      CREATE TABLE staff_digests (
        site_id text NOT NULL CONSTRAINT staff_digests_site_id_fkey REFERENCES sites(id) ON DELETE CASCADE,
        staff_id text NOT NULL,
        name text NOT NULL,
        email text NOT NULL,
        frequency text NOT NULL,
        last_period_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT staff_digests_pkey PRIMARY KEY (site_id, staff_id),
        CONSTRAINT staff_digests_frequency_check CHECK (frequency IN ('hourly', 'daily'))
      )`);
    // The language of the reader's token (its `locale` claim), kept for the emails sent later.
    await q.query(`ALTER TABLE notification_preferences ADD COLUMN locale text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_preferences DROP COLUMN IF EXISTS locale`);
    await q.query(`DROP TABLE IF EXISTS staff_digests`);
    await q.query(`DELETE FROM notifications WHERE kind = 'mention'`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('reply', 'approved', 'rejected', 'featured'))`);
  }
}
