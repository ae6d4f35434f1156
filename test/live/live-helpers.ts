import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import type { TestApp } from '../support/app';
import { REPLAYED_EVENTS } from '../../src/live/live-events';
import { postComment, seedArticle, text } from '../support/factories';

/**
 * Helpers for the live-layer end-to-end tests (not a spec file itself): real socket.io clients
 * against a real service, an inbox that records every event a socket receives, and barriers
 * that prove something did NOT arrive without waiting on a clock.
 */

/** Unique text and article ids, enc and must: the shared factories, re-exported for these specs. */
export { article, enc, must, text } from '../support/factories';

export interface Received {
  name: string;
  data: any;
}

/** Everything one socket received, in arrival order, with promises for what is still to come. */
export class Inbox {
  readonly events: Received[] = [];
  private waiters: { name: string; pred: (d: any) => boolean; resolve: (d: any) => void }[] = [];

  constructor(
    readonly socket: Socket,
    readonly label = 'socket',
  ) {
    socket.onAny((name: string, data: any) => {
      this.events.push({ name, data });
      this.waiters = this.waiters.filter((w) => {
        if (w.name !== name || !w.pred(data)) return true;
        w.resolve(data);
        return false;
      });
    });
  }

  /** Events of one name received so far. */
  of(name: string): any[] {
    return this.events.filter((e) => e.name === name).map((e) => e.data);
  }

  /** Resolves with the first event (already received or still to come) of `name` matching `pred`. */
  waitFor(name: string, pred: (d: any) => boolean = () => true, what = ''): Promise<any> {
    const hit = this.events.find((e) => e.name === name && pred(e.data));
    if (hit) return Promise.resolve(hit.data);
    return new Promise((resolve, reject) => {
      const w = { name, pred, resolve: (d: any) => (clearTimeout(timer), resolve(d)) };
      // Not a timing assertion: a guard so a missing event fails with a readable message, not
      // just jest's timeout. Anything that arrives at all arrives far sooner than this.
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`${this.label} never received ${name} ${what}; got: ${this.summary()}`));
      }, 20_000);
      this.waiters.push(w);
    });
  }

  /** Index to slice from later: `since(mark)` gives what arrived after this point. */
  mark(): number {
    return this.events.length;
  }

  since(mark: number): Received[] {
    return this.events.slice(mark);
  }

  summary(): string {
    return JSON.stringify(this.events.map((e) => [e.name, e.data?.cursor ?? e.data?.id ?? e.data?.queue ?? '']));
  }
}

/** Every socket a test file opens, so afterAll can close them all. */
export class SocketPool {
  private readonly sockets = new Set<Socket>();

  /** Connects and resolves once connected; rejects with the server's refusal (err.data.code). */
  connect(url: string, opts: { token?: string; namespace?: string; label?: string } = {}): Promise<{ socket: Socket; inbox: Inbox }> {
    const socket = io(url + (opts.namespace ?? ''), {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: opts.token === undefined ? {} : { token: opts.token },
    });
    this.sockets.add(socket);
    const inbox = new Inbox(socket, opts.label);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve({ socket, inbox }));
      socket.once('connect_error', (err: Error & { data?: any }) => {
        socket.close();
        this.sockets.delete(socket);
        reject(err);
      });
    });
  }

  /** Expects the handshake to be refused and returns the error the client got. */
  async refused(url: string, opts: { token?: string; namespace?: string } = {}): Promise<Error & { data?: any }> {
    try {
      const { socket } = await this.connect(url, opts);
      socket.close();
    } catch (err) {
      return err as Error & { data?: any };
    }
    throw new Error(`connection to ${url}${opts.namespace ?? ''} was accepted; expected a refusal`);
  }

  closeAll(): void {
    for (const s of this.sockets) s.close();
    this.sockets.clear();
  }
}

export type Ack = { ok: true; cursor: string } | { ok: false; error: { code: string; message: string } };

export async function join(socket: Socket, articleId: string, since?: string): Promise<Ack> {
  return socket.emitWithAck('join', since === undefined ? { articleId } : { articleId, since });
}

/** Joins and insists on ok; returns the ack cursor. */
export async function mustJoin(socket: Socket, articleId: string, since?: string): Promise<string> {
  const ack = await join(socket, articleId, since);
  if (!ack.ok) throw new Error(`join ${articleId} refused: ${JSON.stringify(ack)}`);
  return ack.cursor;
}

/** Posts a comment as a fresh reader (so no per-user rate limit or repeat check applies). */
export async function post(t: TestApp, articleId: string, opts: { token?: string; body?: string; parentId?: string } = {}): Promise<any> {
  const token = opts.token ?? t.token({ sub: `u-${randomUUID().slice(0, 8)}`, name: 'Poster' });
  return postComment(t, token, articleId, opts.body ?? text(), opts.parentId ? { parentId: opts.parentId } : {});
}

/**
 * Proves ordering-based absence: a moderator retitles the article (article.updated, sent whatever
 * the article's moderation settings) and we wait until every inbox has it. The server sends one
 * socket's events in order, so anything it sent those sockets before has arrived by then.
 */
export async function barrier(t: TestApp, articleId: string, inboxes: Inbox[]): Promise<string> {
  const title = text('barrier');
  const token = t.token({ sub: 'barrier-mod', name: 'Barrier', role: 'moderator' });
  await seedArticle(t, token, articleId, { title });
  await Promise.all(inboxes.map((i) => i.waitFor('article.updated', (e) => e.article.id === articleId && e.article.title === title, `(barrier ${title})`)));
  return title;
}

/** The stored events of an article after a cursor, as the service recorded them. */
export async function storedEvents(t: TestApp, articleId: string, after = '0'): Promise<{ type: string; cursor: string }[]> {
  const rows = await t.ds.query(`SELECT id, type FROM events WHERE article_id = $1 AND id > $2 ORDER BY id`, [articleId, after]);
  return rows.map((r: any) => ({ type: r.type, cursor: String(r.id) }));
}

/** The reader events that are stored and replayed, as the server names them. */
export const REPLAYED: readonly string[] = REPLAYED_EVENTS;

/** The reader events (with cursors) of one article, as `{ type, cursor }`. */
export function cursorEvents(events: Received[], articleId: string): { type: string; cursor: string }[] {
  return events.filter((e) => REPLAYED.includes(e.name) && articleOf(e) === articleId).map((e) => ({ type: e.name, cursor: e.data.cursor }));
}

export function articleOf(e: Received): string | undefined {
  return e.data?.articleId ?? e.data?.comment?.articleId ?? e.data?.article?.id;
}
