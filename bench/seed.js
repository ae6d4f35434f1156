#!/usr/bin/env node
'use strict';
/**
 * Creates, migrates and seeds the bench database on its own (run.js does the same first).
 *   node bench/seed.js            seed unless the current seed is there
 *   node bench/seed.js --force    seed again
 * Needs a build (npm run build): migrations are the service's compiled ones.
 */
const path = require('node:path');
const cfg = require('./lib/config');
const db = require('./lib/db');

async function main() {
  const dist = process.env.BENCH_DIST_DIR || path.join(cfg.ROOT, 'dist');
  const client = await db.ensureDatabase();
  try {
    db.migrate(dist);
    const seeded = await db.seed(client, { force: process.argv.includes('--force') });
    if (!seeded) console.log(`seed already present in ${db.describe(cfg.DATABASE_URL)}`);
    await db.cleanup(client);
    console.log(await db.fixtures(client));
  } finally {
    await client.end();
  }
}

main().catch((err) => {
  console.error(err instanceof db.BenchError ? `bench: ${err.message}` : err);
  process.exit(1);
});
