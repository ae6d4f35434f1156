/**
 * Which errors mean "the database cannot serve right now" (unreachable, shutting down, frozen,
 * timed out) rather than "this query is wrong": the former are answered 503 with Retry-After and
 * the stable code below, and count as `timeout` or `connection` errors in the metrics.
 */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';

/** Seconds a client is told to wait before trying again (Retry-After). */
export const DATABASE_RETRY_AFTER_S = 5;

export type DatabaseErrorKind = 'timeout' | 'connection' | 'query';

/** Thrown by pg and pg-pool (messages, not codes) when a bound set in src/database/data-source.ts is hit. */
const TIMEOUT_MESSAGES = ['Query read timeout', 'timeout exceeded when trying to connect', 'Connection terminated due to connection timeout'];

const CONNECTION_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/** Socket-level failures reaching the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * SQLSTATEs: 57014 query_canceled (our statement_timeout), 57P01-03 the server is shutting down,
 * crashed or not yet accepting, class 08 connection exceptions, 53300 too many connections.
 */
function sqlStateKind(code: string): DatabaseErrorKind | undefined {
  if (code === '57014') return 'timeout';
  if (/^(57P0[123]|08...|53300)$/.test(code)) return 'connection';
  return undefined;
}

/** The error and what it wraps: TypeORM's QueryFailedError keeps pg's error as driverError. */
function* chain(err: unknown): Generator<{ name?: unknown; message?: unknown; code?: unknown }> {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const o = e as { name?: unknown; message?: unknown; code?: unknown; driverError?: unknown; cause?: unknown };
    yield o;
    e = o.driverError ?? o.cause;
  }
}

/** `timeout` or `connection` when the database is unavailable; `query` for any other database error; undefined if not one. */
export function databaseErrorKind(err: unknown): DatabaseErrorKind | undefined {
  let database = false;
  for (const e of chain(err)) {
    const message = typeof e.message === 'string' ? e.message : '';
    const code = typeof e.code === 'string' ? e.code : '';
    if (TIMEOUT_MESSAGES.includes(message)) return 'timeout';
    if (CONNECTION_MESSAGES.includes(message) || NETWORK_CODES.has(code)) return 'connection';
    // The query runner was released under a query that timed out (see data-source.ts).
    if (e.name === 'QueryRunnerAlreadyReleasedError') return 'timeout';
    const state = /^[0-9A-Z]{5}$/.test(code) ? sqlStateKind(code) : undefined;
    if (state) return state;
    if (e.name === 'QueryFailedError' || /^[0-9A-Z]{5}$/.test(code)) database = true;
  }
  return database ? 'query' : undefined;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  const kind = databaseErrorKind(err);
  return kind === 'timeout' || kind === 'connection';
}
