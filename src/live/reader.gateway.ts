import { Logger } from '@nestjs/common';
import {
  ConnectedSocket, MessageBody, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { ApiError } from '../common/api-error';
import { ARTICLE_ID } from '../common/ids';
import { Ack, JoinRequest, ReaderClientEvents, ReaderServerEvents } from './live-events';
import { ReplayService } from './replay.service';
import { handshakeViewer, refusal } from './socket-auth';

/** Rooms one socket may be in at once: an article page needs one, a section front a few. */
export const MAX_JOINS_PER_SOCKET = 20;

export const articleRoom = (id: string) => `article:${id}`;
export const userRoom = (id: string) => `user:${id}`;

type ReaderSocket = Socket<ReaderClientEvents, ReaderServerEvents>;

const fail = (code: string, message: string): Ack => ({ ok: false, error: { code, message } });

function parseJoin(data: unknown): JoinRequest | Ack {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return fail('INVALID_MESSAGE', 'join takes { articleId, since? }');
  const { articleId, since, ...rest } = data as Record<string, unknown>;
  if (Object.keys(rest).length) return fail('INVALID_MESSAGE', `unknown field ${Object.keys(rest)[0]}`);
  if (typeof articleId !== 'string' || !ARTICLE_ID.test(articleId)) return fail('INVALID_ARTICLE_ID', 'articleId must be 1-200 characters of A-Z a-z 0-9 . _ : ~ / -');
  let cursor: string | undefined;
  if (since !== undefined && since !== null) {
    cursor = typeof since === 'number' && Number.isSafeInteger(since) ? String(since) : (since as string);
    if (typeof cursor !== 'string' || !/^\d{1,19}$/.test(cursor)) return fail('INVALID_CURSOR', 'since must be a cursor from an earlier event or ack');
  }
  return { articleId, since: cursor };
}

/** Readers: the default namespace. No token needed; a valid token adds the user's own room. */
@WebSocketGateway()
export class ReaderGateway implements OnGatewayInit {
  private readonly logger = new Logger('ReaderGateway');
  @WebSocketServer() server: Namespace<ReaderClientEvents, ReaderServerEvents>;

  constructor(private readonly auth: AuthService, private readonly replay: ReplayService) {}

  afterInit(nsp: Namespace): void {
    nsp.use((socket, next) => {
      try {
        const viewer = handshakeViewer(socket, this.auth);
        socket.data.viewer = viewer;
        if (viewer) void socket.join(userRoom(viewer.id));
        next();
      } catch (err) {
        const e = err instanceof ApiError ? (err.getResponse() as { code: string; message: string }) : { code: 'TOKEN_INVALID', message: 'Token is invalid' };
        next(refusal(e.code, e.message));
      }
    });
  }

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: ReaderSocket, @MessageBody() data: unknown): Promise<Ack> {
    const req = parseJoin(data);
    if ('ok' in req) return req;
    const room = articleRoom(req.articleId);
    const joined = [...socket.rooms].filter((r) => r.startsWith('article:'));
    if (!joined.includes(room) && joined.length >= MAX_JOINS_PER_SOCKET) {
      return fail('TOO_MANY_JOINS', `A socket may follow at most ${MAX_JOINS_PER_SOCKET} articles`);
    }
    try {
      // Join first, then replay: nothing committed meanwhile is lost. Clients ignore a cursor
      // they have already seen, which covers the rare event that arrives both ways.
      await socket.join(room);
      if (req.since === undefined) return { ok: true, cursor: await this.replay.latest(req.articleId) };
      const replay = await this.replay.since(req.articleId, req.since);
      if ('resync' in replay) {
        socket.emit('resync', { articleId: req.articleId, cursor: replay.cursor });
        return { ok: true, cursor: replay.cursor };
      }
      for (const e of replay.events) (socket.emit as (ev: string, p: unknown) => void)(e.type, e.payload);
      return { ok: true, cursor: replay.cursor };
    } catch (err) {
      this.logger.error(err);
      return fail('INTERNAL_ERROR', 'Could not join; try again');
    }
  }

  @SubscribeMessage('leave')
  async leave(@ConnectedSocket() socket: ReaderSocket, @MessageBody() data: unknown): Promise<Ack> {
    const req = parseJoin(data && typeof data === 'object' ? { articleId: (data as { articleId?: unknown }).articleId } : data);
    if ('ok' in req) return req;
    await socket.leave(articleRoom(req.articleId));
    return { ok: true, cursor: await this.replay.latest(req.articleId) };
  }
}
