import type { EntityManager } from 'typeorm';

/**
 * TypeORM's raw query returns rows for SELECT/INSERT but [rows, count] for UPDATE/DELETE;
 * this gives rows either way.
 */
export async function queryRows<T = Record<string, unknown>>(m: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const res: unknown = await m.query(sql, params);
  if (Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number') return res[0] as T[];
  return res as T[];
}
