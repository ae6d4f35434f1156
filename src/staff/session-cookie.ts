import { fastifyCookie } from '@fastify/cookie';
import { SESSION_COOKIE } from '../common/staff-contract';

// @fastify/cookie's parser and serializer, used directly: nothing needs the plugin's request decorations.

/** The session token a Cookie header carries, if any. */
export function sessionTokenFrom(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  const token = fastifyCookie.parse(cookieHeader)[SESSION_COOKIE];
  // Tokens are 32 bytes base64url: anything else names no session, and is not worth a query.
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

/**
 * The Set-Cookie value for a session: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), Path=/ (the API and the dashboard), Secure outside development and test,
 * kept by the browser until the session's absolute end.
 */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return fastifyCookie.serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure, expires: expiresAt });
}

/** The Set-Cookie value that makes the browser forget the session. */
export function clearedSessionCookie(secure: boolean): string {
  return fastifyCookie.serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/', secure, expires: new Date(0) });
}
