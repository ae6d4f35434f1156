import { Client } from 'pg';

/** The PostgreSQL server the tests run against; each test file gets its own database on it. */
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DB_PREFIX = 'parley_t_';

/**
 * Names carry the pid of the jest run that made them, so runs side by side never touch each
 * other's databases and a later run can tell which ones were left behind.
 */
export function runTag(): string {
  return process.env.PARLEY_TEST_RUN ?? String(process.pid);
}

export function templateName(): string {
  return `${TEST_DB_PREFIX}${runTag()}_template`;
}

export function dbUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function withAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh database, copied from the migrated template (much faster than migrating each time). */
export async function createTestDatabase(): Promise<string> {
  const name = `${TEST_DB_PREFIX}${runTag()}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${templateName()}`));
  return dbUrl(name);
}

/** Drops this run's databases, or (stale = true) those of runs whose process is gone. */
export async function dropDatabases(which: 'mine' | 'stale'): Promise<void> {
  await withAdmin(async (c) => {
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEST_DB_PREFIX}%`]);
    for (const { datname } of rows as { datname: string }[]) {
      const pid = Number(datname.slice(TEST_DB_PREFIX.length).split('_')[0]);
      const mine = String(pid) === runTag();
      if (which === 'mine' ? mine : !mine && !alive(pid)) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
