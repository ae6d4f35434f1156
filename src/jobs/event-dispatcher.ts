import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { DomainEventType } from '../common/domain-events';
import { prepared, queryRows } from '../common/sql';
import { TxService } from '../events/tx.service';
import { JobQueue } from './job-queue';
import { JobsConfig } from './jobs-config';

/** A domain event as stored: its id orders the events and names them (a webhook delivery is one per endpoint and event id). */
export interface StoredDomainEvent {
  id: string;
  siteId: string;
  type: DomainEventType;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/**
 * Turns a batch of domain events into work, inside the dispatcher's transaction: typically by
 * enqueueing jobs (`JobQueue.enqueue(m, …)`). It must not call out of the process: it runs in a
 * transaction. Throwing rolls the whole batch back, to be tried again at the next poll.
 */
export type DomainEventSubscriber = (m: EntityManager, events: StoredDomainEvent[]) => Promise<void>;

/** Events fanned out per transaction. */
const BATCH = 100;
/** How often each instance deletes what is past JOBS_RETENTION_DAYS. */
const PRUNE_EVERY_MS = 3_600_000;

// Ordered by the column, not by the text output named the same ('10' < '9'): that also lets the
// partial index's scan stop at the batch instead of sorting every entry left since the last vacuum.
const TAKE = prepared(
  `SELECT id::text AS id, site_id AS "siteId", type, payload, created_at AS "createdAt"
     FROM domain_events WHERE dispatched_at IS NULL ORDER BY domain_events.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
);
const MARK = prepared(`UPDATE domain_events SET dispatched_at = now() WHERE id = ANY($1::bigint[])`);

/**
 * Hands each domain event to every subscriber exactly once, whichever instance does it: a batch of
 * undispatched events is taken with FOR UPDATE SKIP LOCKED, the subscribers enqueue their jobs and
 * the events are marked dispatched, all in one transaction. An instance that dies mid-batch rolls
 * it back and another takes it. Runs on every instance, at each poll and right after a local commit
 * that stored events.
 */
@Injectable()
export class EventDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EventDispatcher');
  private readonly subscribers = new Map<string, DomainEventSubscriber>();
  private timer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly ds: DataSource,
    private readonly jobs: JobQueue,
    private readonly config: JobsConfig,
    txs: TxService,
  ) {
    txs.onDomainEvents(() => void this.wake());
  }

  /** Registered when the modules initialise (webhooks, notifications); each gets every event. */
  subscribe(name: string, subscriber: DomainEventSubscriber): void {
    if (this.subscribers.has(name)) throw new Error(`A domain event subscriber ${name} is registered already`);
    this.subscribers.set(name, subscriber);
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.wake(), this.config.pollMs);
    this.timer.unref();
    this.pruneTimer = setInterval(() => void this.prune().catch((e: Error) => this.logger.warn(`pruning failed: ${e.message}`)), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
    void this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    await this.running;
  }

  /** Dispatch now; resolves when this pass (and any asked for meanwhile) is over. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = null));
    return this.running;
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopped && (await this.dispatchBatch()) === BATCH);
      } while (this.again && !this.stopped);
    } catch (err) {
      this.logger.warn(`dispatching domain events failed: ${(err as Error).message}`);
    }
  }

  /** One batch in one transaction; answers how many events it took. */
  private async dispatchBatch(): Promise<number> {
    const n = await this.ds.transaction(async (m) => {
      const events = await queryRows<StoredDomainEvent>(m, TAKE, [BATCH]);
      if (!events.length) return 0;
      for (const subscriber of this.subscribers.values()) await subscriber(m, events);
      await queryRows(m, MARK, [events.map((e) => e.id)]);
      return events.length;
    });
    if (n) this.jobs.wake();
    return n;
  }

  /** Finished jobs and dispatched events past the retention window. */
  async prune(): Promise<void> {
    const days = this.config.retentionDays;
    await this.ds.query(`DELETE FROM jobs WHERE done_at < now() - make_interval(days => $1)`, [days]);
    await this.ds.query(`DELETE FROM domain_events WHERE dispatched_at < now() - make_interval(days => $1)`, [days]);
  }
}
