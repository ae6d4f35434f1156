import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../common/sql';
import { JobsConfig } from './jobs-config';

/** A job as its handler gets it: claimed by this instance, `attempts` counting this one. */
export interface Job<P = Record<string, unknown>> {
  id: string;
  kind: string;
  siteId: string;
  payload: P;
  attempts: number;
  /** When it was enqueued. */
  createdAt: Date;
}

export interface JobHandler<P = Record<string, unknown>> {
  /**
   * The wait before each retry, in milliseconds: after failed attempt n the job runs again after
   * `retryDelaysMs[n - 1]`; past the end of the list it has failed for good.
   */
  retryDelaysMs(): number[];
  /**
   * Does the work, outside any transaction. Resolving marks the job done; throwing schedules a retry.
   * `signal` aborts when the instance shuts down: the job is then handed back, not counted as failed.
   */
  run(job: Job<P>, signal: AbortSignal): Promise<void>;
  /** In the transaction that records a failed attempt: when it runs again, or null once it has failed for good. */
  onFailure?(m: EntityManager, job: Job<P>, error: Error, retryAt: Date | null): Promise<void>;
}

export interface NewJob {
  kind: string;
  siteId: string;
  payload?: Record<string, unknown>;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** At most one job per key while the row is kept: enqueueing it again does nothing (answers null). */
  dedupeKey?: string;
}

interface ClaimedRow {
  id: string;
  kind: string;
  site_id: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
}

/** Small random spread on retries, so jobs that failed together do not all come back together. */
const JITTER = 0.1;
/** Longest error text kept on a job. */
const ERROR_CHARS = 1000;

