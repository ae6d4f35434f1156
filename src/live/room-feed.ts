import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Namespace, Server } from 'socket.io';
import { FirstPageCache } from '../comments/first-page-cache';
import { observeDelivered } from '../common/metrics';
import { EventsRepository } from '../events/events.repository';
import { LatestCursors } from './latest-cursors';

/** An article event as it is sent: `payload` carries `cursor` and, since it was added, `prev`. */
export interface FeedEvent {
  type: string;
  payload: Record<string, unknown>;
}

/** After a gap shows, how long the missing events get to arrive by themselves before they are read from the table. */
export const GAP_GRACE_MS = 100;
/** Events one catch-up sends a room; past that the room is told to resync instead. */
export const CATCH_UP_MAX = 1000;
/** Events a room holds back behind a gap, or records for one socket's replay; past that they are read again (or the socket resyncs). */
const HELD_MAX = 2000;

/** A replay in progress for one socket: the socket is left out of the room's events meanwhile, which are kept here for it. */
export interface ReplaySession {
  readonly articleId: string;
  readonly socketId: string;
  /** What the room sent while the socket was left out; null once that was more than HELD_MAX. */
  missed: FeedEvent[] | null;
  ended: boolean;
}

interface Held {
  e: FeedEvent;
  cursor: bigint;
  prev: bigint | null;
  /** The room's catch-up generation when it arrived: a catch-up begun after that has read what it waits for. */
  gen: number;
}

interface RoomState {
  articleId: string;
  room: string;
  /** The newest cursor sent to the room's sockets here; every earlier one was sent, once, in order. Null while being read. */
  delivered: bigint | null;
  ready: Promise<bigint>;
  /** Events that arrived ahead of a gap, in cursor order. */
  held: Held[];
  /** Sockets that already have the events up to a cursor past `delivered` (from their replay): left out of those. */
  ahead: Map<string, bigint>;
  sessions: Map<string, Set<ReplaySession>>;
  catching: boolean;
  gen: number;
  gapTimer?: NodeJS.Timeout;
}

const cursorOf = (v: unknown): bigint | null => (typeof v === 'string' && /^\d{1,19}$/.test(v) ? BigInt(v) : null);

/**
 * What this instance sends to each article room that has sockets here, in cursor order, each event
 * once, whichever way it came: committed here, from another instance over Redis, or read back from
 * the event table. The table is the truth: an event that shows a gap (its `prev` is not the last
 * one sent) is held while the missing ones are read from the table, and after a transport outage
 * the relay has every room read what it missed (catchUpAll). Emits go to local sockets only
 * (`local`): each instance feeds its own.
 */
@Injectable()
export class RoomFeed implements OnModuleDestroy {
  private readonly logger = new Logger('RoomFeed');
  private readonly rooms = new Map<string, RoomState>();
  private nsp?: Namespace;
  private closed = false;

  constructor(
    private readonly events: EventsRepository,
    private readonly cursors: LatestCursors,
    private readonly firstPages: FirstPageCache,
  ) {}

