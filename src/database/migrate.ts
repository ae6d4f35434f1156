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
