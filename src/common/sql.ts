import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * A constant statement that PostgreSQL parses and plans once per connection (a named prepared
 * statement) instead of on every call: on a post, parse and bind were half of the statements' time.
 * Only for text fixed at load time; each distinct text is one statement held by every connection.
 */
export interface Prepared {
  readonly name: string;
  readonly text: string;
}

/** `SELECT *`, `RETURNING *`, `t.*`: a shape that changes when a column is added. */
const STAR = /\b(SELECT|RETURNING)\s+\*|\.\*/i;

/** Every statement made so far, by its text: as many as the code has texts. */
const made = new Map<string, Prepared>();

/**
 * The statement of `text`, which is built from the code's constants only (one variant per sort
 * order, say), never from values: those go in parameters.
 */
export function prepared(text: string): Prepared {
  let statement = made.get(text);
  if (statement) return statement;
  // A prepared plan keeps its result's columns: with `*`, a migration adding a column (another
  // instance's, in a rolling deploy) would fail the statement on every connection that holds it.
  if (STAR.test(text)) throw new Error(`A prepared statement names its columns: ${text.slice(0, 80)}`);
  statement = { name: `parley_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
  made.set(text, statement);
  return statement;
}

/**
 * TypeORM's raw query returns rows for SELECT/INSERT but [rows, count] for UPDATE/DELETE;
 * this gives rows either way.
 */
export async function queryRows<T = Record<string, unknown>>(m: EntityManager, sql: string | Prepared, params: unknown[] = []): Promise<T[]> {
  // TypeORM hands the query to pg's client as it is, and pg takes a { name, text } config there.
  const query = typeof sql === 'string' ? sql : ({ name: sql.name, text: sql.text } as unknown as string);
  const res: unknown = await m.query(query, params);
  if (Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number') return res[0] as T[];
  return res as T[];
}
