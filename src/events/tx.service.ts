import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { QueueCounts } from '../common/contract';
import type { DomainEvent } from '../common/domain-events';
import { SITE_COUNTER_SHARDS } from '../common/queues';
import { prepared, queryRows } from '../common/sql';
import { Audience, LiveBus, LiveEvent } from './live-bus';

/**
 * Taken per article (for the rest of the transaction) just before a transaction's events are
 * inserted, so an article's event ids are handed out in commit order. Without it, a transaction
 * that took id 10 could commit after one that took id 11: a reader that saw 11 and resumed from
 * it would never get 10. Cursors are only compared within one article, so writes to different
 * articles need not wait for each other.
 */
const EVENTS_LOCK = 720_417_002;

/**
 * The transaction's last statement before COMMIT (see close()): the articles' counters, the
 * articles' EVENTS_LOCKs, the reader events' insert with the domain events' and the cursor of each
 * article's newest earlier event, then the sites' queue counter shards, in one round trip. The
 * function (migration CloseTransactionFunction) runs each of its statements in a fresh snapshot, so
 * its read after the locks sees what the previous holder committed.
 */
const CLOSE = prepared(
  `SELECT event_id AS id, feed AS article_id, prev_cursor AS prev, total
     FROM parley_close_tx($1, $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::jsonb[],
                          $9::text[], $10::text[], $11::text[], $12::int[], $13::int[], $14::int[], $15::int[],
                          $16::text[], $17::int[], $18::int[], $19::int[], $20::int[])`,
);

/** How a transaction moves an article's counters: its published comments and its queues. */
export interface ArticleCountsDelta extends QueueCounts {
  comments: number;
}

/** Adds each of `delta`'s counts to the same count of `sum`. */
function addInto<T extends QueueCounts>(sum: T, delta: T): void {
  for (const k of Object.keys(delta) as (keyof T)[]) (sum[k] as number) += delta[k] as number;
}

/** The stored events whose payload carries a comment's text (`payload.comment`). */
const REDACTED_TYPES = ['comment.created', 'comment.updated'];

/** A unit of work: its database manager plus the events to send once it has committed. */
export class Tx {
  readonly outbox: LiveEvent[] = [];
  /** Domain events recorded so far, serialized when recorded; written to `domain_events` by close(). */
  readonly domainEvents: { siteId: string; type: string; json: string }[] = [];
  private readonly unstored: { articleId: string; type: string; json: string; event: LiveEvent }[] = [];
  constructor(readonly manager: EntityManager) {}

  /**
   * A reader event, stored in the same transaction as the change; its row id is the cursor a
   * reconnecting reader resumes from. The row is written when the work is done (see store()).
   */
  record(articleId: string, type: string, payload: Record<string, unknown>): Promise<void> {
    const event: LiveEvent = { type, audience: { article: articleId }, payload: { ...payload } };
    // Serialized now: the stored row is the payload as it was when recorded.
    this.unstored.push({ articleId, type, json: JSON.stringify(payload), event });
    this.outbox.push(event);
    return Promise.resolve();
  }

  /**
   * Rewrites what the article's events stored so far say about one comment: `patch` replaces
   * those fields of `comment` in its earlier `comment.created` / `comment.updated` payloads, both
   * the rows already stored and the ones this transaction has yet to store. Called in the
   * transaction that hides a comment or changes its text, so replay never hands out what is no
   * longer public (events_comment_id finds the rows; see the migration that makes it).
   */
  async redactComment(articleId: string, commentId: string, patch: Record<string, unknown>): Promise<void> {
    for (const e of this.unstored) {
      if (e.articleId !== articleId || !REDACTED_TYPES.includes(e.type)) continue;
      const payload = JSON.parse(e.json) as { comment?: { id?: unknown } };
      if (payload.comment?.id === commentId) e.json = JSON.stringify({ ...payload, comment: { ...payload.comment, ...patch } });
    }
    // Rows already saying as much are left alone; they are locked in id order, the order in which
    // the pruning job deletes them too.
    await this.manager.query(
      `UPDATE events SET payload = jsonb_set(payload, '{comment}', (payload->'comment') || $3::jsonb)
        WHERE id IN (SELECT id FROM events
                      WHERE (payload->'comment'->>'id') = $2 AND type IN ('comment.created', 'comment.updated')
                        AND article_id = $1 AND NOT (payload->'comment') @> $3::jsonb
                      ORDER BY id FOR UPDATE)`,
      [articleId, commentId, JSON.stringify(patch)],
    );
  }

