import { MigrationInterface, QueryRunner } from 'typeorm';

/** Readers' mutes: whom a reader of a site chose not to see, kept server-side so it follows them across devices. */
export class Mutes1734350000000 implements MigrationInterface {
  name = 'Mutes1734350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE mutes (
      site_id text NOT NULL,
      user_id text NOT NULL,
      muted_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT mutes_pkey PRIMARY KEY (site_id, user_id, muted_id),
      CONSTRAINT mutes_not_self CHECK (user_id <> muted_id),
      CONSTRAINT mutes_user_fkey FOREIGN KEY (site_id, user_id) REFERENCES users (site_id, id) ON DELETE CASCADE,
      CONSTRAINT mutes_muted_fkey FOREIGN KEY (site_id, muted_id) REFERENCES users (site_id, id) ON DELETE CASCADE
    )`);
    // "Who muted this author?" (notifications skip them) and the cascade from a deleted user.
    await q.query(`CREATE INDEX mutes_muted ON mutes (site_id, muted_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS mutes`);
  }
}
