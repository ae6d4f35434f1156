import type { Socket } from 'node:net';
import type { PoolClient } from 'pg';
import { DataSource, DataSourceOptions, EntitySubscriberInterface, EventSubscriber } from 'typeorm';
import type { AfterQueryEvent } from 'typeorm/subscriber/event/QueryEvent';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { databaseErrorKind } from '../common/database-errors';
import { recordDatabaseError } from '../common/metrics';
import { EnvConfig } from '../config/config';
import { EmbeddedDatabase, startEmbeddedDatabase } from './embedded';

/** Entities and migrations, given by the composition root (src/schema.ts) so this layer imports no feature. */
export interface Schema {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

export interface PoolStats {
  total: number;
  idle: number;
  /** Requests queued for a connection: above zero, the pool (or the database) is the bottleneck. */
  waiting: number;
}

export interface OpenDatabase {
  dataSource: DataSource;
  embedded: boolean;
  pool(): PoolStats | undefined;
  close(): Promise<void>;
}

/**
 * The client gives up on a query this long after the server would have (statement_timeout): a
 * frozen or unreachable server cannot enforce its own timeout, so without this a query waits for
 * as long as the server is gone.
 */
export const CLIENT_TIMEOUT_MARGIN_MS = 500;

/** pg's options (passed through TypeORM's `extra`) that bound every wait on the database. */
export function boundedPoolOptions(config: EnvConfig): Record<string, number> {
  return {
    max: config.DB_POOL_SIZE,
    // Both the wait for a free connection in the pool and the connect of a new one.
    connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
    // Sent at connect: the server cancels a statement running longer (SQLSTATE 57014).
    statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
    query_timeout: config.DB_STATEMENT_TIMEOUT_MS + CLIENT_TIMEOUT_MARGIN_MS,
  };
}

/**
 * Counts failed queries, and closes the connection of one the client gave up on (query_timeout):
 * that connection is mid-protocol and the server may still run the query (a BEGIN that lands later
 * would leave the next borrower inside a stale transaction). Closed, the query runner and the pool
 * drop it at once, and the rollback that follows fails at once instead of waiting in turn.
 */
@EventSubscriber() // TypeORM registers only decorated subscribers, even when listed by class
class DatabaseErrorSubscriber implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent<unknown>): void {
    if (event.success) return;
    recordDatabaseError(databaseErrorKind(event.error) ?? 'query');
    if ((event.error as Error | undefined)?.message === 'Query read timeout') {
      const runner = event.queryRunner as unknown as { databaseConnection?: { connection?: { stream?: Socket } } };
      runner.databaseConnection?.connection?.stream?.destroy();
    }
  }
}

/**
 * PGlite's one session outlives each connection to it and keeps what a closed one prepared
 * (common/sql.ts); a new connection's client would prepare those again and be refused the names,
 * so it drops them before the pool hands it out.
 */
const forgetPrepared = (client: PoolClient): Promise<unknown> => client.query('DEALLOCATE ALL');

/**
 * DATABASE_URL means PostgreSQL; without it, embedded PGlite under PARLEY_DATA_DIR.
 * PostgreSQL connections are bounded in time (see boundedPoolOptions) unless `unbounded` (for
 * migrations, which may wait on another instance's lock and run long statements).
 */
export async function openDatabase(config: EnvConfig, schema: Schema, opts: { unbounded?: boolean } = {}): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedDatabase(config.PARLEY_DATA_DIR);
    url = embedded.url;
  }
  const bounded = !embedded && !opts.unbounded;
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: schema.entities,
    migrations: schema.migrations,
    subscribers: bounded ? [DatabaseErrorSubscriber] : [],
    synchronize: false,
    migrationsRun: false,
    logging: false,
    // PGlite is one session: one connection. Its server runs in this process, so it cannot freeze apart from it.
    extra: embedded ? { max: 1, onConnect: forgetPrepared } : bounded ? boundedPoolOptions(config) : { max: 1 },
  });
  await dataSource.initialize();
  const driver = dataSource.driver as PostgresDriver;
  if (bounded) countFailedCheckouts(driver);
  return {
    dataSource,
    embedded: !!embedded,
    pool() {
      const p = driver.master as { totalCount?: number; idleCount?: number; waitingCount?: number } | undefined;
      return p ? { total: p.totalCount ?? 0, idle: p.idleCount ?? 0, waiting: p.waitingCount ?? 0 } : undefined;
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.close();
    },
  };
}

/** A connection that could not be had (refused, pool wait or connect timed out) fails before any query: count it here. */
function countFailedCheckouts(driver: PostgresDriver): void {
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = () =>
    obtain().catch((err: unknown) => {
      recordDatabaseError(databaseErrorKind(err) ?? 'connection');
      throw err;
    });
}