  /** What the transaction adds to each article's counters (by feed key), written by close(). */
  private readonly articleCounts = new Map<string, { siteId: string; articleId: string; d: ArticleCountsDelta }>();
  /** `article.count` events recorded, whose total close() fills in. */
  private readonly totalsWanted: LiveEvent[] = [];

  /**
   * Moves an article's counters (`articles.comment_count` and its queue counts), summed over the
   * transaction and written by close(): the article's row, which every write to the article waits
   * on, is then locked only for the closing statement and the commit.
   */
  addArticleCounts(siteId: string, articleId: string, feed: string, delta: ArticleCountsDelta): void {
    const a = this.articleCounts.get(feed) ?? { siteId, articleId, d: { comments: 0, pending: 0, reported: 0, unmoderated: 0 } };
    addInto(a.d, delta);
    this.articleCounts.set(feed, a);
  }

  /** The reader event `article.count` of an article whose counters this transaction moves: its total is the one close() writes. */
  recordArticleCount(feed: string, articleId: string): void {
    void this.record(feed, 'article.count', { articleId });
    this.totalsWanted.push(this.outbox[this.outbox.length - 1]);
  }

  /** What the transaction adds to each site's queue counters, written by close(). */
  private readonly queueCounts = new Map<string, QueueCounts>();

  /**
   * Adds to a site's queue counters (`site_counters`): summed over the transaction and written
   * with its events by close(), to one of the site's SITE_COUNTER_SHARDS rows picked at random, so
   * that another writer of the site most likely locks a different row, and only for the commit.
   */
  addQueueCounts(siteId: string, delta: QueueCounts): void {
    const sum = this.queueCounts.get(siteId) ?? { pending: 0, reported: 0, unmoderated: 0 };
    addInto(sum, delta);
    this.queueCounts.set(siteId, sum);
  }

  private readonly committedSteps = new Map<string, () => void>();

  /** Work once the transaction has committed and its events are published (a failure is the step's own business). One step per key. */
  afterCommit(key: string, step: () => void): void {
    if (!this.committedSteps.has(key)) this.committedSteps.set(key, step);
  }

  /** Called by TxService.run after the commit. */
  committed(): void {
    for (const step of this.committedSteps.values()) step();
  }

  /**
   * A domain event (docs/API.md, "Webhooks"): stored in `domain_events` with this transaction, so
   * it exists exactly when the change does, and handed to its subscribers (webhooks, …) by the
   * EventDispatcher after the commit. Never seen by readers or replay.
   */
  event(type: DomainEvent['type'], siteId: string, payload: Record<string, unknown>): void {
    this.domainEvents.push({ siteId, type, json: JSON.stringify(payload) });
  }

  /** Several domain events at once (as the helpers of src/common/domain-events.ts derive them; none is fine). */
  events(list: DomainEvent[]): void {
    for (const e of list) this.event(e.type, e.siteId, e.payload);
  }

  /** Writes the counters and the events in one statement; the commit follows at once. */
  async close(): Promise<void> {
    const counts = [...this.queueCounts].filter(([, d]) => d.pending || d.reported || d.unmoderated);
    if (this.unstored.length || this.domainEvents.length || counts.length || this.articleCounts.size) await this.store(counts);
  }

  /** Events that need no replay (moderators' queues, an author's own status): sent after commit. */
  notify(type: string, audience: Audience, payload: Record<string, unknown>): void {
    this.outbox.push({ type, audience, payload });
  }

