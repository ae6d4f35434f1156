import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventsRepository } from '../events/events.repository';
import { LatestCursors } from './latest-cursors';
import type { Cursor } from './live-events';

/** How far back a reconnecting reader is replayed; past this it is told to refetch. */
export const REPLAY_MAX_EVENTS = 1000;
export const EVENT_RETENTION_HOURS = 24;

export type Replay = { events: { type: string; payload: Record<string, unknown> }[]; cursor: Cursor } | { resync: true; cursor: Cursor };

/**
 * Reads missed events back from the event table, and prunes it past the retention window.
 *
 * What is replayed is already only what is public now: the transaction that removes a comment or
 * edits its text also rewrites the stored events that carried the old text (Tx.redactComment),
 * so a replay stays one indexed range read with nothing to look up per event.
 */
@Injectable()
export class ReplayService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Replay');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly events: EventsRepository,
    private readonly cursors: LatestCursors,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.prune().catch((e: Error) => this.logger.warn(e.message)), 10 * 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The newest cursor of the article this instance knows of, without a query; undefined if none. */
  known(articleId: string): Cursor | undefined {
    return this.cursors.get(articleId);
  }

  /** The article's newest cursor: from memory when known, else read (and then remembered). */
  async latest(articleId: string): Promise<Cursor> {
    return this.cursors.get(articleId) ?? this.read(articleId);
  }

  /** The article's newest cursor as the event table has it (a replay that resyncs has read the table anyway). */
  private async read(articleId: string): Promise<Cursor> {
    const read = await this.events.latest(articleId);
    this.cursors.note(articleId, read);
    // Another event may have been noted while the read ran: the larger one wins.
    return this.cursors.get(articleId) ?? read;
  }

  /** The events after `since`, at most `max` of them; more than that (or a cursor we cannot place) is a resync. */
  async since(articleId: string, since: Cursor, max = REPLAY_MAX_EVENTS): Promise<Replay> {
    const from = BigInt(since);
    if (max < 1) return { resync: true, cursor: await this.latest(articleId) };
    const { oldest, newest } = await this.events.bounds();
    // A cursor from before what we keep, or from a different database, cannot be replayed exactly.
    if ((oldest !== null && from < oldest - 1n) || from > newest) return { resync: true, cursor: await this.read(articleId) };
    const rows = await this.events.after(articleId, since, Math.min(max, REPLAY_MAX_EVENTS) + 1);
    if (rows.length > Math.min(max, REPLAY_MAX_EVENTS)) return { resync: true, cursor: await this.read(articleId) };
    const events = rows.map((r) => ({ type: r.type, payload: { ...r.payload, cursor: r.id, prev: r.prev } }));
    const cursor = events.length ? events[events.length - 1].payload.cursor : since;
    // Everything after `since` was read, so the last row was the article's newest event.
    if (events.length) this.cursors.note(articleId, cursor);
    return { events, cursor };
  }

  prune(): Promise<number> {
    return this.events.prune(EVENT_RETENTION_HOURS);
  }
}
