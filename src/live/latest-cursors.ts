import { Injectable } from '@nestjs/common';
import type { Cursor } from './live-events';

/** Articles whose newest cursor is kept; the least recently used are dropped past this. */
export const LATEST_CURSORS_KEPT = 50_000;

/**
 * The newest cursor of each article this instance has seen, so join and leave acks need no query.
 * Fed by the events the relay sends (and, with Redis, by the other instances' `article.changed`),
 * and by the reads made on a miss. A value is always a real cursor of its article and only ever
 * grows, so at worst it is behind the database: an ack cursor that is behind only means a reader
 * may later be replayed an event it already has, which clients ignore. It is never ahead.
 */
@Injectable()
export class LatestCursors {
  private readonly cursors = new Map<string, bigint>();

  get(articleId: string): Cursor | undefined {
    const c = this.cursors.get(articleId);
    if (c === undefined) return undefined;
    // Most recently used last, so the oldest entry is the first one dropped.
    this.cursors.delete(articleId);
    this.cursors.set(articleId, c);
    return c.toString();
  }

  /** Records a cursor of the article; an older one than what is known changes nothing. */
  note(articleId: string, cursor: unknown): void {
    if (typeof cursor !== 'string' || !/^\d{1,19}$/.test(cursor)) return;
    const c = BigInt(cursor);
    const known = this.cursors.get(articleId);
    if (known !== undefined && known >= c) return;
    this.cursors.delete(articleId);
    this.cursors.set(articleId, c);
    if (this.cursors.size > LATEST_CURSORS_KEPT) this.cursors.delete(this.cursors.keys().next().value as string);
  }

  /** Something changed that this instance could not see the cursor of: read it again next time. */
  forget(articleId: string): void {
    this.cursors.delete(articleId);
  }
}
