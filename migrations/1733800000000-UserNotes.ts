import { MigrationInterface, QueryRunner } from 'typeorm';

/** Moderators' notes on a user: written by any staff member of the site, read by all of them. */
export class UserNotes1733800000000 implements MigrationInterface {
  name = 'UserNotes1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE user_notes (
      id bigserial NOT NULL,
      site_id text NOT NULL,
      user_id text NOT NULL,
      author_id text NOT NULL,
      author_name text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT user_notes_pkey PRIMARY KEY (id),
      CONSTRAINT user_notes_user_fkey FOREIGN KEY (site_id, user_id) REFERENCES users (site_id, id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX user_notes_user ON user_notes (site_id, user_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS user_notes`);
  }
}
