import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { StaffSessions } from '../staff/staff-sessions.service';
import { isModerator, type Viewer } from '../common/viewer';
import { ApiError } from '../common/api-error';
import { MODERATION_NAMESPACE, ModerationNoticeEvents, ModerationServerEvents } from './live-events';
import { handshakeExpiry, handshakeSite, handshakeViewer, refusal } from './socket-auth';
import { SitesService } from '../sites/sites.service';
import { DEFAULT_SITE_ID } from '../common/staff-contract';

/** The moderators of one site: where its queue events go. */
export const moderationRoom = (siteId: string) => `site:${siteId}`;

/** setTimeout's longest delay; a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How often a socket signed in by a staff session checks that the session (and its role) still holds. */
export const SESSION_RECHECK_MS = 30_000;

type ModeratorSocket = Socket<Record<string, never>, ModerationServerEvents & ModerationNoticeEvents>;

/**
 * Moderators' namespace: the token (or, without one, the staff session cookie) is checked at the
 * handshake; readers and anonymous are refused. A socket lives no longer than its token: when it
 * expires the socket is told so (`error`, TOKEN_EXPIRED) and disconnected, so held comments stop
 * reaching it. A session socket is checked again every SESSION_RECHECK_MS and ends (SESSION_ENDED)
 * when the session is signed out, expires, or loses its moderation role.
 */
@WebSocketGateway({ namespace: MODERATION_NAMESPACE })
export class ModerationGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() server: Namespace<Record<string, never>, ModerationServerEvents>;

  constructor(
    private readonly auth: AuthService,
    private readonly sessions: StaffSessions,
    private readonly sites: SitesService,
  ) {}

  afterInit(nsp: Namespace): void {
    nsp.use((socket, next) => {
      void this.admit(socket).then(next, (err: unknown) => {
        const e = err instanceof ApiError ? (err.getResponse() as { code: string; message: string }) : { code: 'TOKEN_INVALID', message: 'Token is invalid' };
        next(refusal(e.code, e.message));
      });
    });
  }

  /** Resolves with nothing when the socket may connect, or with the refusal. */
  private async admit(socket: Socket): Promise<Error | undefined> {
    const data = socket.data as SocketData;
    const site = handshakeSite(socket, this.sites);
    let viewer = handshakeViewer(socket, this.auth, site.id);
    if (viewer) data.expires = handshakeExpiry(socket);
    else {
      viewer = await this.sessions.viewerFromSession(socket.handshake.headers.cookie, site.id);
      data.session = !!viewer;
    }
    if (!viewer) return refusal('AUTH_REQUIRED', 'Moderation needs a moderator token in auth.token or a staff session');
    if (!isModerator(viewer)) return refusal('WRONG_ROLE', 'Moderation needs the moderator or admin role');
    data.viewer = viewer;
    // Only this site's queue events reach the socket.
    await socket.join(moderationRoom(site.id));
    return undefined;
  }

  handleConnection(socket: ModeratorSocket): void {
    const data = socket.data as SocketData;
    if (data.session) return this.followSession(socket);
    const expires = data.expires;
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

  private followSession(socket: ModeratorSocket): void {
    const timer = setInterval(() => {
      const site = (socket.data as SocketData).viewer?.siteId ?? DEFAULT_SITE_ID;
      void this.sessions.viewerFromSession(socket.handshake.headers.cookie, site).then(
        (viewer) => {
          if (viewer && isModerator(viewer)) return;
          socket.emit('error', { code: 'SESSION_ENDED', message: 'Your session ended or no longer moderates; sign in again' });
          socket.disconnect();
        },
        () => undefined, // the database is away: keep the socket, check again next time
      );
    }, SESSION_RECHECK_MS);
    socket.once('disconnect', () => clearInterval(timer));
  }
}

interface SocketData {
  viewer?: Viewer;
  /** The token's expiry (ms), for token sockets. */
  expires?: number;
  /** Signed in by a staff session cookie rather than a token. */
  session?: boolean;
}
