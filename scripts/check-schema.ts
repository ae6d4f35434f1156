/**
 * `npm run check:schema`: do the TypeORM entities declare exactly the schema the migrations build?
 *
 * On the PostgreSQL at TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) it creates a
 * throwaway database and runs the migrations on it, then:
 *  1. asks TypeORM's schema builder what it would change there (what `migration:generate` would write);
 *  2. builds a second throwaway database from the entities alone (TypeORM's synchronize) and compares
 *     the two catalogs as PostgreSQL prints them: tables, columns, defaults, constraints, index
 *     definitions, sequences. TypeORM's own diff matches checks and indexes by name only, so it misses a
 *     changed CHECK expression, index column order or partial-index WHERE clause; this step does not.
 * Prints every difference and exits 1 if there is any, 0 when there is none. Both databases are always dropped.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { openDatabase, OpenDatabase } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { SCHEMA } from '../src/schema';

const ADMIN_URL = process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIX = 'parley_schema_';
/** TypeORM's own bookkeeping table: made by the migration runner, declared by no entity. */
const MIGRATIONS_TABLE = 'migrations';

async function withAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Databases of earlier runs that were killed before they could drop theirs. */
async function dropStale(c: Client): Promise<void> {
  const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${PREFIX}%`]);
  for (const { datname } of rows) {
    const pid = Number(datname.slice(PREFIX.length).split('_')[0]);
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

async function open(name: string): Promise<OpenDatabase> {
  return openDatabase(loadConfig({ NODE_ENV: 'test', DATABASE_URL: dbUrl(name) }), SCHEMA);
}

/** `'0'::smallint` (a quoted number, as TypeORM writes defaults) and `0` (as a migration writes it) are the same default. */
const normalizeDefault = (expr: string): string => expr.replace(/^'(-?\d+(?:\.\d+)?)'::(?:smallint|integer|bigint|numeric)$/, '$1');

/** One line per column, constraint, index and owned sequence of the given tables, as PostgreSQL prints them. */
async function catalog(ds: DataSource, tables: string[]): Promise<string[]> {
  const columns: { t: string; name: string; type: string; notnull: boolean; def: string | null }[] = await ds.query(
    `SELECT c.relname AS t, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
            pg_get_expr(d.adbin, d.adrelid) AS def
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [tables],
  );
  const constraints: { t: string; name: string; def: string }[] = await ds.query(
    `SELECT conrelid::regclass::text AS t, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text = ANY($1)`,
    [tables],
  );
  const indexes: { t: string; name: string; def: string }[] = await ds.query(
    `SELECT tablename AS t, indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1)`,
    [tables],
  );
  const sequences: { t: string; name: string; type: string }[] = await ds.query(
    `SELECT t.relname AS t, s.relname AS name, format_type(q.seqtypid, NULL) AS type
       FROM pg_sequence q
       JOIN pg_class s ON s.oid = q.seqrelid
       JOIN pg_depend dep ON dep.objid = s.oid AND dep.deptype IN ('a', 'i')
       JOIN pg_class t ON t.oid = dep.refobjid
      WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1)`,
    [tables],
  );
  return [
    ...columns.map((r) => `column ${r.t}.${r.name} ${r.type}${r.notnull ? ' NOT NULL' : ''}${r.def ? ` DEFAULT ${normalizeDefault(r.def)}` : ''}`),
    ...constraints.map((r) => `constraint ${r.t}.${r.name} ${r.def}`),
    ...indexes.map((r) => `index ${r.t}.${r.name} ${r.def}`),
    ...sequences.map((r) => `sequence ${r.t}.${r.name} ${r.type}`),
  ].sort();
}

/** TypeORM's diff against the migrated database: the statements `migration:generate` would write. */
async function typeormDiff(migrated: DataSource): Promise<string[]> {
  const sql = await migrated.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => `${q.query.trim()};${q.parameters?.length ? `  -- parameters: ${JSON.stringify(q.parameters)}` : ''}`);
}

/** The migrated catalog against the one TypeORM builds from the entities alone. */
async function catalogDiff(migrated: DataSource, fromEntities: DataSource): Promise<string[]> {
  const tables = migrated.entityMetadatas.map((m) => m.tableName);
  // Indexes declared `synchronize: false` are not built from the entities: they need only exist.
  const unsynced = migrated.entityMetadatas.flatMap((m) => m.indices.filter((i) => !i.synchronize).map((i) => `${m.tableName}.${i.name}`));
  const out: string[] = [];

  const undeclared: { tablename: string }[] = await migrated.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT (tablename = ANY($1))`,
    [[...tables, MIGRATIONS_TABLE]],
  );
  for (const r of undeclared) out.push(`table ${r.tablename}: made by the migrations, declared by no entity`);

  const a = await catalog(migrated, tables);
  const b = await catalog(fromEntities, tables);
  const isUnsynced = (line: string) => unsynced.some((n) => line.startsWith(`index ${n} `));
  for (const n of unsynced)
    if (!a.some((l) => l.startsWith(`index ${n} `))) out.push(`index ${n}: declared (synchronize: false) but the migrations do not make it`);
  const inA = new Set(a);
  const inB = new Set(b);
  // Sorted by object, so a changed one shows as its "-" line next to its "+" line.
  const changed = [
    ...a.filter((l) => !inB.has(l) && !isUnsynced(l)).map((l) => ({ l, shown: `- migrations: ${l}` })),
    ...b.filter((l) => !inA.has(l)).map((l) => ({ l, shown: `+ entities:   ${l}` })),
  ];
  const key = (l: string) => l.split(' ', 2).join(' ');
  changed.sort((x, y) => key(x.l).localeCompare(key(y.l)) || x.shown.localeCompare(y.shown));
  return [...out, ...changed.map((c) => c.shown)];
}

async function main(): Promise<number> {
  const tag = `${PREFIX}${process.pid}_${Date.now().toString(36)}`;
  const migratedName = `${tag}_migrated`;
  const entitiesName = `${tag}_entities`;
  let migrated: OpenDatabase | undefined;
  let fromEntities: OpenDatabase | undefined;
  try {
    await withAdmin(async (c) => {
      await dropStale(c);
      await c.query(`CREATE DATABASE "${migratedName}"`);
      await c.query(`CREATE DATABASE "${entitiesName}"`);
    });
    migrated = await open(migratedName);
    await runMigrations(migrated.dataSource);
    fromEntities = await open(entitiesName);
    await fromEntities.dataSource.synchronize();

    const statements = await typeormDiff(migrated.dataSource);
    const differences = await catalogDiff(migrated.dataSource, fromEntities.dataSource);
    if (statements.length === 0 && differences.length === 0) {
      console.log('schema: entities match the migrations');
      return 0;
    }
    if (statements.length) {
      console.log(`schema: TypeORM would change the migrated database with ${statements.length} statement(s):`);
      for (const s of statements) console.log(s);
    }
    if (differences.length) {
      console.log(`schema: the migrated catalog and the one built from the entities differ in ${differences.length} place(s):`);
      for (const d of differences) console.log(d);
    }
    return 1;
  } finally {
    await fromEntities?.close();
    await migrated?.close();
    await withAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${migratedName}" WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS "${entitiesName}" WITH (FORCE)`);
    });
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error('schema check could not run:', err?.stack ?? err);
    process.exit(2);
  },
);