  /**
   * Writes the recorded events as the transaction's last step, holding the articles' EVENTS_LOCK until commit.
   * Taking that lock last (after every row lock the work took, but the counter shards') keeps it
   * free of deadlocks, and it is held only for this statement and the commit.
   *
   * Each event is also given `prev`, the cursor of the article's event before it ('0' for the
   * first): under the lock no other transaction can add one in between, so a reader that holds a
   * cursor other than `prev` knows it missed something (see RoomFeed and the widget). With only
   * domain events or counters to store, no article is locked.
   */
  private async store(counts: [string, QueueCounts][]): Promise<void> {
    // Locked in a fixed order, so two transactions that touch the same articles cannot deadlock
    // (article rows and events locks by feed key, counter shards by site).
    const articles = [...new Set(this.unstored.map((e) => e.articleId))].sort();
    const moved = [...this.articleCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // Ids are drawn in the insert's ORDER BY, so sorted ids pair up with the events in the order
    // they were recorded.
    const events = this.unstored.splice(0);
    const list = this.domainEvents;
    const rows = await queryRows<{ id: string | null; article_id: string | null; prev: string | null; total: number | null }>(this.manager, CLOSE, [
      EVENTS_LOCK,
      articles,
      events.map((e) => e.articleId),
      events.map((e) => e.type),
      events.map((e) => e.json),
      list.map((e) => e.siteId),
      list.map((e) => e.type),
      list.map((e) => e.json),
      moved.map(([, a]) => a.siteId),
      moved.map(([, a]) => a.articleId),
      moved.map(([feed]) => feed),
      moved.map(([, a]) => a.d.comments),
      moved.map(([, a]) => a.d.pending),
      moved.map(([, a]) => a.d.reported),
      moved.map(([, a]) => a.d.unmoderated),
      counts.map(([site]) => site),
      counts.map(() => randomInt(SITE_COUNTER_SHARDS)),
      counts.map(([, d]) => d.pending),
      counts.map(([, d]) => d.reported),
      counts.map(([, d]) => d.unmoderated),
    ]);
    const ids = rows.flatMap((r) => (r.id === null ? [] : [BigInt(r.id)])).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const prev = new Map(rows.flatMap((r) => (r.article_id === null ? [] : [[r.article_id, r.prev ?? '0'] as const])));
    const totals = new Map(rows.flatMap((r) => (r.article_id === null || r.total === null ? [] : [[r.article_id, r.total] as const])));
    for (const e of this.totalsWanted) {
      const feed = (e.audience as { article: string }).article;
      if (totals.has(feed)) e.payload.total = totals.get(feed);
    }
    events.forEach((e, i) => {
      const cursor = String(ids[i]);
      e.event.payload.cursor = cursor;
      e.event.payload.prev = prev.get(e.articleId) ?? '0';
      prev.set(e.articleId, cursor);
    });
  }
}

@Injectable()
export class TxService {
  /** Transactions begun and not yet published (or failed), and who waits for there to be none. */
  private running = 0;
  private idle: (() => void)[] = [];
  private readonly committedDomainEvents: (() => void)[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly bus: LiveBus,
  ) {}

  /** For reads outside any transaction. */
  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** Runs `work` in one transaction; publishes its events only after the commit succeeded. */
  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    this.running += 1;
    try {
      let tx!: Tx;
      const result = await this.ds.transaction(async (manager) => {
        tx = new Tx(manager);
        const out = await work(tx);
        await tx.close();
        return out;
      });
      this.bus.publish(tx.outbox);
      tx.committed();
      if (tx.domainEvents.length) this.wakeDomainListeners();
      return result;
    } finally {
      this.running -= 1;
      if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private wakeDomainListeners(): void {
    for (const listener of this.committedDomainEvents) {
      try {
        listener();
      } catch {
        // Only a wake-up call: the dispatcher's poll finds the events anyway.
      }
    }
  }

  /** Called after each commit that stored domain events (the dispatcher wakes up rather than wait for its next poll). */
  onDomainEvents(listener: () => void): void {
    this.committedDomainEvents.push(listener);
  }

  /** Resolves once no transaction is running: each one begun has committed and handed its events on, or failed. */
  settled(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }
}
