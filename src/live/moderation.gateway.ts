import { OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { isModerator, type Viewer } from '../common/viewer';
import { ApiError } from '../common/api-error';
import { MODERATION_NAMESPACE, ModerationServerEvents } from './live-events';
import { handshakeViewer, refusal } from './socket-auth';

/** Moderators' namespace: the token is checked at the handshake; readers and anonymous are refused. */
@WebSocketGateway({ namespace: MODERATION_NAMESPACE })
export class ModerationGateway implements OnGatewayInit {
  @WebSocketServer() server: Namespace<Record<string, never>, ModerationServerEvents>;

  constructor(private readonly auth: AuthService) {}

  afterInit(nsp: Namespace): void {
    nsp.use((socket, next) => {
      try {
        const viewer = handshakeViewer(socket, this.auth);
        if (!viewer) return next(refusal('AUTH_REQUIRED', 'Moderation needs a moderator token in auth.token'));
        if (!isModerator(viewer)) return next(refusal('WRONG_ROLE', 'Moderation needs the moderator or admin role'));
        (socket.data as { viewer?: Viewer }).viewer = viewer;
        next();
      } catch (err) {
        const e = err instanceof ApiError ? (err.getResponse() as { code: string; message: string }) : { code: 'TOKEN_INVALID', message: 'Token is invalid' };
        next(refusal(e.code, e.message));
      }
    });
  }
}
