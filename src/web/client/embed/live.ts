import { io, type Socket } from 'socket.io-client';
import { type Ack, type Cursor, LIVE_PATH, type ReaderClientEvents, type ReaderPersonalEvents, type ReaderServerEvents } from '../../../live/live-events';
import type { Session } from './session';

/** The reader events the page applies (resync is this connection's own business). */
type Applied = Omit<ReaderServerEvents, 'resync'>;
type Payload<E extends keyof Applied = keyof Applied> = Parameters<Applied[E]>[0];
export type LiveHandlers = { [E in keyof Applied]: (e: Payload<E>) => void };
/** A refused handshake carries the same error as a refused join. */
type Refusal = Extract<Ack, { ok: false }>['error'];

export interface LiveOptions {
  base: string;
  site?: string;
  articleId: string;
  session: Session;
  handlers: LiveHandlers;
  /** Too much was missed to replay: show the article afresh. */
  resync(): void;
  /** Gets `data-live="on"` while events flow, so hosts (and tests) can tell. */
  section: HTMLElement;
  /** The "reconnecting" note, shown while the connection is lost. */
  offline: HTMLElement;
  /** Hands over the socket for the reader's own events (the notification bell). */
  personal?(socket: Socket<ReaderServerEvents & ReaderPersonalEvents, ReaderClientEvents>): void;
}

/** The article's live updates: joins its room, resumes from the last cursor, and applies each change once. */
export class LiveConnection {
  private socket: Socket<ReaderServerEvents, ReaderClientEvents> | null = null;
  /** The resume point for `join { since }`: the newest cursor seen. */
  private cursor: Cursor | null = null;
  private applied = new Map<string, bigint>();
  /** Events that arrive before the first page is shown wait here until ready(). */
  private early: (() => void)[] | null = [];
  /**
   * Set while a `join { since }` asks for events this page missed (an event's `prev` was newer
   * than the cursor): the events arriving meanwhile wait here, then follow what was replayed.
   */
  private catchingUp: [keyof Applied, Payload][] | null = null;

  constructor(private readonly o: LiveOptions) {}

  get connected(): boolean {
    return !!this.socket?.connected;
  }

  connect(): void {
    const { o } = this;
    const socket = (this.socket = io(o.base, {
      path: LIVE_PATH,
      auth: (cb) => cb({ ...(o.site ? { site: o.site } : {}), ...(o.session.token ? { token: o.session.token } : {}) }),
      reconnectionDelayMax: 10_000,
    }));
    o.personal?.(socket);
    socket.on('connect', () => {
      o.offline.hidden = true;
      socket.emit('join', { articleId: o.articleId, ...(this.cursor ? { since: this.cursor } : {}) }, (ack: Ack) => {
        if (!ack?.ok) return;
        this.advance(ack.cursor);
        o.section.dataset.live = 'on';
      });
    });
    socket.on('disconnect', (reason) => {
      o.section.dataset.live = 'off';
      // The join on reconnecting resumes from the cursor and replays what these would have given.
      this.catchingUp = null;
      if (reason === 'io client disconnect') return;
      o.offline.hidden = false;
      // socket.io retries by itself except when the server closed the socket on purpose.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
    });
    socket.on('connect_error', async (err: Error & { data?: Refusal }) => {
      if (socket.active) return; // socket.io retries by itself
      // Refused by the server (a bad or expired token): refresh it, or carry on anonymously.
      const code = String(err.data?.code ?? err.message ?? '');
      if (o.session.token) {
        const fresh = /EXPIRED/i.test(code) ? await o.session.refresh() : null;
        if (!fresh) o.session.set(null);
      }
      setTimeout(() => socket.connect(), 1000);
    });
    socket.on('resync', ({ cursor }: Parameters<ReaderServerEvents['resync']>[0]) => {
      this.cursor = cursor;
      o.resync();
    });
    for (const type of Object.keys(o.handlers) as (keyof Applied)[]) socket.on(type, (e: Payload) => this.receive(type, e));
  }

  /** Connects again, so the handshake carries the new token (and the author's own room with it). */
  reconnect(): void {
    if (!this.socket) return;
    this.socket.disconnect();
    this.socket.connect();
  }

  /** The first page is on screen: apply what came before it, then everything as it comes. */
  ready(): void {
    const early = this.early;
    this.early = null;
    early?.forEach((apply) => apply());
  }

  private receive(type: keyof Applied, e: Payload, afterCatchUp = false): void {
    const about = subject(e);
    if (about.articleId === this.o.articleId && 'cursor' in e) {
      if (this.catchingUp) return void this.catchingUp.push([type, e]);
      // Its article's event before it is newer than anything seen here: something was missed.
      if (this.missed(e.prev) && !afterCatchUp) return this.catchUp([type, e]);
    }
    // A replayed event can also arrive live: each cursor counts once, and a comment's state
    // never goes back to an older event's.
    if ('cursor' in e && !this.fresher(`${type}:${about.id}`, e.cursor)) return;
    // The author's own room hears about their comments on every article.
    if (about.articleId !== this.o.articleId && type !== 'comment.status') return;
    const apply = () => (this.o.handlers[type] as (e: Payload) => void)(e);
    if (this.early) this.early.push(apply);
    else apply();
  }

  private missed(prev: Cursor | undefined): boolean {
    const c = this.cursor;
    return !!prev && !!c && /^\d+$/.test(prev) && /^\d+$/.test(c) && BigInt(prev) > BigInt(c);
  }

  /**
   * Asks the server for what came after the cursor. Everything of this article that arrives until
   * it answers (the replay, `first`, and live events) is then applied in cursor order.
   */
  private catchUp(first: [keyof Applied, Payload]): void {
    const socket = this.socket;
    if (!socket?.connected || !this.cursor) return this.receive(first[0], first[1], true);
    const waiting: [keyof Applied, Payload][] = [first];
    this.catchingUp = waiting;
    socket.emit('join', { articleId: this.o.articleId, since: this.cursor }, (ack: Ack) => {
      // A disconnect meanwhile dropped these: the join on reconnecting replays them.
      if (this.catchingUp !== waiting) return;
      this.catchingUp = null;
      if (ack?.ok) this.advance(ack.cursor);
      const at = ([, e]: [keyof Applied, Payload]) => ('cursor' in e && /^\d+$/.test(e.cursor) ? BigInt(e.cursor) : 0n);
      waiting.sort((x, y) => (at(x) < at(y) ? -1 : at(x) > at(y) ? 1 : 0));
      // Once only: a gap the replay did not fill (the server had nothing older to give) is let be.
      for (const [type, e] of waiting) this.receive(type, e, true);
    });
  }

  /** Remembers `c` as seen for `key`; false for an event already applied or older than what is shown. */
  private fresher(key: string, c: Cursor): boolean {
    if (!/^\d+$/.test(c)) return true;
    const n = BigInt(c);
    const last = this.applied.get(key);
    if (last !== undefined && n <= last) return false;
    if (this.applied.size > 5000) this.applied.clear();
    this.applied.set(key, n);
    this.advance(c);
    return true;
  }

  private advance(c: Cursor): void {
    const prev = this.cursor;
    if (prev && /^\d+$/.test(c) && /^\d+$/.test(prev) && BigInt(c) <= BigInt(prev)) return;
    this.cursor = c;
  }
}

/** The comment (or article) an event is about, and the article it belongs to. */
function subject(e: Payload): { id: string; articleId: string } {
  if ('comment' in e) return e.comment;
  if ('article' in e) return { id: e.article.id, articleId: e.article.id };
  return { id: 'id' in e ? e.id : e.articleId, articleId: e.articleId };
}
