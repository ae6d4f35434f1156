import { DataSource, MigrationExecutor } from 'typeorm';

/** Any instance may start first: the advisory lock lets exactly one run pending migrations. */
const MIGRATION_LOCK = 720_417_001;

export async function runMigrations(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const executor = new MigrationExecutor(ds, runner);
      executor.transaction = 'each';
      const done = await executor.executePendingMigrations();
      return done.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/** `npm run migration:run`: apply pending migrations and exit. */
if (require.main === module) {
  (async () => {
    const { loadConfig } = await import('../config/config');
    const { openDatabase } = await import('./data-source');
    const config = loadConfig();
    const db = await openDatabase(config);
    const done = await runMigrations(db.dataSource);
    console.log(done.length ? `applied: ${done.join(', ')}` : 'no pending migrations');
    await db.close();
  })().catch((err) => {
    console.error(err.message ?? err);
    process.exit(1);
  });
}
