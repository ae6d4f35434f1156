'use strict';
/**
 * Everything the bench can be told through the environment, with the defaults the issue asks for.
 * Short runs while developing: BENCH_DURATION=3 npm run bench.
 */
const path = require('node:path');

const int = (name, def) => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(v)}`);
  return n;
};
const list = (name, def) =>
  process.env[name]
    ? process.env[name]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : def;

const ROOT = path.resolve(__dirname, '..', '..');

module.exports = {
  ROOT,
  BENCH_DIR: path.join(ROOT, 'bench'),
  /** Logs, the dist snapshot and profiles; git-ignored (bench/results.tmp*). */
  TMP_DIR: path.join(ROOT, 'bench', 'results.tmp'),

  ADMIN_URL: process.env.BENCH_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_URL: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/parley_bench',
  JWT_SECRET: process.env.BENCH_JWT_SECRET || 'parley-bench-secret-not-for-production',
  /** Redis for the two-instance scenario (live2) only; every other scenario runs one instance without it. */
  REDIS_URL: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',

  /** autocannon: seconds per scenario, connections, warm-up seconds per scenario. */
  DURATION: int('BENCH_DURATION', 10),
  CONNECTIONS: int('BENCH_CONNECTIONS', 50),
  WARMUP: int('BENCH_WARMUP', 3),
  /** Room sizes for the fan-out test, and comments posted at each. */
  SOCKETS: list('BENCH_SOCKETS', ['1000', '5000']).map(Number),
  FANOUT_POSTS: int('BENCH_FANOUT_POSTS', 20),
  /** Which servers and scenarios to run (comma lists); all by default. */
  SERVERS: list('BENCH_SERVERS', ['service', 'reference']),
  SCENARIOS: list('BENCH_SCENARIOS', null),
  /**
   * synchronous_commit for the bench database (set with ALTER DATABASE, so only it is affected).
   * Off by default: every post updates the one site_counters row, so with durable commits both
   * servers queue on that row for the disk's flush time and the ratio says nothing about our layers.
   */
  SYNCHRONOUS_COMMIT: process.env.BENCH_SYNCHRONOUS_COMMIT === 'on' ? 'on' : 'off',
  /** The post scenario spreads over this many articles; post-hot puts every post on one article. */
  POST_ARTICLES: int('BENCH_POST_ARTICLES', 100),
  /** Distinct writer identities the post scenario rotates through. */
  WRITERS: int('BENCH_WRITERS', 1000),

  /** Limit for the list pages, and how many pages deep the deep-page cursor is. */
  PAGE_LIMIT: 20,
  DEEP_PAGES: int('BENCH_DEEP_PAGES', 500),

  /** Seed shape (changing any of these reseeds). */
  SEED: {
    version: 1,
    hotArticle: 'bench-hot',
    hotTopLevel: 100_000,
    /** Every Nth top-level comment of the hot article has `repliesEach` replies. */
    replyEvery: 25,
    repliesEach: 3,
    /** One busy top-level comment (the Nth newest) with this many replies. */
    busyRank: 1000,
    busyReplies: 1000,
    articles: 10_000,
    commentsPerArticle: 20,
    users: 20_000,
  },

  /** Articles the bench writes to; deleted before and after each run so the seed stays as seeded. */
  RUN_ARTICLE_PREFIX: 'bench-run-',
  WRITER_PREFIX: 'bench-writer-',
};
