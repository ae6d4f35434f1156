import { TEST_DB_PREFIX, withAdmin } from './pg';

export default async function globalTeardown(): Promise<void> {
  if (process.env.KEEP_TEST_DBS) return;
  await withAdmin(async (c) => {
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEST_DB_PREFIX}%`]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
  });
}
