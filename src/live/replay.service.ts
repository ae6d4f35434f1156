import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventsRepository } from '../events/events.repository';
import type { Cursor } from './live-events';

/** How far back a reconnecting reader is replayed; past this it is told to refetch. */
export const REPLAY_MAX_EVENTS = 1000;
export const EVENT_RETENTION_HOURS = 24;

export type Replay = { events: { type: string; payload: Record<string, unknown> }[]; cursor: Cursor } | { resync: true; cursor: Cursor };

/** Reads missed events back from the event table, and prunes it past the retention window. */
@Injectable()
export class ReplayService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Replay');
  private timer?: NodeJS.Timeout;

  constructor(private readonly events: EventsRepository) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.prune().catch((e) => this.logger.warn(e.message)), 10 * 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  latest(articleId: string): Promise<Cursor> {
    return this.events.latest(articleId);
  }

  async since(articleId: string, since: Cursor): Promise<Replay> {
    const from = BigInt(since);
    const { oldest, newest } = await this.events.bounds();
    // A cursor from before what we keep, or from a different database, cannot be replayed exactly.
    if ((oldest !== null && from < oldest - 1n) || from > newest) return { resync: true, cursor: await this.latest(articleId) };
    const rows = await this.events.after(articleId, since, REPLAY_MAX_EVENTS + 1);
    if (rows.length > REPLAY_MAX_EVENTS) return { resync: true, cursor: await this.latest(articleId) };
    const events = rows.map((r) => ({ type: r.type, payload: { ...r.payload, cursor: r.id } }));
    return { events, cursor: events.length ? events[events.length - 1].payload.cursor : since };
  }

  prune(): Promise<number> {
    return this.events.prune(EVENT_RETENTION_HOURS);
  }
}