/**
 * The durable job queue (table `jobs`), worked by every instance.
 *
 * - **Enqueue** inside the caller's transaction (`enqueue(m, …)`): the job exists exactly when the
 *   change that made it does.
 * - **Claim**: each instance polls (JOBS_POLL_MS, and at once when woken) for due jobs of the kinds
 *   it has handlers for, taking at most as many as it has free slots (JOBS_CONCURRENCY) in one short
 *   `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`: two instances never take the same
 *   row, and the claim (a lease until `locked_until`, with a token in `locked_by`) is committed
 *   before the work starts, so no transaction is open while a handler runs.
 * - **Finish**: the outcome is written only while the lease is still this claim's (`locked_by`
 *   matches), so a job taken over after a lease ran out is never finished twice.
 * - **Retry**: a handler that throws has its job put back at `now + retryDelaysMs[attempts - 1]`
 *   (± 10 %), or marked `failed` past the end of that list.
 * - **Crash**: a job whose instance died stays claimed until its lease runs out, then any instance
 *   takes it again. **Shutdown**: running jobs get JOBS_SHUTDOWN_GRACE_MS, then are aborted and
 *   handed back at once (their attempt not counted).
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JobQueue');
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly running = new Map<string, { token: string; abort: AbortController; done: Promise<void> }>();
  private readonly instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private again = false;
  private stopped = true;

  constructor(
    private readonly ds: DataSource,
    private readonly config: JobsConfig,
  ) {}

  /** One handler per kind; registered when the modules initialise, before work starts. */
  register<P>(kind: string, handler: JobHandler<P>): void {
    if (this.handlers.has(kind)) throw new Error(`A job handler for ${kind} is registered already`);
    this.handlers.set(kind, handler);
  }

  /** Adds a job in the caller's transaction; answers its id, or null when its dedupe key exists already. */
  async enqueue(m: EntityManager, job: NewJob): Promise<string | null> {
    const [row] = await queryRows<{ id: string }>(
      m,
      `INSERT INTO jobs (kind, site_id, payload, run_at, dedupe_key) VALUES ($1, $2, $3::jsonb, coalesce($4::timestamptz, now()), $5)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text AS id`,
      [job.kind, job.siteId, JSON.stringify(job.payload ?? {}), job.runAt ?? null, job.dedupeKey ?? null],
    );
    return row?.id ?? null;
  }

  /** Several jobs in one statement (none is fine); answers how many were added. */
  async enqueueMany(m: EntityManager, jobs: NewJob[]): Promise<number> {
    if (!jobs.length) return 0;
    const rows = await queryRows<{ id: string }>(
      m,
      `INSERT INTO jobs (kind, site_id, payload, run_at, dedupe_key)
       SELECT k, s, p, coalesce(r, now()), d FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[], $5::text[]) AS j(k, s, p, r, d)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text AS id`,
      [
        jobs.map((j) => j.kind),
        jobs.map((j) => j.siteId),
        jobs.map((j) => JSON.stringify(j.payload ?? {})),
        jobs.map((j) => j.runAt ?? null),
        jobs.map((j) => j.dedupeKey ?? null),
      ],
    );
    return rows.length;
  }

  /** Look for due jobs now (after a commit that enqueued some), rather than at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    void this.tick();
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule();
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.running.size) return;
    const all = () => Promise.all([...this.running.values()].map((r) => r.done));
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, this.config.shutdownGraceMs)));
    await Promise.race([all(), grace]);
    clearTimeout(graceTimer);
    for (const r of this.running.values()) r.abort.abort(new Error('the instance is shutting down'));
    await all();
  }

  /** Jobs this instance runs right now. */
  get busy(): number {
    return this.running.size;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.schedule();
      this.wake();
    }, this.config.pollMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.ticking = true;
    try {
      do {
        this.again = false;
        const free = this.config.concurrency - this.running.size;
        if (free <= 0 || this.stopped || !this.handlers.size) break;
        const claimed = await this.claim(free);
        for (const row of claimed.jobs) this.start(row, claimed.token);
        // A full batch: more may be due.
        if (claimed.jobs.length === free) this.again = true;
      } while (this.again && !this.stopped);
    } catch (err) {
      this.logger.warn(`claiming jobs failed: ${(err as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  private async claim(limit: number): Promise<{ token: string; jobs: ClaimedRow[] }> {
    const token = `${this.instance}:${randomUUID()}`;
    const jobs = await queryRows<ClaimedRow>(
      this.ds.manager,
      `UPDATE jobs j SET locked_by = $1, locked_until = now() + make_interval(secs => $2::double precision / 1000), attempts = j.attempts + 1
        WHERE j.id IN (SELECT id FROM jobs
                        WHERE state = 'queued' AND run_at <= now() AND kind = ANY($3::text[])
                          AND (locked_until IS NULL OR locked_until < now())
                        ORDER BY run_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING j.id::text AS id, j.kind, j.site_id, j.payload, j.attempts, j.created_at`,
      [token, this.config.leaseMs, [...this.handlers.keys()], limit],
    );
    return { token, jobs };
  }

  private start(row: ClaimedRow, token: string): void {
    const abort = new AbortController();
    const job: Job = { id: row.id, kind: row.kind, siteId: row.site_id, payload: row.payload, attempts: row.attempts, createdAt: row.created_at };
    const done = this.execute(job, token, abort.signal)
      .catch((err: Error) => this.logger.error(`job ${job.id} (${job.kind}): ${err.message}`))
      .finally(() => {
        this.running.delete(job.id);
        this.wake();
      });
    this.running.set(job.id, { token, abort, done });
  }

  private async execute(job: Job, token: string, signal: AbortSignal): Promise<void> {
    const handler = this.handlers.get(job.kind)! as JobHandler;
    try {
      await handler.run(job, signal);
    } catch (err) {
      if (signal.aborted) return this.release(job, token);
      return this.failed(handler, job, token, err instanceof Error ? err : new Error(String(err)));
    }
    await this.ds.query(`UPDATE jobs SET state = 'done', done_at = now(), locked_by = NULL, locked_until = NULL WHERE id = $1 AND locked_by = $2`, [
      job.id,
      token,
    ]);
  }

  private async failed(handler: JobHandler, job: Job, token: string, error: Error): Promise<void> {
    const delays = handler.retryDelaysMs();
    const delay = delays[job.attempts - 1];
    const retryAt = delay === undefined ? null : new Date(Date.now() + Math.round(delay * (1 + (Math.random() * 2 - 1) * JITTER)));
    await this.ds.transaction(async (m) => {
      const mine = await queryRows<{ id: string }>(
        m,
        `UPDATE jobs SET state = $3, run_at = coalesce($4::timestamptz, run_at), done_at = CASE WHEN $4::timestamptz IS NULL THEN now() END,
                         last_error = $5, locked_by = NULL, locked_until = NULL
          WHERE id = $1 AND locked_by = $2 RETURNING id::text AS id`,
        [job.id, token, retryAt ? 'queued' : 'failed', retryAt, error.message.slice(0, ERROR_CHARS)],
      );
      // Taken over after the lease ran out: the other claim decides.
      if (mine.length && handler.onFailure) await handler.onFailure(m, job, error, retryAt);
    });
  }

  /** Hands a job back untouched by this attempt: due at once for any instance. */
  private async release(job: Job, token: string): Promise<void> {
    await this.ds.query(`UPDATE jobs SET locked_by = NULL, locked_until = NULL, attempts = greatest(attempts - 1, 0) WHERE id = $1 AND locked_by = $2`, [
      job.id,
      token,
    ]);
  }
}
