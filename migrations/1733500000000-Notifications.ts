import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Readers' notifications (replies to them, decisions on their comments), their email preferences
 * per site, the emails sent for them (with failures for admins to see), and the server's own
 * secrets (the key unsubscribe links are signed with, when NOTIFICATIONS_SECRET is not set).
 */
export class Notifications1733500000000 implements MigrationInterface {
  name = 'Notifications1733500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id bigserial CONSTRAINT notifications_pkey PRIMARY KEY,
        site_id text NOT NULL CONSTRAINT notifications_site_id_fkey REFERENCES sites(id) ON DELETE CASCADE,
        user_id text NOT NULL,
        kind text NOT NULL,
        dedupe_key text NOT NULL,
        event_id bigint NOT NULL,
        comment_id uuid NOT NULL,
        article_id text NOT NULL,
        actor_name text,
        reason text,
        excerpt text NOT NULL DEFAULT '',
        read_at timestamptz,
        email_state text NOT NULL DEFAULT 'none',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notifications_kind_check CHECK (kind IN ('reply', 'approved', 'rejected', 'featured')),
        CONSTRAINT notifications_email_state_check CHECK (email_state IN ('none', 'pending', 'queued')),
        CONSTRAINT notifications_dedupe_key UNIQUE (site_id, user_id, dedupe_key)
      )`);
    await q.query(`CREATE INDEX notifications_user ON notifications (site_id, user_id, id)`);
    await q.query(`CREATE INDEX notifications_unread ON notifications (site_id, user_id) WHERE read_at IS NULL`);
    await q.query(`CREATE INDEX notifications_email_pending ON notifications (site_id, user_id) WHERE email_state = 'pending'`);

    await q.query(`
      CREATE TABLE notification_preferences (
        site_id text NOT NULL CONSTRAINT notification_preferences_site_id_fkey REFERENCES sites(id) ON DELETE CASCADE,
        user_id text NOT NULL,
        email text NOT NULL DEFAULT 'off',
        digest_due_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_preferences_pkey PRIMARY KEY (site_id, user_id),
        CONSTRAINT notification_preferences_email_check CHECK (email IN ('off', 'immediate', 'hourly', 'daily'))
      )`);

    await q.query(`
      CREATE TABLE notification_emails (
        id bigserial CONSTRAINT notification_emails_pkey PRIMARY KEY,
        site_id text NOT NULL CONSTRAINT notification_emails_site_id_fkey REFERENCES sites(id) ON DELETE CASCADE,
        user_id text NOT NULL,
        mode text NOT NULL,
        notification_ids bigint[] NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        address text,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT notification_emails_mode_check CHECK (mode IN ('immediate', 'hourly', 'daily')),
        CONSTRAINT notification_emails_status_check CHECK (status IN ('pending', 'sent', 'failed', 'skipped'))
      )`);
    await q.query(`CREATE INDEX notification_emails_failed ON notification_emails (site_id, id) WHERE status = 'failed'`);

    await q.query(`
      CREATE TABLE server_secrets (
        name text CONSTRAINT server_secrets_pkey PRIMARY KEY,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS server_secrets`);
    await q.query(`DROP TABLE IF EXISTS notification_emails`);
    await q.query(`DROP TABLE IF EXISTS notification_preferences`);
    await q.query(`DROP TABLE IF EXISTS notifications`);
  }
}
