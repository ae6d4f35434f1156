import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every site's data apart (issue 11). Sites gain their allowed origins and identity settings (HS256
 * secrets, newest first, and an RS256 public key). Articles and users are keyed by (site_id, id), so
 * the same article id or reader id on two sites names two rows; comments, reactions, reports and
 * the moderation log carry their site; settings and the queue counters get one row per site.
 * Everything that exists becomes the `default` site's. Events keep one column for the feed they
 * belong to: the article id on the default site, `<site>|<article id>` on the others (article ids
 * cannot hold `|`), the same key the live rooms use.
 */
export class SiteScope1733100000000 implements MigrationInterface {
  name = 'SiteScope1733100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sites
        ADD COLUMN origins text[] NOT NULL DEFAULT '{}',
        ADD COLUMN hs_secrets text[] NOT NULL DEFAULT '{}',
        ADD COLUMN rs_public_key text`);

    // The data's site: backfilled as the default site, then required without a default.
    for (const table of ['articles', 'users', 'comments', 'reactions', 'reports', 'moderation_log']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN site_id text NOT NULL DEFAULT 'default'`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN site_id DROP DEFAULT`);
    }
    await q.query(`ALTER TABLE comments DROP CONSTRAINT comments_article_id_fkey, DROP CONSTRAINT comments_author_id_fkey`);
    await q.query(`ALTER TABLE reactions DROP CONSTRAINT reactions_user_id_fkey`);
    await q.query(`ALTER TABLE reports DROP CONSTRAINT reports_user_id_fkey`);
    await q.query(`ALTER TABLE articles DROP CONSTRAINT articles_pkey, ADD CONSTRAINT articles_pkey PRIMARY KEY (site_id, id)`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_pkey, ADD CONSTRAINT users_pkey PRIMARY KEY (site_id, id)`);
    await q.query(`ALTER TABLE articles ADD CONSTRAINT articles_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(id)`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(id)`);
    await q.query(`
      ALTER TABLE comments
        ADD CONSTRAINT comments_article_fkey FOREIGN KEY (site_id, article_id) REFERENCES articles(site_id, id),
        ADD CONSTRAINT comments_author_fkey FOREIGN KEY (site_id, author_id) REFERENCES users(site_id, id)`);
    await q.query(`ALTER TABLE reactions ADD CONSTRAINT reactions_user_fkey FOREIGN KEY (site_id, user_id) REFERENCES users(site_id, id)`);
    await q.query(`ALTER TABLE reports ADD CONSTRAINT reports_user_fkey FOREIGN KEY (site_id, user_id) REFERENCES users(site_id, id)`);

    // Indexes led by the site: every read of a list or a queue is within one site.
    const indexes: [string, string][] = [
      ['comments_article_top_level', `comments (site_id, article_id, id) WHERE parent_id IS NULL`],
      ['comments_article_top_liked', `comments (site_id, article_id, like_count DESC, id DESC) WHERE parent_id IS NULL`],
      ['comments_author', `comments (site_id, author_id, id)`],
      ['comments_queue_pending', `comments (site_id, id) WHERE status = 'pending'`],
      ['comments_queue_reported', `comments (site_id, id) WHERE status = 'approved' AND open_report_count > 0`],
      ['comments_queue_unmoderated', `comments (site_id, id) WHERE status = 'approved' AND NOT moderated`],
      ['comments_queue_decided', `comments (site_id, status, id) WHERE moderated`],
      ['reactions_user', `reactions (site_id, user_id, comment_id)`],
      ['moderation_log_user', `moderation_log (site_id, user_id, id) WHERE user_id IS NOT NULL`],
    ];
    for (const [name, on] of indexes) {
      await q.query(`DROP INDEX ${name}`);
      await q.query(`CREATE INDEX ${name} ON ${on}`);
    }
    await q.query(`DROP INDEX comments_idempotency`);
    await q.query(`CREATE UNIQUE INDEX comments_idempotency ON comments (site_id, author_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX moderation_log_site ON moderation_log (site_id, id)`);

    // One row per site for the settings and the queue counters.
    for (const table of ['settings', 'site_counters']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN site_id text NOT NULL DEFAULT 'default'`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN site_id DROP DEFAULT`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, DROP CONSTRAINT ${table}_id_check, DROP COLUMN id`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (site_id)`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(id) ON DELETE CASCADE`);
    }
  }

  down(): Promise<void> {
    return Promise.reject(new Error('SiteScope cannot be undone: two sites may hold the same article or reader id'));
  }
}
