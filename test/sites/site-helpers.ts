import jwt from 'jsonwebtoken';
import { io, type Socket } from 'socket.io-client';
import { LIVE_PATH, MODERATION_NAMESPACE } from '../../src/live/live-events';
import type { Claims, TestApp } from '../support/app';
import { Inbox } from '../live/live-helpers';
import { Browser, makeStaff } from '../staff/staff-helpers';

/**
 * Helpers for the multi-site specs (not a spec file itself): sites made through the sites API by
 * an owner, reader tokens signed with a site's own secret, requests and sockets aimed at a site.
 */

/** `path` with `site=<id>` added to its query (nothing added for undefined: the default site). */
export function onSite(path: string, site: string | undefined): string {
  if (site === undefined) return path;
  return `${path}${path.includes('?') ? '&' : '?'}site=${encodeURIComponent(site)}`;
}

/** Signs claims with an HS256 secret, as a publisher does for its readers. */
export function signWith(secret: string, claims: Claims | string, opts: jwt.SignOptions = {}): string {
  const c = typeof claims === 'string' ? { sub: claims, name: claims } : { name: claims.sub, ...claims };
  return jwt.sign(c, secret, { algorithm: 'HS256', expiresIn: '1h', ...opts });
}

/** A site as a test uses it: its id, the secret its tokens are signed with, and token makers. */
export interface TestSite {
  id: string;
  secret: string;
  token(claims: Claims | string): string;
  reader(sub: string): string;
  mod(sub?: string): string;
  admin(sub?: string): string;
  /** t.api on this site. */
  api(method: string, path: string, opts?: Parameters<TestApp['api']>[2]): ReturnType<TestApp['api']>;
}

export function testSite(t: TestApp, id: string, secret: string): TestSite {
  const token = (claims: Claims | string) => signWith(secret, claims);
  return {
    id,
    secret,
    token,
    reader: (sub) => token({ sub, name: sub, role: 'reader' }),
    mod: (sub = `mod-${id}`) => token({ sub, name: `Moderator of ${id}`, role: 'moderator' }),
    admin: (sub = `admin-${id}`) => token({ sub, name: `Admin of ${id}`, role: 'admin' }),
    api: (method, path, opts) => t.api(method, onSite(path, id), opts),
  };
}

/** An owner signed in (a Browser keeping the session cookie and CSRF token). */
export async function signedInOwner(t: TestApp): Promise<Browser> {
  const owner = await makeStaff(t.ds, { owner: true, name: 'Olive Owner' });
  const b = new Browser(t);
  await b.signIn(owner.email);
  return b;
}

/** A staff member signed in with the given roles per site. */
export async function signedInStaff(t: TestApp, roles: Record<string, 'moderator' | 'admin'>, name?: string): Promise<{ browser: Browser; id: string }> {
  const m = await makeStaff(t.ds, { roles, name });
  const browser = new Browser(t);
  await browser.signIn(m.email);
  return { browser, id: m.id };
}

/** Creates a site through the API as `owner`, insisting on 201; returns it with its first secret. */
export async function createSite(t: TestApp, owner: Browser, id: string, extra: { name?: string; origins?: string[] } = {}): Promise<TestSite> {
  const res = await owner.call('POST', '/sites', { body: { id, name: extra.name ?? `Site ${id}`, ...(extra.origins ? { origins: extra.origins } : {}) } });
  if (res.status !== 201) throw new Error(`POST /sites ${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return testSite(t, id, res.body.secret);
}

/** Moderation log entries of a site (newest first), read by a moderator of that site. */
export async function logOf(site: TestSite, query = ''): Promise<any[]> {
  const res = await site.api('GET', `/moderation/log?limit=100${query}`, { token: site.mod() });
  if (res.status !== 200) throw new Error(`log of ${site.id} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.items;
}

export interface SiteSocketOpts {
  site?: unknown;
  token?: string;
  namespace?: string;
  /** `site` as a query parameter of the handshake instead of auth.site. */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  label?: string;
}

/** Every socket a spec opens, aimed at a site through the handshake, so afterAll can close them. */
export class SiteSockets {
  private readonly sockets = new Set<Socket>();

  constructor(private readonly t: TestApp) {}

  private open(opts: SiteSocketOpts): Socket {
    const auth: Record<string, unknown> = {};
    if (opts.site !== undefined) auth.site = opts.site;
    if (opts.token !== undefined) auth.token = opts.token;
    const socket = io(this.t.url + (opts.namespace ?? ''), {
      path: LIVE_PATH,
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth,
      query: opts.query,
      extraHeaders: opts.headers,
    });
    this.sockets.add(socket);
    return socket;
  }

  /** Connects and resolves once connected; rejects with the server's refusal (err.data.code). */
  connect(opts: SiteSocketOpts = {}): Promise<{ socket: Socket; inbox: Inbox }> {
    const socket = this.open(opts);
    const inbox = new Inbox(socket, opts.label ?? `socket on ${JSON.stringify(opts.site ?? 'default')}`);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve({ socket, inbox }));
      socket.once('connect_error', (err: Error & { data?: any }) => {
        socket.close();
        this.sockets.delete(socket);
        reject(err);
      });
    });
  }

  /** A moderators' socket of a site. */
  moderation(opts: Omit<SiteSocketOpts, 'namespace'>): Promise<{ socket: Socket; inbox: Inbox }> {
    return this.connect({ ...opts, namespace: MODERATION_NAMESPACE });
  }

  /** Expects the handshake to be refused; resolves with the refusal's code. */
  async refused(opts: SiteSocketOpts): Promise<string> {
    try {
      const { socket } = await this.connect(opts);
      socket.close();
    } catch (err) {
      return (err as Error & { data?: { code?: string } }).data?.code ?? (err as Error).message;
    }
    throw new Error(`the handshake ${JSON.stringify({ ...opts, token: opts.token ? '…' : undefined })} was accepted; expected a refusal`);
  }

  closeAll(): void {
    for (const s of this.sockets) s.close();
    this.sockets.clear();
  }
}
