import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import type { TestApp } from '../support/app';
import { Browser, makeStaff } from '../staff/staff-helpers';

/**
 * Helpers for the import specs (not a spec file itself): fresh sites made through the sites API,
 * their admin tokens, and POST /import with a fixture from test/fixtures/imports.
 */

export const FIXTURES = join(__dirname, '..', 'fixtures', 'imports');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export interface ImportSite {
  id: string;
  /** A JWT with the admin role, signed with the site's own secret. */
  admin: string;
  reader(sub: string): string;
}

/** An owner signed in: makes the sites. */
export async function ownerOf(t: TestApp): Promise<Browser> {
  const owner = await makeStaff(t.ds, { owner: true, name: 'Olive Owner' });
  const b = new Browser(t);
  await b.signIn(owner.email);
  return b;
}

let n = 0;
/** A new site (its own counters row, settings, keys), made as an owner does. */
export async function freshSite(t: TestApp, owner: Browser, label = 'import'): Promise<ImportSite> {
  n += 1;
  const id = `${label}-${n}-${Math.random().toString(36).slice(2, 7)}`;
  const res = await owner.call('POST', '/sites', { body: { id, name: `Site ${id}` } });
  if (res.status !== 201) throw new Error(`POST /sites answered ${res.status}: ${JSON.stringify(res.body)}`);
  const secret: string = res.body.secret;
  const sign = (claims: Record<string, unknown>) => jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: '1h' });
  return { id, admin: sign({ sub: `admin-${id}`, name: 'Admin', role: 'admin' }), reader: (sub) => sign({ sub, name: sub, role: 'reader' }) };
}

export interface ImportAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/** POST /import?site=…&format=… with the file as the body (application/octet-stream unless told). */
export async function postImport(
  t: TestApp,
  site: { id: string },
  query: Record<string, string>,
  file: Buffer | string,
  opts: { token?: string; headers?: Record<string, string> } = {},
): Promise<ImportAnswer> {
  const qs = new URLSearchParams({ site: site.id, ...query });
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${t.url}/api/v1/import?${qs}`, { method: 'POST', headers, body: typeof file === 'string' ? file : new Uint8Array(file) });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* NDJSON or not JSON: the text */
  }
  return { status: res.status, body, headers: res.headers };
}

/** Imports and insists on 200; returns the report. */
export async function mustImport(t: TestApp, site: ImportSite, format: string, name: string, query: Record<string, string> = {}): Promise<any> {
  const res = await postImport(t, site, { format, ...query }, fixture(name), { token: site.admin });
  if (res.status !== 200) throw new Error(`import of ${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** What the site's tables hold, straight from the database: comparable before and after. */
export async function snapshot(t: TestApp, siteId: string): Promise<Record<string, unknown>> {
  const q = async (sql: string) => t.ds.query(sql, [siteId]);
  return {
    comments: await q(
      `SELECT id, article_id, parent_id, depth, author_id, body, html, status, moderated, like_count, reply_count, created_at FROM comments WHERE site_id = $1 ORDER BY id`,
    ),
    articles: await q(
      `SELECT id, title, url, closed, comment_count, pending_count, reported_count, unmoderated_count, updated_at FROM articles WHERE site_id = $1 ORDER BY id`,
    ),
    users: await q(`SELECT id, name, email, approved_count, rejected_count, updated_at FROM users WHERE site_id = $1 ORDER BY id`),
    reactions: await q(`SELECT comment_id, user_id, kind FROM reactions WHERE site_id = $1 ORDER BY 1, 2`),
    counters: await q(
      `SELECT sum(pending_count)::int AS pending_count, sum(reported_count)::int AS reported_count, sum(unmoderated_count)::int AS unmoderated_count FROM site_counters WHERE site_id = $1`,
    ),
    sources: await q(`SELECT source, source_id, comment_id FROM import_sources WHERE site_id = $1 ORDER BY 1, 2`),
    events: await q(`SELECT count(*)::int AS n FROM events WHERE article_id LIKE $1 || '|%'`),
  };
}
