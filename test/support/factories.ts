import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from './app';

/**
 * Factories the end-to-end specs share (not a spec file itself): who acts, unique text and
 * article ids, posting a comment, setting up an article or the site policy, counting rows.
 * Each one insists on the answer it needs and throws a readable error otherwise.
 */

/** The usual cast: an admin, two moderators, and readers made on demand. */
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

/** An article id no other test uses. */
export function article(label = 'article'): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export const enc = (articleId: string) => encodeURIComponent(articleId);

/** Awaits an api() call and insists on `status`; returns the body. */
export async function must(res: Promise<{ status: number; body: any }>, status = 200): Promise<any> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Posts a comment and insists on a 201 (the status inside says what moderation decided). */
export async function postComment(t: TestApp, token: string, articleId: string, body: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await t.api('POST', `/articles/${enc(articleId)}/comments`, { token, body: { body, ...extra } });
  if (res.status !== 201) throw new Error(`POST comment answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Sets an article's fields as a moderator (PATCH creates it when new); returns the article. */
export async function seedArticle(t: TestApp, modToken: string, articleId: string, fields: Record<string, unknown>): Promise<any> {
  return must(t.api('PATCH', `/articles/${enc(articleId)}`, { token: modToken, body: fields }));
}

/** PATCH /settings as an admin, insisting on 200; returns the whole policy. */
export async function patchSettings(t: TestApp, admin: string, body: Record<string, unknown>): Promise<any> {
  const res = await t.api('PATCH', '/settings', { token: admin, body });
  if (res.status !== 200) throw new Error(`PATCH /settings ${JSON.stringify(body)} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A flood limit high enough that tests posting a lot from one user are judged on what they test. */
export const NO_FLOOD_LIMIT = { rateLimits: { commentsPerMinute: 1000 } };

/** The service on its own database, the usual actors, and the flood limit lifted (NO_FLOOD_LIMIT). */
export async function startAppWithActors(env: Record<string, string> = {}): Promise<{ t: TestApp; a: Actors }> {
  const t = await startApp(env);
  const a = actors(t);
  await patchSettings(t, a.admin, NO_FLOOD_LIMIT);
  return { t, a };
}

/** Rows in `comments` matching `where` (SQL over the table, `$n` parameters), straight from the database. */
export async function commentRowCount(t: TestApp, where = 'true', params: unknown[] = []): Promise<number> {
  const [row] = await t.ds.query(`SELECT count(*)::int AS n FROM comments WHERE ${where}`, params);
  return row.n;
}
