import { MigrationInterface, QueryRunner } from 'typeorm';

/** Moderators' warnings to a reader, who must acknowledge the latest before posting again. */
export class UserWarnings1733900000000 implements MigrationInterface {
  name = 'UserWarnings1733900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE user_warnings (
      id bigserial NOT NULL,
      site_id text NOT NULL,
      user_id text NOT NULL,
      actor_id text NOT NULL,
      actor_name text NOT NULL,
      message text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      acknowledged_at timestamptz,
      CONSTRAINT user_warnings_pkey PRIMARY KEY (id),
      CONSTRAINT user_warnings_user_fkey FOREIGN KEY (site_id, user_id) REFERENCES users (site_id, id) ON DELETE CASCADE
    )`);
    // Serves both a reader's list and what each post asks: is a warning not yet acknowledged?
    await q.query(`CREATE INDEX user_warnings_user ON user_warnings (site_id, user_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS user_warnings`);
  }
}
