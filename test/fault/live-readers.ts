/**
 * Readers for the fault tests (not a spec file): real socket.io clients that follow one article
 * and record every article event they are sent, with when it arrived, and that can move to
 * another instance the way the widget does (join with `since` = the newest cursor they have).
 * `missing`/`problems` compare what a reader got with the event table, the truth.
 */
import { io, Socket } from 'socket.io-client';
import { REPLAYED_EVENTS } from '../../src/live/live-events';
import type { ThrowawayPostgres } from './harness';

const ARTICLE_EVENTS: readonly string[] = REPLAYED_EVENTS;

export interface Got {
  type: string;
  cursor: string;
  prev?: string;
  at: number;
  /** The comment an event is about, if any. */
  commentId?: string;
}

export interface Stored {
  id: string;
  type: string;
  commentId: string | null;
}

export class FaultReader {
  readonly got: Got[] = [];
  readonly disconnects: string[] = [];
  socket!: Socket;
  /** The cursor of the first join's ack: the reader is owed every event after it. */
  start = '0';

  constructor(
    readonly label: string,
    readonly articleId: string,
  ) {}

  /** Connects to `url` and joins, with `since` = the newest cursor it has when it had joined before. */
  async follow(url: string): Promise<void> {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket = socket;
    socket.onAny((name: string, data: Record<string, any>) => {
      if (!ARTICLE_EVENTS.includes(name) && name !== 'resync') return;
      this.got.push({ type: name, cursor: data.cursor, prev: data.prev, at: Date.now(), commentId: data.comment?.id ?? data.id });
    });
    socket.on('disconnect', (reason) => this.disconnects.push(reason));
    await new Promise<void>((ok, fail) => {
      socket.once('connect', () => ok());
      socket.once('connect_error', fail);
    });
    const first = !this.joined;
    const ack = await socket.timeout(20_000).emitWithAck('join', first ? { articleId: this.articleId } : { articleId: this.articleId, since: this.newest() });
    if (!ack?.ok) throw new Error(`${this.label}: join refused ${JSON.stringify(ack)}`);
    if (first) this.start = ack.cursor;
    this.joined = true;
  }

  private joined = false;

  newest(): string {
    return this.got.length ? this.got[this.got.length - 1].cursor : this.start;
  }

  close(): void {
    this.socket?.close();
  }

  /** What the table holds for the article after the reader's start that it has not been sent. */
  missing(stored: Stored[]): Stored[] {
    const have = new Set(this.got.map((g) => g.cursor));
    return stored.filter((s) => BigInt(s.id) > BigInt(this.start) && !have.has(s.id));
  }

  /**
   * Everything wrong with what the reader got, compared with the table: a resync, an event twice,
   * out of order, or not stored; one missing; a `prev` that is not the event before it. Empty when
   * it got exactly the stored events after its start, each once, in order, chained by `prev`.
   */
  problems(stored: Stored[]): string[] {
    const out: string[] = [];
    const owed = stored.filter((s) => BigInt(s.id) > BigInt(this.start));
    const got = this.got.map((g) => g.cursor);
    if (this.got.some((g) => g.type === 'resync')) out.push(`${this.label}: was told to resync`);
    const expected = owed.map((s) => s.id);
    if (got.join() !== expected.join()) {
      const dup = got.filter((c, i) => got.indexOf(c) !== i);
      const unordered = got.some((c, i) => i > 0 && BigInt(c) <= BigInt(got[i - 1]));
      const miss = this.missing(stored).map((s) => s.id);
      const extra = got.filter((c) => !expected.includes(c));
      out.push(
        `${this.label}: got ${got.length} of ${expected.length} events` +
          (miss.length ? `; missing ${miss.length} (${miss.slice(0, 5).join(', ')}…)` : '') +
          (dup.length ? `; twice: ${dup.slice(0, 5).join(', ')}` : '') +
          (unordered ? '; out of order' : '') +
          (extra.length ? `; not stored: ${extra.slice(0, 5).join(', ')}` : ''),
      );
    }
    const byId = new Map(stored.map((s, i) => [s.id, i]));
    const badPrev = this.got.flatMap((g) => {
      const at = byId.get(g.cursor);
      const before = at === undefined || at === 0 ? '0' : stored[at - 1].id;
      return g.prev === before ? [] : [`${g.cursor} has prev ${g.prev}, not ${before}`];
    });
    if (badPrev.length) out.push(`${this.label}: ${badPrev.length} event(s) not chained by prev (${badPrev.slice(0, 3).join('; ')})`);
    return out;
  }
}

/** The article's stored events, in cursor order: what every reader of it is owed. */
export async function storedEvents(pg: ThrowawayPostgres, articleId: string): Promise<Stored[]> {
  return pg.query<Stored>(
    `SELECT id::text AS id, type, coalesce(payload->'comment'->>'id', payload->>'id') AS "commentId" FROM events e WHERE article_id = $1 ORDER BY e.id`,
    [articleId],
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits (polling the table) until every reader has every stored event of its article, or `ms`
 * passes; resolves with when that happened (ms since the epoch), or null.
 */
export async function allCaughtUp(pg: ThrowawayPostgres, readers: FaultReader[], ms: number): Promise<number | null> {
  const deadline = Date.now() + ms;
  for (;;) {
    const stored = new Map<string, Stored[]>();
    for (const r of readers) if (!stored.has(r.articleId)) stored.set(r.articleId, await storedEvents(pg, r.articleId));
    if (readers.every((r) => r.missing(stored.get(r.articleId)!).length === 0)) return Date.now();
    if (Date.now() > deadline) return null;
    await sleep(100);
  }
}
