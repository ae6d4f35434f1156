import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/staff/passwords';
import type { TestApp } from '../support/app';

/**
 * Staff test helpers (not a spec file): members made straight in the database (as the CLI will),
 * and a tiny browser that keeps the session cookie and sends the CSRF token like the dashboard.
 */

export const PASSWORD = 'correct horse battery staple';

let seq = 0;
/** An address no other test uses. */
export function email(label = 'staff'): string {
  seq += 1;
  return `${label}.${seq}.${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export interface MemberSpec {
  email?: string;
  name?: string;
  password?: string | null;
  owner?: boolean;
  roles?: Record<string, 'moderator' | 'admin'>;
}

/** A staff member with a password and roles; returns its id and address. */
export async function makeStaff(ds: DataSource, spec: MemberSpec = {}): Promise<{ id: string; email: string; password: string }> {
  const address = spec.email ?? email();
  const password = spec.password === undefined ? PASSWORD : spec.password;
  const id = randomUUID();
  await ds.query(`INSERT INTO staff (id, email, name, password_hash, owner) VALUES ($1, $2, $3, $4, $5)`, [
    id,
    address,
    spec.name ?? address.split('@')[0],
    password === null ? null : await hashPassword(password),
    spec.owner ?? false,
  ]);
  for (const [siteId, role] of Object.entries(spec.roles ?? {})) {
    await ds.query(`INSERT INTO sites (id, name) VALUES ($1, $1) ON CONFLICT DO NOTHING`, [siteId]);
    await ds.query(`INSERT INTO site_staff (site_id, staff_id, role) VALUES ($1, $2, $3)`, [siteId, id, role]);
  }
  return { id, email: address, password: password ?? '' };
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
  setCookie: string[];
}

/** A browser for one person: keeps `parley_session` from Set-Cookie and sends X-CSRF-Token when it knows one. */
export class Browser {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(private readonly t: TestApp) {}

  async call(
    method: string,
    path: string,
    opts: { body?: unknown; csrf?: string | null; headers?: Record<string, string>; noCookie?: boolean } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.cookie && !opts.noCookie) headers.cookie = `parley_session=${this.cookie}`;
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf) headers['x-csrf-token'] = csrf;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.t.url}/api/v1${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const m = /^parley_session=([^;]*)/.exec(c);
      if (m) this.cookie = m[1] || null;
    }
    if (body && typeof body === 'object' && typeof body.csrfToken === 'string') this.csrf = body.csrfToken;
    return { status: res.status, body, headers: res.headers, setCookie };
  }

  /** Signs in and insists on 200. */
  async signIn(address: string, password = PASSWORD, code?: string): Promise<any> {
    const res = await this.call('POST', '/staff/session', { body: { email: address, password, ...(code ? { code } : {}) } });
    if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

/** Rows of the staff audit trail for an address, oldest first. */
export async function auditFor(ds: DataSource, address: string): Promise<{ action: string; detail: string | null; staff_id: string | null }[]> {
  return ds.query(`SELECT action, detail, staff_id FROM staff_audit WHERE lower(email) = lower($1) ORDER BY id`, [address]);
}
