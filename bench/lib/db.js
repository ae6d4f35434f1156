'use strict';
/**
 * The bench database: created if missing, migrated with the service's own migrations, seeded once
 * with set-based SQL, and reused while its seed shape matches. Everything the bench writes during a
 * run goes to `bench-run-*` articles, which are deleted before and after each run.
 */
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');
const cfg = require('./config');

class BenchError extends Error {}

function describe(url) {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname} as ${decodeURIComponent(u.username) || '(default user)'}`;
}

async function connect(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(err.code) || /timeout/i.test(err.message)) {
      throw new BenchError(
        `PostgreSQL is not reachable at ${describe(url)} (${err.code || err.message}).\n` +
          `Start it (e.g. \`pg_ctlcluster 15 main start\`) or point BENCH_DATABASE_URL at a PostgreSQL the bench may use.`,
      );
    }
    throw Object.assign(err, { url });
  }
  return client;
}

/** Connects to the bench database, creating it first when it does not exist. */
async function ensureDatabase() {
  try {
    return await connect(cfg.DATABASE_URL);
  } catch (err) {
    if (err.code !== '3D000') {
      if (err instanceof BenchError) throw err;
      throw new BenchError(`Cannot connect to the bench database ${describe(cfg.DATABASE_URL)}: ${err.message}`);
    }
  }
  const name = decodeURIComponent(new URL(cfg.DATABASE_URL).pathname.slice(1));
  const admin = new URL(cfg.DATABASE_URL);
  admin.pathname = '/postgres';
  const a = await connect(process.env.BENCH_PG_ADMIN_URL || admin.toString());
  try {
    console.log(`creating database ${name}`);
    await a.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await a.end();
  }
  return connect(cfg.DATABASE_URL);
}

