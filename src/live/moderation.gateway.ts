import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { isModerator, type Viewer } from '../common/viewer';
import { ApiError } from '../common/api-error';
import { MODERATION_NAMESPACE, ModerationNoticeEvents, ModerationServerEvents } from './live-events';
import { handshakeExpiry, handshakeViewer, refusal } from './socket-auth';

/** setTimeout's longest delay; a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type ModeratorSocket = Socket<Record<string, never>, ModerationServerEvents & ModerationNoticeEvents>;

/**
 * Moderators' namespace: the token is checked at the handshake; readers and anonymous are refused.
 * A socket lives no longer than its token: when it expires the socket is told so (`error`,
 * TOKEN_EXPIRED) and disconnected, so held comments stop reaching it.
 */
@WebSocketGateway({ namespace: MODERATION_NAMESPACE })
export class ModerationGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() server: Namespace<Record<string, never>, ModerationServerEvents>;

  constructor(private readonly auth: AuthService) {}

  afterInit(nsp: Namespace): void {
    nsp.use((socket, next) => {
      try {
        const viewer = handshakeViewer(socket, this.auth);
        if (!viewer) return next(refusal('AUTH_REQUIRED', 'Moderation needs a moderator token in auth.token'));
        if (!isModerator(viewer)) return next(refusal('WRONG_ROLE', 'Moderation needs the moderator or admin role'));
        (socket.data as { viewer?: Viewer; expires?: number }).viewer = viewer;
        (socket.data as { expires?: number }).expires = handshakeExpiry(socket);
        next();
      } catch (err) {
        const e = err instanceof ApiError ? (err.getResponse() as { code: string; message: string }) : { code: 'TOKEN_INVALID', message: 'Token is invalid' };
        next(refusal(e.code, e.message));
      }
    });
  }

  handleConnection(socket: ModeratorSocket): void {
    const expires = (socket.data as { expires?: number }).expires;
    if (expires === undefined) return;
    let timer: NodeJS.Timeout;
    const arm = () => {
      const left = expires - Date.now();
      if (left > MAX_TIMER_MS) timer = setTimeout(arm, MAX_TIMER_MS);
      else timer = setTimeout(expire, Math.max(0, left));
    };
    const expire = () => {
      if (!socket.connected) return;
      socket.emit('error', { code: 'TOKEN_EXPIRED', message: 'Token has expired; connect again with a fresh one' });
      // This namespace only: a reader socket sharing the connection stays.
      socket.disconnect();
    };
    arm();
    socket.once('disconnect', () => clearTimeout(timer));
  }
}
