import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../support/app';

/** Shared helpers for the moderation end-to-end tests (not a spec file itself). */

export interface Actors {
  admin: string;
  mod: string;
  mod2: string;
  reader: (sub: string, name?: string) => string;
}

export function actors(t: TestApp): Actors {
  return {
    admin: t.token({ sub: 'admin-1', name: 'Ada Admin', role: 'admin' }),
    mod: t.token({ sub: 'mod-1', name: 'Mo Moderator', role: 'moderator' }),
    mod2: t.token({ sub: 'mod-2', name: 'Mia Moderator', role: 'moderator' }),
    reader: (sub, name) => t.token({ sub, name: name ?? sub, role: 'reader' }),
  };
}

let seq = 0;
/** Text no other comment in the run has: keeps the repeat check out of tests that are not about it. */
export function text(label = 'comment'): string {
  seq += 1;
  return `${label} number ${seq} ${randomUUID().slice(0, 8)}`;
}

export const enc = (articleId: string) => encodeURIComponent(articleId);

/**
 * The service these files test against: its own database, the usual actors, and a flood limit
 * high enough that tests posting a lot from one user are judged on what they test.
 */
export async function startModerationApp(env: Record<string, string> = {}): Promise<{ t: TestApp; a: Actors }> {
  const t = await startApp(env);
  const a = actors(t);
  await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000 } });
  return { t, a };
}

export async function patchSettings(t: TestApp, admin: string, body: Record<string, unknown>): Promise<any> {
  const res = await t.api('PATCH', '/settings', { token: admin, body });
  if (res.status !== 200) throw new Error(`PATCH /settings ${JSON.stringify(body)} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Posts a comment and insists on a 201 (the status inside says what moderation decided). */
export async function post(t: TestApp, token: string, articleId: string, body: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await t.api('POST', `/articles/${enc(articleId)}/comments`, { token, body: { body, ...extra } });
  if (res.status !== 201) throw new Error(`POST comment answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function decide(t: TestApp, token: string, id: string, action: 'approve' | 'reject' | 'feature' | 'unfeature', body?: unknown) {
  return t.api('POST', `/moderation/comments/${id}/${action}`, { token, body });
}

export async function must(res: Promise<{ status: number; body: any }>, status = 200): Promise<any> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
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

export async function commentRowCount(t: TestApp, where = 'true', params: unknown[] = []): Promise<number> {
  const [row] = await t.ds.query(`SELECT count(*)::int AS n FROM comments WHERE ${where}`, params);
  return row.n;
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
