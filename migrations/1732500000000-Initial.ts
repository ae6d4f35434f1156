import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole first schema. Hot reads are keyset scans over partial indexes on
 * (article_id, id): comment ids are UUIDv7, so id order is creation order.
 */
export class Initial1732500000000 implements MigrationInterface {
  name = 'Initial1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id text PRIMARY KEY,
        name text NOT NULL,
        email text,
        role text NOT NULL DEFAULT 'reader' CHECK (role IN ('reader','moderator','admin')),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','banned','suspended')),
        suspended_until timestamptz,
        sanction_reason text,
        premod boolean NOT NULL DEFAULT false,
        approved_count integer NOT NULL DEFAULT 0,
        rejected_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE articles (
        id text PRIMARY KEY,
        title text,
        url text,
        closed boolean NOT NULL DEFAULT false,
        premoderation boolean NOT NULL DEFAULT false,
        comment_count integer NOT NULL DEFAULT 0,
        pending_count integer NOT NULL DEFAULT 0,
        reported_count integer NOT NULL DEFAULT 0,
        unmoderated_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE comments (
        id uuid PRIMARY KEY,
        article_id text NOT NULL REFERENCES articles(id),
        parent_id uuid REFERENCES comments(id),
        depth smallint NOT NULL DEFAULT 0,
        author_id text NOT NULL REFERENCES users(id),
        body text NOT NULL,
        html text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','approved','rejected','deleted')),
        reasons text[] NOT NULL DEFAULT '{}',
        featured boolean NOT NULL DEFAULT false,
        moderated boolean NOT NULL DEFAULT false,
        like_count integer NOT NULL DEFAULT 0,
        reply_count integer NOT NULL DEFAULT 0,
        open_report_count integer NOT NULL DEFAULT 0,
        idempotency_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        decided_at timestamptz
      )`);
    // Top-level pages by id (newest/oldest) and by likes (top), replies by parent.
    await q.query(`CREATE INDEX comments_article_top_level ON comments (article_id, id) WHERE parent_id IS NULL`);
    await q.query(`CREATE INDEX comments_article_top_liked ON comments (article_id, like_count DESC, id DESC) WHERE parent_id IS NULL`);
    await q.query(`CREATE INDEX comments_parent ON comments (parent_id, id) WHERE parent_id IS NOT NULL`);
    await q.query(`CREATE INDEX comments_author ON comments (author_id, id)`);
    await q.query(`CREATE UNIQUE INDEX comments_idempotency ON comments (author_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    // Moderation queues.
    await q.query(`CREATE INDEX comments_queue_pending ON comments (id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX comments_queue_reported ON comments (id) WHERE status = 'approved' AND open_report_count > 0`);
    await q.query(`CREATE INDEX comments_queue_unmoderated ON comments (id) WHERE status = 'approved' AND NOT moderated`);
    await q.query(`CREATE INDEX comments_queue_decided ON comments (status, id) WHERE moderated`);

    await q.query(`
      CREATE TABLE comment_revisions (
        id bigserial PRIMARY KEY,
        comment_id uuid NOT NULL REFERENCES comments(id),
        body text NOT NULL,
        html text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX comment_revisions_comment ON comment_revisions (comment_id, id)`);

    await q.query(`
      CREATE TABLE reactions (
        comment_id uuid NOT NULL REFERENCES comments(id),
        user_id text NOT NULL REFERENCES users(id),
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (comment_id, user_id, kind)
      )`);
    await q.query(`CREATE INDEX reactions_user ON reactions (user_id, comment_id)`);

    await q.query(`
      CREATE TABLE reports (
        id bigserial PRIMARY KEY,
        comment_id uuid NOT NULL REFERENCES comments(id),
        user_id text NOT NULL REFERENCES users(id),
        reason text NOT NULL CHECK (reason IN ('spam','abuse','off_topic','other')),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        UNIQUE (comment_id, user_id)
      )`);

    await q.query(`
      CREATE TABLE moderation_log (
        id bigserial PRIMARY KEY,
        actor_id text NOT NULL,
        action text NOT NULL,
        comment_id uuid,
        user_id text,
        article_id text,
        from_status text,
        to_status text,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX moderation_log_comment ON moderation_log (comment_id, id) WHERE comment_id IS NOT NULL`);
    await q.query(`CREATE INDEX moderation_log_user ON moderation_log (user_id, id) WHERE user_id IS NOT NULL`);

    // Site-wide queue counters: one row, changed in the same transaction as the comment.
    await q.query(`
      CREATE TABLE site_counters (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        pending_count integer NOT NULL DEFAULT 0,
        reported_count integer NOT NULL DEFAULT 0,
        unmoderated_count integer NOT NULL DEFAULT 0
      )`);
    await q.query(`INSERT INTO site_counters (id) VALUES (1)`);

    await q.query(`
      CREATE TABLE settings (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        value jsonb NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO settings (id) VALUES (1)`);

    // The live feed: stored before it is sent; the id is the reader's cursor.
    await q.query(`
      CREATE TABLE events (
        id bigserial PRIMARY KEY,
        article_id text,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX events_article ON events (article_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['events', 'settings', 'site_counters', 'moderation_log', 'reports', 'reactions', 'comment_revisions', 'comments', 'articles', 'users']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
