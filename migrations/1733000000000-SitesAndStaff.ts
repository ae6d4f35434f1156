import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts (issue 11): the sites staff roles are granted on (one `default` site for now; the
 * sites work scopes the data by it later), staff members with argon2id password hashes and an
 * optional TOTP second factor, their roles per site, their sessions (stored as the SHA-256 of the
 * cookie's token), one-time links (invitations, password resets, exchanged SSO tokens, likewise
 * hashed) and an audit trail of every sign-in, failure and change.
 */
export class SitesAndStaff1733000000000 implements MigrationInterface {
  name = 'SitesAndStaff1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sites (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO sites (id, name) VALUES ('default', 'Default site')`);
    await q.query(`
      CREATE TABLE staff (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        password_hash text,
        totp_secret text,
        totp_enabled boolean NOT NULL DEFAULT false,
        owner boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX staff_email_lower ON staff (lower(email))`);
    await q.query(`
      CREATE TABLE site_staff (
        site_id text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('moderator','admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (site_id, staff_id)
      )`);
    await q.query(`CREATE INDEX site_staff_staff ON site_staff (staff_id)`);
    await q.query(`
      CREATE TABLE staff_sessions (
        id text PRIMARY KEY,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id)`);
    await q.query(`
      CREATE TABLE staff_tokens (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('invite','reset','sso')),
        email text NOT NULL,
        staff_id uuid REFERENCES staff(id) ON DELETE CASCADE,
        site_id text REFERENCES sites(id) ON DELETE CASCADE,
        role text CHECK (role IN ('moderator','admin')),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE staff_audit (
        id bigserial PRIMARY KEY,
        staff_id uuid,
        email text,
        action text NOT NULL,
        site_id text,
        ip text,
        detail text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX staff_audit_staff ON staff_audit (staff_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS staff_audit, staff_tokens, staff_sessions, site_staff, staff, sites`);
  }
}
