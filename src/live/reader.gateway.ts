import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { ApiError } from '../common/api-error';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../common/database-errors';
import { ARTICLE_ID, articleIdOfKey, articleKey } from '../common/ids';
import { DEFAULT_SITE_ID } from '../common/staff-contract';
import { SitesService } from '../sites/sites.service';
import type { Viewer } from '../common/viewer';
import { Ack, Cursor, JoinRequest, ReaderClientEvents, ReaderNoticeEvents, ReaderServerEvents } from './live-events';
import { dropConnection, drained, outgoingBytes } from './outgoing-buffer';
import { ReplayService } from './replay.service';
import { ReplaySession, RoomFeed } from './room-feed';
import { handshakeSite, handshakeViewer, refusal } from './socket-auth';
import { TokenBucket } from './token-bucket';

/** Rooms one socket may be in at once: an article page needs one, a section front a few. */
export const MAX_JOINS_PER_SOCKET = 20;

/** An article's room, by its feed key (articleKey): the same article id on two sites is two rooms. */
export const articleRoom = (key: string) => `article:${key}`;
/** A reader's own sockets on one site (site ids hold no `:`). */
export const userRoom = (siteId: string, id: string) => `user:${siteId}:${id}`;

/**
 * What one reader socket may cost. A page sends a join per article it shows (a section front up to
 * MAX_JOINS_PER_SOCKET at once, with `since` after a reconnect) and little else.
 */
export const READER_LIMITS = {
  /** Messages of any kind a socket may send at once, and per second after that. */
  messageBurst: 40,
  messagesPerSecond: 10,
  /** Messages refused over that budget before the socket is disconnected (one more tolerated a second). */
  refusalsBeforeDisconnect: 60,
  /**
   * Replay budget of one socket, at once and per minute after that: each event replayed costs 1
   * and each read of the event table `replayReadCost` more. Past it a join with `since` gets
   * resync. (A section front's twenty small replays after a reconnect fit in it.)
   */
  replayBurst: 5000,
  replayPerMinute: 5000,
  replayReadCost: 200,
  /** Joins with `since` waiting behind the one replay a socket has in flight. */
  replaysWaiting: MAX_JOINS_PER_SOCKET,
  /** Bytes queued for a socket over which no replay starts (it waits for them to drain, then resyncs). */
  outgoingBytes: 256 * 1024,
  drainWaitMs: 3000,
} as const;

interface ReaderData {
  viewer?: Viewer | null;
  site?: string;
}

type ReaderSocket = Socket<ReaderClientEvents, ReaderServerEvents & ReaderNoticeEvents>;

/** Per socket: its budgets, its replay queue, and the cursor it was last acked per joined room. */
interface ReaderState {
  messages: TokenBucket;
  refusals: TokenBucket;
  replayed: TokenBucket;
  /** Settles when the socket's replays so far are done; the next one starts after it. */
  replays: Promise<unknown>;
  waiting: number;
  /** Once a wait for the socket to drain failed, later replays do not wait again until it has. */
  stalled: boolean;
  /**
   * Room -> the cursor its last ack (or resync) gave. The socket has been in the room since, so
   * every event after that cursor has reached it (or is queued for it) live or replayed.
   */
  acked: Map<string, bigint>;
  noticeAt: number;
}

const maxCursor = (...cs: (Cursor | bigint | undefined)[]): bigint => cs.reduce<bigint>((m, c) => (c === undefined ? m : BigInt(c) > m ? BigInt(c) : m), 0n);

const fail = (code: string, message: string): Ack => ({ ok: false, error: { code, message } });

