import type { Socket } from 'socket.io';
import type { AuthService } from '../auth/auth.service';
import type { Viewer } from '../common/viewer';

/** The token of the handshake: `auth.token`, or a Bearer header. */
function handshakeToken(socket: Socket): string | undefined {
  const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  const header = socket.handshake.headers.authorization;
  return typeof fromAuth === 'string' && fromAuth ? fromAuth : typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
}

/** Reads `auth.token` (or a Bearer header) from the handshake; throws the API error when it is bad. */
export function handshakeViewer(socket: Socket, auth: AuthService): Viewer | null {
  const token = handshakeToken(socket);
  if (!token) return null;
  return auth.verify(token);
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
