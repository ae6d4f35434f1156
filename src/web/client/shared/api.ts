import type { ErrorBody } from '../../../common/contract';

/** JSON over fetch against the service's /api/v1, with the contract's error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Send the browser's cookies (the dashboard's staff session, same origin only). Off by default:
   * the widget and the demo speak with bearer tokens alone, so a staff session the browser holds
   * never stands in for a reader.
   */
  session?: boolean;
  /** The session's CSRF token, sent as X-CSRF-Token (cookie-authenticated writes need it). */
  csrf?: string | null;
  /** The site the request acts on, sent as `?site=`; none: the default site. */
  site?: string;
}

/** The path with `site=` added to its query, when a site is named. */
export function onSite(path: string, site: string | undefined): string {
  return site ? `${path}${path.includes('?') ? '&' : '?'}site=${encodeURIComponent(site)}` : path;
}

export async function call<T>(base: string, method: string, path: string, opts: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  let res: Response;
  try {
    res = await fetch(`${base}/api/v1${onSite(path, opts.site)}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: opts.session ? 'same-origin' : 'omit',
      // Anonymous first pages are cacheable for a CDN (max-age); the browser revalidates instead
      // (If-None-Match, a 304 when nothing changed), so a reload shows what was just posted.
      cache: method === 'GET' ? 'no-cache' : undefined,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data ?? {}) as Partial<ErrorBody>;
    const message = Array.isArray(err.message) ? err.message.join('; ') : String(err.message ?? res.statusText);
    throw new ApiError(res.status, String(err.code ?? `HTTP_${res.status}`), message, Number(res.headers.get('retry-after')) || undefined);
  }
  return data as T;
}

export const enc = encodeURIComponent;

/** Reads a JWT's claims without verifying it (the service verifies; this only names the viewer). */
export function claimsOf(token: string | null): { sub: string; name: string; role?: string; exp?: number } | null {
  if (!token) return null;
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), (ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    const c = JSON.parse(json) as { sub?: unknown; name?: string; role?: string; exp?: number } | null;
    return typeof c?.sub === 'string' ? { ...c, sub: c.sub, name: c.name ?? c.sub } : null;
  } catch {
    return null;
  }
}
