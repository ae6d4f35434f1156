import type { Socket } from 'socket.io';
import type { AuthService } from '../auth/auth.service';
import type { Viewer } from '../common/viewer';

/** Reads `auth.token` (or a Bearer header) from the handshake; throws the API error when it is bad. */
export function handshakeViewer(socket: Socket, auth: AuthService): Viewer | null {
  const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  const header = socket.handshake.headers.authorization;
  const token = typeof fromAuth === 'string' && fromAuth ? fromAuth : typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  if (!token) return null;
  return auth.verify(token);
}

/** socket.io carries handshake refusals as an Error whose `data` the client sees. */
export function refusal(code: string, message: string): Error {
  const err = new Error(message) as Error & { data: unknown };
  err.data = { code, message };
  return err;
}