function parseJoin(data: unknown): JoinRequest | Ack {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return fail('INVALID_MESSAGE', 'join takes { articleId, since? }');
  const { articleId, since, ...rest } = data as Record<string, unknown>;
  if (Object.keys(rest).length) return fail('INVALID_MESSAGE', `unknown field ${Object.keys(rest)[0]}`);
  if (typeof articleId !== 'string' || !ARTICLE_ID.test(articleId))
    return fail('INVALID_ARTICLE_ID', 'articleId must be 1-200 characters of A-Z a-z 0-9 . _ : ~ / -');
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
  private readonly states = new WeakMap<object, ReaderState>();

  constructor(
    private readonly auth: AuthService,
    private readonly replay: ReplayService,
    private readonly feed: RoomFeed,
    private readonly sites: SitesService,
  ) {}

  afterInit(nsp: Namespace): void {
    this.feed.attach(nsp);
    nsp.use((socket, next) => {
      try {
        const site = handshakeSite(socket, this.sites);
        const viewer = handshakeViewer(socket, this.auth, site.id);
        Object.assign(socket.data as ReaderData, { viewer, site: site.id });
        if (viewer) void socket.join(userRoom(site.id, viewer.id));
        this.limit(socket);
        next();
      } catch (err) {
        const e = err instanceof ApiError ? (err.getResponse() as { code: string; message: string }) : { code: 'TOKEN_INVALID', message: 'Token is invalid' };
        next(refusal(e.code, e.message));
      }
    });
  }

  /**
   * Every message a socket sends spends from its budget before any handler runs. Over it, the
   * message is dropped (its ack, and at most once a second an `error`, say RATE_LIMITED); a socket
   * that keeps sending anyway is disconnected.
   */
  private limit(socket: Socket | ReaderSocket): ReaderState {
    const L = READER_LIMITS;
    const state: ReaderState = {
      messages: new TokenBucket(L.messageBurst, L.messagesPerSecond),
      refusals: new TokenBucket(L.refusalsBeforeDisconnect, 1),
      replayed: new TokenBucket(L.replayBurst, L.replayPerMinute / 60),
      replays: Promise.resolve(),
      waiting: 0,
      stalled: false,
      acked: new Map(),
      noticeAt: 0,
    };
    this.states.set(socket, state);
    const reader = socket as ReaderSocket;
    reader.use((packet, next) => {
      if (state.messages.take()) return next();
      const error = { code: 'RATE_LIMITED', message: 'Too many messages; slow down' };
      const ack: unknown = packet[packet.length - 1];
      if (typeof ack === 'function') (ack as (res: Ack) => void)(fail(error.code, error.message));
      if (!state.refusals.take()) {
        if (socket.connected) {
          reader.emit('error', { code: 'RATE_LIMITED', message: 'Too many messages; disconnected' });
          dropConnection(socket as Socket, L.outgoingBytes);
        }
        return;
      }
      const now = Date.now();
      if (now - state.noticeAt >= 1000) {
        state.noticeAt = now;
        reader.emit('error', error);
      }
    });
    return state;
  }

  private stateOf(socket: ReaderSocket): ReaderState {
    return this.states.get(socket) ?? this.limit(socket);
  }

  /** The request with its article named by feed key, on the socket's site. */
  private onSite(socket: ReaderSocket, req: JoinRequest): JoinRequest {
    return { ...req, articleId: articleKey((socket.data as ReaderData).site ?? DEFAULT_SITE_ID, req.articleId) };
  }

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: ReaderSocket, @MessageBody() data: unknown): Promise<Ack> {
    const parsed = parseJoin(data);
    if ('ok' in parsed) return parsed;
    const req = this.onSite(socket, parsed);
    const room = articleRoom(req.articleId);
    const joined = [...socket.rooms].filter((r) => r.startsWith('article:'));
    const inRoom = joined.includes(room);
    if (!inRoom && joined.length >= MAX_JOINS_PER_SOCKET) {
      return fail('TOO_MANY_JOINS', `A socket may follow at most ${MAX_JOINS_PER_SOCKET} articles`);
    }
    const state = this.stateOf(socket);
    const acked = inRoom ? state.acked.get(room) : undefined;
    // Already in the room since `acked`: every event after it the room was sent has reached this
    // socket, so a join again without `since`, or from exactly there, is answered from memory: no
    // query, no replay. An older `since` says the client missed something: it is replayed.
    if (acked !== undefined) {
      const has = maxCursor(acked, this.feed.delivered(req.articleId));
      if (req.since === undefined || BigInt(req.since) === has) return this.acked(state, room, has);
    }
    if (req.since !== undefined && state.waiting >= READER_LIMITS.replaysWaiting) {
      return fail('RATE_LIMITED', 'Too many joins with since at once; slow down');
    }
    // Begun before joining: the socket is left out of the room's events until its replay is sent,
    // so nothing reaches it both ways or out of order.
    const session = req.since === undefined ? undefined : this.feed.beginReplay(req.articleId, socket.id);
    try {
      if (!inRoom) await socket.join(room);
      // Every event the room is sent after this cursor reaches the socket.
      const delivered = await this.feed.open(req.articleId);
      if (!session) return this.acked(state, room, maxCursor(delivered, acked));
      return await this.queueReplay(socket, state, room, req as Required<JoinRequest>, session);
    } catch (err) {
      if (isDatabaseUnavailable(err)) return fail(DATABASE_UNAVAILABLE, 'The database is unavailable; try again shortly');
      this.logger.error(err);
      return fail('INTERNAL_ERROR', 'Could not join; try again');
    } finally {
      if (session) this.feed.endReplay(session);
    }
  }

  @SubscribeMessage('leave')
  async leave(@ConnectedSocket() socket: ReaderSocket, @MessageBody() data: unknown): Promise<Ack> {
    const parsed = parseJoin(data && typeof data === 'object' ? { articleId: (data as { articleId?: unknown }).articleId } : data);
    if ('ok' in parsed) return parsed;
    const req = this.onSite(socket, parsed);
    const room = articleRoom(req.articleId);
    await socket.leave(room);
    this.stateOf(socket).acked.delete(room);
    return { ok: true, cursor: await this.replay.latest(req.articleId) };
  }

  private acked(state: ReaderState, room: string, cursor: Cursor | bigint): Ack {
    state.acked.set(room, BigInt(cursor));
    return { ok: true, cursor: String(cursor) };
  }

  /**
   * One replay in flight per socket; the joins behind it wait their turn (up to a bound), so one
   * socket's replays never hold more than one read's rows at a time.
   */
  private queueReplay(socket: ReaderSocket, state: ReaderState, room: string, req: Required<JoinRequest>, session: ReplaySession): Promise<Ack> {
    state.waiting += 1;
    const run = state.replays.then(() => this.replayTo(socket, state, room, req, session));
    state.replays = run.catch(() => undefined);
    return run.finally(() => (state.waiting -= 1));
  }

  private async replayTo(socket: ReaderSocket, state: ReaderState, room: string, req: Required<JoinRequest>, session: ReplaySession): Promise<Ack> {
    const L = READER_LIMITS;
    const raw = socket as unknown as Socket;
    // Left (or gone) while waiting: there is no one to replay to.
    if (!socket.rooms.has(room)) return { ok: true, cursor: await this.replay.latest(req.articleId) };
    // A socket that has not taken what it was already sent gets no more: it is told to refetch.
    const ready = await drained(raw, L.outgoingBytes, state.stalled ? 0 : L.drainWaitMs);
    state.stalled = !ready;
    if (!ready) return this.resync(socket, state, room, session);
    // Over its replay budget: no read at all.
    const max = Math.floor(state.replayed.available()) - L.replayReadCost;
    if (max < 1) return this.resync(socket, state, room, session);
    const replay = await this.replay.since(req.articleId, req.since, max);
    if ('resync' in replay) {
      // Nothing is sent: the read is what it cost.
      state.replayed.spend(L.replayReadCost);
      return this.resync(socket, state, room, session, replay.cursor);
    }
    // The read took a while; live events may have filled the queue meanwhile.
    if (outgoingBytes(raw, L.outgoingBytes) > L.outgoingBytes) return this.resync(socket, state, room, session);
    const { missed, delivered } = this.feed.endReplay(session);
    if (!missed) return this.resync(socket, state, room, session, maxCursor(replay.cursor, delivered ?? undefined).toString());
    state.replayed.spend(L.replayReadCost + replay.events.length);
    const emit = (ev: string, p: unknown) => (socket.emit as (ev: string, p: unknown) => boolean)(ev, p);
    for (const e of replay.events) emit(e.type, e.payload);
    // Then what the room was sent during the read and the read did not see, in order.
    let last = BigInt(replay.cursor);
    for (const e of missed) {
      const c = BigInt(e.payload.cursor as string);
      if (c <= last) continue;
      emit(e.type, e.payload);
      last = c;
    }
    const has = maxCursor(last, delivered ?? undefined);
    this.feed.ahead(req.articleId, socket.id, has);
    return this.acked(state, room, has);
  }

  /** Tells the socket to refetch the article and go on from the newest cursor (the room's events up to it are not sent to it). */
  private async resync(socket: ReaderSocket, state: ReaderState, room: string, session: ReplaySession, cursor?: Cursor): Promise<Ack> {
    const read = cursor ?? (await this.replay.latest(session.articleId));
    const { delivered } = this.feed.endReplay(session);
    const c = maxCursor(read, delivered ?? undefined);
    this.feed.ahead(session.articleId, socket.id, c);
    socket.emit('resync', { articleId: articleIdOfKey(session.articleId), cursor: c.toString() });
    return this.acked(state, room, c);
  }
}
