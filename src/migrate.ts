import 'reflect-metadata';
import { loadConfig } from './config/config';
import { openDatabase } from './database/data-source';
import { runMigrations } from './database/migrate';
import { SCHEMA } from './schema';

/** `npm run migration:run`: apply pending migrations and exit. */
async function main(): Promise<void> {
  const db = await openDatabase(loadConfig(), SCHEMA, { unbounded: true });
  const done = await runMigrations(db.dataSource);
  console.log(done.length ? `applied: ${done.join(', ')}` : 'no pending migrations');
  await db.close();
}

main().catch((err: Error) => {
  console.error(err.message ?? err);
  process.exit(1);
});
