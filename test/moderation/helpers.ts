import { randomUUID } from 'node:crypto';
import type { TestApp } from '../support/app';
import { enc, must } from '../support/factories';

/**
 * Helpers for the moderation end-to-end tests (not a spec file itself): decisions, queue counts
 * checked against the rows, the log, cursor walks. Actors, unique text, posting and settings are
 * the shared factories (../support/factories), re-exported under the names these specs use.
 */
export { actors, commentRowCount, enc, must, patchSettings, text } from '../support/factories';
export { postComment as post, startAppWithActors as startModerationApp } from '../support/factories';
export type { Actors } from '../support/factories';

export async function decide(t: TestApp, token: string, id: string, action: 'approve' | 'reject' | 'feature' | 'unfeature', body?: unknown) {
  return t.api('POST', `/moderation/comments/${id}/${action}`, { token, body });
}

export interface Counts {
  pending: number;
  reported: number;
  unmoderated: number;
}

/**
 * Queue sizes computed straight from the rows, written from the contract's definitions rather
 * than from the service's own SQL: pending = held; reported = published with an unresolved report;
 * unmoderated = published and never looked at by a moderator.
 */
export async function sqlCounts(t: TestApp, articleId?: string): Promise<Counts> {
  const params: unknown[] = [];
  let where = '';
  if (articleId !== undefined) {
    params.push(articleId);
    where = 'WHERE c.article_id = $1';
  }
  const [row] = await t.ds.query(
    `SELECT
       count(*) FILTER (WHERE c.status = 'pending')::int AS pending,
       count(*) FILTER (WHERE c.status = 'approved'
         AND EXISTS (SELECT 1 FROM reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL))::int AS reported,
       count(*) FILTER (WHERE c.status = 'approved' AND NOT c.moderated)::int AS unmoderated
     FROM comments c ${where}`,
    params,
  );
  return { pending: row.pending, reported: row.reported, unmoderated: row.unmoderated };
}

export async function apiCounts(t: TestApp, token: string, articleId?: string): Promise<Counts> {
  const q = articleId === undefined ? '' : `?articleId=${enc(articleId)}`;
  return must(t.api('GET', `/moderation/counts${q}`, { token }));
}

/** The API's counts must equal both what the test expects and what the rows say. */
export async function expectCounts(t: TestApp, token: string, articleId: string | undefined, expected: Counts): Promise<void> {
  const [api, sql] = await Promise.all([apiCounts(t, token, articleId), sqlCounts(t, articleId)]);
  expect({ scope: articleId ?? 'site', api }).toEqual({ scope: articleId ?? 'site', api: expected });
  expect({ scope: articleId ?? 'site', sql }).toEqual({ scope: articleId ?? 'site', sql: expected });
}

/** Follows nextCursor to the end; returns every page's items and the page sizes. */
export async function walk(t: TestApp, token: string, path: string, limit: number): Promise<{ items: any[]; pages: number[] }> {
  const items: any[] = [];
  const pages: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await must(t.api('GET', url, { token }));
    items.push(...page.items);
    pages.push(page.items.length);
    if (!page.nextCursor) return { items, pages };
    cursor = page.nextCursor;
  }
  throw new Error('cursor never ended');
}

export async function logFor(t: TestApp, token: string, q: string): Promise<any[]> {
  return (await walk(t, token, `/moderation/log?${q}`, 100)).items;
}

/** A random, well-formed UUIDv7-looking id that names no comment. */
export function unknownId(): string {
  const u = randomUUID().split('');
  u[14] = '7';
  return u.join('');
}
