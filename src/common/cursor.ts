import { badRequest } from './api-error';

/** Opaque page cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** `int` is a whole number a PostgreSQL integer column can be compared with. */
type KeyPart = 'string' | 'number' | 'int';
const fits = (v: unknown, part: KeyPart): boolean => (part === 'int' ? Number.isInteger(v) && Math.abs(v as number) <= 2 ** 31 - 1 : typeof v === part);

export function decodeCursor(cursor: string | undefined, shape: KeyPart[]): unknown[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    if (cursor.length > 512) throw new Error('too long');
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(key) || key.length !== shape.length || key.some((v, i) => !fits(v, shape[i]))) throw new Error('shape');
    return key as unknown[];
  } catch {
    throw invalidCursor();
  }
}

/** The one answer to a cursor this endpoint did not issue, whatever is wrong with it. */
export const invalidCursor = () => badRequest('INVALID_CURSOR', 'cursor is not one this endpoint issued');

export type { Page } from './contract';
import type { Page } from './contract';

/** Rows were fetched with limit + 1; the extra row only tells whether another page exists. */
export function toPage<R, T>(rows: R[], limit: number, map: (r: R) => T, key: (r: R) => unknown[]): Page<T> {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  return { items: slice.map(map), nextCursor: more ? encodeCursor(key(slice[slice.length - 1])) : null };
}
