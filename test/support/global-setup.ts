import 'reflect-metadata';
import { loadConfig } from '../../src/config/config';
import { openDatabase } from '../../src/database/data-source';
import { runMigrations } from '../../src/database/migrate';
import { dbUrl, TEMPLATE_DB, TEST_DB_PREFIX, withAdmin } from './pg';

/** Drops what earlier runs left, then builds the migrated template every test database copies. */
export default async function globalSetup(): Promise<void> {
  await withAdmin(async (c) => {
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEST_DB_PREFIX}%`]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  });
  const db = await openDatabase(loadConfig({ NODE_ENV: 'test', DATABASE_URL: dbUrl(TEMPLATE_DB) }));
  await runMigrations(db.dataSource);
  await db.close();
}