  /** The readers' namespace (or the server, whose default namespace it is): rooms are dropped here as their last local socket leaves. */
  attach(to: Namespace | Server): void {
    const nsp = 'of' in to ? to.of('/') : to;
    this.nsp = nsp;
    nsp.adapter.on('leave-room', (room: string, id: string) => this.rooms.get(articleOfRoom(room))?.ahead.delete(id));
    nsp.adapter.on('delete-room', (room: string) => {
      const st = this.rooms.get(articleOfRoom(room));
      if (st && st.room === room) this.release(st);
    });
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const st of this.rooms.values()) clearTimeout(st.gapTimer);
  }

  /** The newest cursor sent to the article's room here, if it has a feed. */
  delivered(articleId: string): bigint | undefined {
    return this.rooms.get(articleId)?.delivered ?? undefined;
  }

  /**
   * Makes sure the article's room has a feed and resolves with its delivered cursor: a socket that
   * joined the room before this has every event after that cursor coming to it.
   */
  async open(articleId: string): Promise<bigint> {
    const st = this.ensure(articleId);
    await st.ready;
    return st.delivered ?? 0n;
  }

  /** Articles whose rooms have a feed here. */
  get size(): number {
    return this.rooms.size;
  }

  /**
   * Starts a replay for a socket: begun before the socket joins the room, so nothing the room is
   * sent reaches it both live and replayed. End it with endReplay.
   */
  beginReplay(articleId: string, socketId: string): ReplaySession {
    const st = this.ensure(articleId);
    const session: ReplaySession = { articleId, socketId, missed: [], ended: false };
    const set = st.sessions.get(socketId) ?? new Set();
    set.add(session);
    st.sessions.set(socketId, set);
    return session;
  }

  /**
   * Ends a replay (once; later calls do nothing): the socket gets the room's events again from now
   * on. Returns what it missed meanwhile and the room's delivered cursor, for the caller to send
   * what the replay did not cover, then (in the same tick) to say how far the socket is with `ahead`.
   */
  endReplay(session: ReplaySession): { missed: FeedEvent[] | null; delivered: bigint | null } {
    const st = this.rooms.get(session.articleId);
    if (session.ended) return { missed: null, delivered: st?.delivered ?? null };
    session.ended = true;
    const set = st?.sessions.get(session.socketId);
    set?.delete(session);
    if (st && set && !set.size) st.sessions.delete(session.socketId);
    const delivered = st?.delivered ?? null;
    if (st) this.release(st);
    return { missed: session.missed, delivered };
  }

  /** The socket already has the article's events up to `upTo`: the room's events up to there are not sent to it. */
  ahead(articleId: string, socketId: string, upTo: bigint): void {
    const st = this.rooms.get(articleId);
    if (!st || st.delivered === null || upTo <= st.delivered) return;
    st.ahead.set(socketId, upTo > (st.ahead.get(socketId) ?? 0n) ? upTo : st.ahead.get(socketId)!);
  }

  /** A committed event of the article (from here or from another instance): sent to the room here in order, once. */
  deliver(articleId: string, e: FeedEvent): void {
    const st = this.rooms.get(articleId);
    if (!st) return;
    const cursor = cursorOf(e.payload.cursor);
    if (cursor === null || (st.delivered !== null && cursor <= st.delivered)) return;
    const prev = cursorOf(e.payload.prev);
    // The usual case: nothing held and nothing missing, straight out.
    if (!st.catching && st.delivered !== null && !st.held.length && (prev === null || prev <= st.delivered)) return this.emit(st, e, cursor);
    this.hold(st, { e, cursor, prev, gen: st.gen });
    this.drain(st);
  }

  /** Every room reads what it has not been sent from the event table (after a transport outage, and now and then). */
  catchUpAll(): Promise<void> {
    return this.catchUp([...this.rooms.values()]);
  }

  private ensure(articleId: string): RoomState {
    let st = this.rooms.get(articleId);
    if (st) return st;
    const created: RoomState = {
      articleId,
      room: `article:${articleId}`,
      delivered: null,
      ready: Promise.resolve(0n),
      held: [],
      ahead: new Map(),
      sessions: new Map(),
      catching: false,
      gen: 0,
    };
    st = created;
    this.rooms.set(articleId, st);
    st.ready = this.start(created);
    // A failed read leaves no feed behind: the next join tries again.
    void st.ready.catch(() => {
      if (this.rooms.get(articleId) === created) this.rooms.delete(articleId);
    });
    return st;
  }

  /** The starting point of a new room: the newest cursor known here (read when unknown). */
  private async start(st: RoomState): Promise<bigint> {
    const c = BigInt(this.cursors.get(st.articleId) ?? (await this.events.latest(st.articleId)));
    this.cursors.note(st.articleId, String(c));
    if (st.delivered === null) st.delivered = c;
    this.drain(st);
    return st.delivered;
  }

  private release(st: RoomState): void {
    if (st.sessions.size || this.nsp?.adapter.rooms.has(st.room)) return;
    clearTimeout(st.gapTimer);
    if (this.rooms.get(st.articleId) === st) this.rooms.delete(st.articleId);
  }

  private hold(st: RoomState, h: Held): void {
    if (st.held.length >= HELD_MAX) {
      // The table has it: a catch-up reads it again.
      this.scheduleCatchUp(st, 0);
      return;
    }
    let i = st.held.length;
    while (i > 0 && st.held[i - 1].cursor > h.cursor) i--;
    if (i > 0 && st.held[i - 1].cursor === h.cursor) return;
    st.held.splice(i, 0, h);
  }

  /**
   * Sends the held events that follow on from what was sent. `force` (a catch-up generation): an
   * event that was already waiting when that catch-up began goes out even with its gap open, since
   * the table did not have what it waits for.
   */
  private drain(st: RoomState, force?: number): void {
    if (st.delivered === null || st.catching) return;
    while (st.held.length) {
      const h = st.held[0];
      if (h.cursor <= st.delivered) {
        st.held.shift();
        continue;
      }
      if (h.prev !== null && h.prev > st.delivered) {
        if (force === undefined || h.gen >= force) break;
        this.logger.warn(`${st.articleId}: events ${st.delivered}..${h.prev} are not in the table; going on from ${h.cursor}`);
      }
      st.held.shift();
      this.emit(st, h.e, h.cursor);
    }
    if (st.held.length) this.scheduleCatchUp(st, GAP_GRACE_MS);
  }

  private scheduleCatchUp(st: RoomState, ms: number): void {
    if (st.gapTimer || st.catching || this.closed) return;
    st.gapTimer = setTimeout(() => {
      st.gapTimer = undefined;
      void this.catchUp([st]);
    }, ms);
  }

  private async catchUp(states: RoomState[]): Promise<void> {
    const todo = states.filter((st) => st.delivered !== null && !st.catching && this.rooms.get(st.articleId) === st);
    if (!todo.length || this.closed) return;
    const begun = new Map<RoomState, number>();
    for (const st of todo) {
      clearTimeout(st.gapTimer);
      st.gapTimer = undefined;
      st.catching = true;
      begun.set(st, ++st.gen);
    }
    try {
      const rows = await this.events.afterEach(
        todo.map((st) => ({ articleId: st.articleId, cursor: String(st.delivered) })),
        CATCH_UP_MAX + 1,
      );
      const byArticle = new Map<string, typeof rows>();
      for (const r of rows) {
        const list = byArticle.get(r.articleId);
        if (list) list.push(r);
        else byArticle.set(r.articleId, [r]);
      }
      for (const st of todo) {
        const mine = byArticle.get(st.articleId) ?? [];
        if (this.rooms.get(st.articleId) !== st || !mine.length) continue;
        if (mine.length > CATCH_UP_MAX) await this.resync(st);
        else for (const r of mine) this.emit(st, { type: r.type, payload: { ...r.payload, cursor: r.id, prev: r.prev } }, BigInt(r.id));
        // What is cached of the article here predates what was just read.
        this.firstPages.invalidate(st.articleId);
        this.cursors.note(st.articleId, String(st.delivered));
      }
    } catch (err) {
      this.logger.warn(`catch-up of ${todo.length} room(s) failed: ${(err as Error).message}`);
    } finally {
      for (const st of todo) {
        st.catching = false;
        if (this.rooms.get(st.articleId) === st) this.drain(st, begun.get(st));
      }
    }
  }

  /** Too much was missed to send it all: the room's sockets refetch the article and go on from its newest cursor. */
  private async resync(st: RoomState): Promise<void> {
    const latest = BigInt(await this.events.latest(st.articleId));
    if (this.rooms.get(st.articleId) !== st || latest <= (st.delivered ?? 0n)) return;
    this.emit(st, { type: 'resync', payload: { articleId: st.articleId, cursor: String(latest) } }, latest);
    for (const set of st.sessions.values()) for (const s of set) s.missed = null;
  }

  /** Sends one event to the room's local sockets, except those replaying or already past it. */
  private emit(st: RoomState, e: FeedEvent, cursor: bigint): void {
    const except: string[] = [];
    for (const [id, sessions] of st.sessions) {
      except.push(id);
      for (const s of sessions) {
        if (s.missed && s.missed.length >= HELD_MAX) s.missed = null;
        s.missed?.push(e);
      }
    }
    for (const [id, upTo] of st.ahead) {
      if (upTo >= cursor) except.push(id);
      if (upTo <= cursor) st.ahead.delete(id);
    }
    st.delivered = cursor;
    if (!this.nsp) return;
    const to = except.length ? this.nsp.local.to(st.room).except(except) : this.nsp.local.to(st.room);
    (to.emit as (ev: string, payload: unknown) => boolean)(e.type, e.payload);
    observeDelivered(e.payload);
  }
}

const articleOfRoom = (room: string): string => (room.startsWith('article:') ? room.slice('article:'.length) : '');
