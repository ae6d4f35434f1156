import type { Socket } from 'socket.io';
import type { AuthService } from '../auth/auth.service';
import { notFound, forbidden } from '../common/api-error';
import type { Viewer } from '../common/viewer';
import type { SiteRecord } from '../sites/sites.repository';
import type { SitesService } from '../sites/sites.service';
import { DEFAULT_SITE_ID } from '../common/staff-contract';

/** The token of the handshake: `auth.token`, or a Bearer header. */
function handshakeToken(socket: Socket): string | undefined {
  const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  const header = socket.handshake.headers.authorization;
  return typeof fromAuth === 'string' && fromAuth ? fromAuth : typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
}

/**
 * The site a socket connects to: `auth.site` (or the `site` query parameter) of the handshake,
 * else the default site. Throws SITE_NOT_FOUND for one that does not exist, and ORIGIN_NOT_ALLOWED
 * when the page's origin is not one of the site's.
 */
export function handshakeSite(socket: Socket, sites: SitesService): SiteRecord {
  const fromAuth = (socket.handshake.auth as { site?: unknown } | undefined)?.site;
  const fromQuery = (socket.handshake.query as Record<string, unknown> | undefined)?.site;
  const id = fromAuth ?? fromQuery ?? DEFAULT_SITE_ID;
  if (typeof id !== 'string') throw notFound('SITE_NOT_FOUND', 'No such site');
  const site = sites.require(id);
  const { origin, host } = socket.handshake.headers;
  if (!sites.originAllowed(site, origin, host)) throw forbidden('ORIGIN_NOT_ALLOWED', 'This site does not allow pages of this origin');
  return site;
}

/** Reads `auth.token` (or a Bearer header) from the handshake and verifies it for the site; throws the API error when it is bad. */
export function handshakeViewer(socket: Socket, auth: AuthService, siteId: string): Viewer | null {
  const token = handshakeToken(socket);
  if (!token) return null;
  return auth.verify(token, siteId);
}

/** When the handshake's token expires (ms since the epoch), from its `exp` claim; undefined without one. Read after handshakeViewer verified it. */
export function handshakeExpiry(socket: Socket): number | undefined {
  try {
    const claims = JSON.parse(Buffer.from(handshakeToken(socket)?.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown } | null;
    return typeof claims?.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** socket.io carries handshake refusals as an Error whose `data` the client sees. */
export function refusal(code: string, message: string): Error {
  const err = new Error(message) as Error & { data: unknown };
  err.data = { code, message };
  return err;
}
