import 'reflect-metadata';
import { loadConfig } from '../../src/config/config';
import { openDatabase } from '../../src/database/data-source';
import { SCHEMA } from '../../src/schema';
import { runMigrations } from '../../src/database/migrate';
import { dbUrl, dropDatabases, templateName, withAdmin } from './pg';

/** Clears what dead runs left, then builds the migrated template this run's databases copy. */
export default async function globalSetup(): Promise<void> {
  process.env.PARLEY_TEST_RUN = String(process.pid);
  await dropDatabases('stale');
  await dropDatabases('mine');
  await withAdmin((c) => c.query(`CREATE DATABASE ${templateName()}`));
  const db = await openDatabase(loadConfig({ NODE_ENV: 'test', DATABASE_URL: dbUrl(templateName()) }), SCHEMA);
  await runMigrations(db.dataSource);
  await db.close();
}