/** synchronous_commit for new sessions on the bench database (see config.SYNCHRONOUS_COMMIT). */
async function setSynchronousCommit(db, value) {
  const name = decodeURIComponent(new URL(cfg.DATABASE_URL).pathname.slice(1)).replace(/"/g, '""');
  await db.query(`ALTER DATABASE "${name}" SET synchronous_commit = ${value === 'on' ? 'on' : 'off'}`);
}

/** Runs the service's migrations (the compiled migrate.js of the build under test). */
function migrate(distDir) {
  execFileSync(process.execPath, [path.join(distDir, 'src', 'migrate.js')], {
    env: { ...process.env, DATABASE_URL: cfg.DATABASE_URL, NODE_ENV: 'production', JWT_SECRET: cfg.JWT_SECRET, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function seedIsCurrent(db) {
  const { rows } = await db.query(`SELECT to_regclass('bench_seed') AS t`);
  if (!rows[0].t) return false;
  const r = await db.query(`SELECT shape = $1::jsonb AS same FROM bench_seed`, [SHAPE]);
  return r.rows.length === 1 && r.rows[0].same;
}

/** Sentences bodies are made of; plain text, no links, none of the bench word lists. */
const SENTENCES = [
  'I think the council got this one wrong, and the numbers in the third paragraph show why.',
  'Great reporting, thanks for covering this when nobody else would.',
  'My neighbourhood has had the same problem for years and nothing changes.',
  'Does anyone know whether the consultation is still open for comments?',
  'The interview with the minister raised more questions than it answered.',
  'Read the whole piece before replying, the second half changes the picture.',
  'We tried something similar in our town and it worked better than expected.',
  'Honestly this is the first sensible proposal I have seen on the subject.',
  'The chart would be clearer with the figures from last year next to these.',
  'Costs will land on renters in the end, they always do.',
  'I disagree, but it is a fair summary of both sides of the argument.',
  'Local papers matter, this is exactly the kind of story that proves it.',
];

const SEED_SQL = (c) => [
  // A UUIDv7-shaped id from a millisecond timestamp and a seed string: time-ordered, deterministic.
  `CREATE FUNCTION pg_temp.uuid7(ms bigint, seed text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
     SELECT (lpad(to_hex(ms), 12, '0') || '7' || substr(h, 1, 3)
             || to_hex(8 + (('x' || substr(h, 4, 1))::bit(4)::int & 3)) || substr(h, 5, 15))::uuid
     FROM (SELECT md5(seed) AS h) s $$`,
  `CREATE FUNCTION pg_temp.body(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT s[1 + (i * 7) % ${SENTENCES.length}] || ' ' || s[1 + (i * 11 + 3) % ${SENTENCES.length}]
            || CASE WHEN i % 3 = 0 THEN ' ' || s[1 + (i * 5 + 1) % ${SENTENCES.length}] ELSE '' END
     FROM (SELECT ARRAY[${SENTENCES.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')}] AS s) x $$`,
  `CREATE FUNCTION pg_temp.author(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT 'bench-user-' || lpad((1 + (i * 7919) % ${c.users})::text, 5, '0') $$`,
  `INSERT INTO users (site_id, id, name, role, created_at, updated_at)
   SELECT 'default', 'bench-user-' || lpad(i::text, 5, '0'), 'Reader ' || i, 'reader', to_timestamp($1::bigint / 1000.0), to_timestamp($1::bigint / 1000.0)
   FROM generate_series(1::bigint, ${c.users}) i`,
  `INSERT INTO articles (site_id, id, title, url, created_at, updated_at)
   VALUES ('default', '${c.hotArticle}', 'The hot article', 'https://news.example/hot', to_timestamp($1::bigint / 1000.0), to_timestamp($1::bigint / 1000.0))`,
  `INSERT INTO articles (site_id, id, title, url, created_at, updated_at)
   SELECT 'default', 'bench-a-' || lpad(i::text, 5, '0'), 'Article ' || i, 'https://news.example/a/' || i, to_timestamp($1::bigint / 1000.0), to_timestamp($1::bigint / 1000.0)
   FROM generate_series(1::bigint, ${c.articles}) i`,
  // Hot article, top level: one every 15 s, the most recent activity (as today's story would be).
  `INSERT INTO comments (id, site_id, article_id, parent_id, depth, author_id, body, html, status, created_at)
   SELECT pg_temp.uuid7(ms, 'h' || i), 'default', '${c.hotArticle}', NULL, 0, pg_temp.author(i), b, '<p>' || b || '</p>', 'approved', to_timestamp(ms / 1000.0)
   FROM generate_series(1::bigint, ${c.hotTopLevel}) i,
        LATERAL (SELECT $2::bigint + i * 15000 AS ms, pg_temp.body(i) AS b) x`,
  // Hot article, replies: every replyEvery-th comment gets repliesEach, a minute apart.
  `INSERT INTO comments (id, site_id, article_id, parent_id, depth, author_id, body, html, status, created_at)
   SELECT pg_temp.uuid7(ms, 'r' || p || '-' || j), 'default', '${c.hotArticle}', pg_temp.uuid7($2::bigint + p * 15000, 'h' || p), 1,
          pg_temp.author(p * 31 + j), b, '<p>' || b || '</p>', 'approved', to_timestamp(ms / 1000.0)
   FROM generate_series(${c.replyEvery}::bigint, ${c.hotTopLevel}, ${c.replyEvery}) p, generate_series(1::bigint, ${c.repliesEach}) j,
        LATERAL (SELECT $2::bigint + p * 15000 + j * 60000 AS ms, pg_temp.body(p + j) AS b) x`,
  // The busy comment (busyRank-th newest top-level one) and its replies, a second apart.
  `INSERT INTO comments (id, site_id, article_id, parent_id, depth, author_id, body, html, status, created_at)
   SELECT pg_temp.uuid7(ms, 'b' || j), 'default', '${c.hotArticle}', pg_temp.uuid7($2::bigint + p * 15000, 'h' || p), 1,
          pg_temp.author(j * 13), b, '<p>' || b || '</p>', 'approved', to_timestamp(ms / 1000.0)
   FROM (SELECT ${c.hotTopLevel - c.busyRank + 1}::bigint AS p) pp, generate_series(1::bigint, ${c.busyReplies}) j,
        LATERAL (SELECT $2::bigint + p * 15000 + j * 1000 AS ms, pg_temp.body(j) AS b) x`,
  // Other articles: commentsPerArticle each, interleaved in time over the four weeks before the hot article.
  `INSERT INTO comments (id, site_id, article_id, parent_id, depth, author_id, body, html, status, created_at)
   SELECT pg_temp.uuid7(ms, 'a' || a || '-' || k), 'default', 'bench-a-' || lpad(a::text, 5, '0'), NULL, 0, pg_temp.author(g), b, '<p>' || b || '</p>', 'approved', to_timestamp(ms / 1000.0)
   FROM generate_series(1::bigint, ${c.commentsPerArticle}) k, generate_series(1::bigint, ${c.articles}) a,
        LATERAL (SELECT (k - 1) * ${c.articles} + a AS g) gg,
        LATERAL (SELECT $1::bigint + g * 12000 AS ms, pg_temp.body(g) AS b) x`,
  // Counters, from the rows (as the service's ledger would have kept them).
  `UPDATE comments p SET reply_count = r.n
   FROM (SELECT parent_id, count(*)::int AS n FROM comments WHERE parent_id IS NOT NULL AND status = 'approved' GROUP BY parent_id) r
   WHERE p.id = r.parent_id`,
  `UPDATE articles a SET comment_count = s.approved, unmoderated_count = s.unmoderated
   FROM (SELECT article_id, count(*) FILTER (WHERE status = 'approved')::int AS approved,
                count(*) FILTER (WHERE status = 'approved' AND NOT moderated)::int AS unmoderated
         FROM comments GROUP BY article_id) s
   WHERE a.id = s.article_id`,
  `UPDATE users u SET approved_count = s.n
   FROM (SELECT author_id, count(*)::int AS n FROM comments WHERE status = 'approved' GROUP BY author_id) s
   WHERE u.id = s.author_id`,
];

/** The seed's identity: its parameters and the SQL that makes it; any change reseeds. */
const SHAPE = JSON.stringify({
  ...cfg.SEED,
  sql: crypto.createHash('sha1').update(SEED_SQL(cfg.SEED).join(';')).digest('hex').slice(0, 12),
});

/** The site's counter shards collapse into shard 0 (which takes over their writes, so the counts' version still grows). */
const RECOUNT_SITE = `WITH kept AS (SELECT coalesce(sum(updates), 0) AS n FROM site_counters WHERE site_id = 'default'),
       dropped AS (DELETE FROM site_counters WHERE site_id = 'default' AND shard <> 0)
  UPDATE site_counters SET
  pending_count = (SELECT coalesce(sum(pending_count), 0) FROM articles),
  reported_count = (SELECT coalesce(sum(reported_count), 0) FROM articles),
  unmoderated_count = (SELECT coalesce(sum(unmoderated_count), 0) FROM articles),
  updates = (SELECT n FROM kept) + 1
  WHERE site_id = 'default' AND shard = 0`;

/** Seeds unless the current seed is already there. Returns true when it seeded. */
async function seed(db, { force = false } = {}) {
  if (!force && (await seedIsCurrent(db))) return false;
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM articles WHERE id NOT LIKE 'bench-%'`);
  if (rows[0].n > 0) {
    throw new BenchError(`${describe(cfg.DATABASE_URL)} holds articles that are not the bench's; point BENCH_DATABASE_URL at a database of its own`);
  }
  const c = cfg.SEED;
  const base = Date.now() - 60 * 86400_000;
  const t0 = Date.now();
  console.log(
    `seeding ${describe(cfg.DATABASE_URL)}: ${c.hotTopLevel.toLocaleString('en')} top-level comments on ${c.hotArticle}, ` +
      `${c.articles.toLocaleString('en')} articles of ${c.commentsPerArticle}…`,
  );
  await db.query('BEGIN');
  try {
    await db.query(`DROP TABLE IF EXISTS bench_seed`);
    await db.query(`TRUNCATE events, reports, reactions, comment_revisions, moderation_log, comments, articles, users CASCADE`);
    // Rows are consistent by construction; skip the per-row foreign-key triggers when allowed.
    await db.query('SAVEPOINT fk');
    try {
      await db.query(`SET LOCAL session_replication_role = replica`);
    } catch {
      await db.query('ROLLBACK TO SAVEPOINT fk');
    }
    for (const sql of SEED_SQL(c)) {
      try {
        // $1 and $2 are the start of the seeded time span and of the hot article's comments.
        await db.query(sql.replaceAll('$1', String(base)).replaceAll('$2', String(base + 30 * 86400_000)));
      } catch (err) {
        err.message = `${err.message}\n  in: ${sql.trim().split('\n')[0]}`;
        throw err;
      }
    }
    await db.query(RECOUNT_SITE);
    await check(db);
    await db.query(`CREATE TABLE bench_seed (shape jsonb NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`INSERT INTO bench_seed (shape) VALUES ($1)`, [SHAPE]);
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK').catch(() => {});
    throw err;
  }
  // Fresh statistics and visibility map: the planner and index-only scans depend on both.
  await db.query(`VACUUM (ANALYZE) users, articles, comments, events`);
  console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

/** Counters must agree with the rows: after seeding, and after each server's run (both must keep them). */
async function check(db) {
  const { rows } = await db.query(`
    WITH by_article AS (SELECT article_id, count(*) FILTER (WHERE status = 'approved') AS n FROM comments GROUP BY article_id),
         by_parent AS (SELECT parent_id, count(*) FILTER (WHERE status = 'approved') AS n FROM comments WHERE parent_id IS NOT NULL GROUP BY parent_id),
         by_author AS (SELECT author_id, count(*) FILTER (WHERE status = 'approved') AS n FROM comments GROUP BY author_id)
    SELECT
      (SELECT count(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
        WHERE c.parent_id IS NOT NULL AND (p.id IS NULL OR p.article_id <> c.article_id))::int AS bad_parent_links,
      (SELECT count(*) FROM articles a LEFT JOIN by_article s ON s.article_id = a.id WHERE a.comment_count <> coalesce(s.n, 0))::int AS bad_article_counts,
      (SELECT count(*) FROM comments p LEFT JOIN by_parent s ON s.parent_id = p.id WHERE p.reply_count <> coalesce(s.n, 0))::int AS bad_reply_counts,
      (SELECT count(*) FROM users u LEFT JOIN by_author s ON s.author_id = u.id WHERE u.approved_count <> coalesce(s.n, 0))::int AS bad_user_counts,
      (SELECT count(*) FROM (SELECT id FROM comments GROUP BY id HAVING count(*) > 1) d)::int AS duplicate_ids,
      (SELECT count(*) FROM (SELECT coalesce(sum(unmoderated_count), 0) AS u, coalesce(sum(pending_count), 0) AS p FROM site_counters WHERE site_id = 'default') s
        WHERE s.u <> (SELECT coalesce(sum(unmoderated_count), 0) FROM articles) OR s.p <> (SELECT coalesce(sum(pending_count), 0) FROM articles))::int AS bad_site_counters`);
  const bad = Object.entries(rows[0]).filter(([, n]) => n !== 0);
  if (bad.length) throw new BenchError(`consistency check failed: ${bad.map(([k, n]) => `${k}=${n}`).join(', ')}`);
}

/** Status counts of what a run posted. */
async function posted(db) {
  const { rows } = await db.query(`SELECT status, count(*)::int AS n FROM comments WHERE article_id LIKE $1 GROUP BY status`, [`${cfg.RUN_ARTICLE_PREFIX}%`]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Removes what earlier runs wrote (bench-run-* articles, writer users) and recounts the site counters. */
async function cleanup(db) {
  const like = `${cfg.RUN_ARTICLE_PREFIX}%`;
  await db.query('BEGIN');
  try {
    await db.query(`DELETE FROM events WHERE article_id LIKE $1`, [like]);
    await db.query(`DELETE FROM moderation_log WHERE article_id LIKE $1`, [like]);
    const sub = `SELECT id FROM comments WHERE article_id LIKE $1`;
    for (const t of ['comment_revisions', 'reactions', 'reports']) await db.query(`DELETE FROM ${t} WHERE comment_id IN (${sub})`, [like]);
    await db.query(`DELETE FROM comments WHERE article_id LIKE $1`, [like]);
    await db.query(`DELETE FROM articles WHERE id LIKE $1`, [like]);
    await db.query(`DELETE FROM users WHERE id LIKE $1 OR id = 'bench-admin'`, [`${cfg.WRITER_PREFIX}%`]);
    await db.query(RECOUNT_SITE);
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK').catch(() => {});
    throw err;
  }
  await db.query(`VACUUM (ANALYZE) comments, events, articles, users`);
}

/** Ids the scenarios need, read from the seed. */
async function fixtures(db) {
  const c = cfg.SEED;
  const busy = await db.query(`SELECT id, reply_count FROM comments WHERE article_id = $1 AND parent_id IS NULL ORDER BY reply_count DESC, id LIMIT 1`, [
    c.hotArticle,
  ]);
  const hot = await db.query(`SELECT comment_count FROM articles WHERE id = $1`, [c.hotArticle]);
  return { hotArticle: c.hotArticle, hotTotal: hot.rows[0].comment_count, busyComment: busy.rows[0].id, busyReplies: busy.rows[0].reply_count };
}

module.exports = { BenchError, connect, ensureDatabase, setSynchronousCommit, migrate, seed, cleanup, fixtures, describe, check, posted };
