import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CommentEventData } from '../common/domain-events';
import { newId } from '../common/ids';
import { DEFAULT_SITE_ID } from '../common/staff-contract';
import { EnvConfig } from '../config/config';
import { EventDispatcher, StoredDomainEvent } from '../jobs/event-dispatcher';
import { Job, JobHandler, JobQueue } from '../jobs/job-queue';
import { signatureHeader } from './signing';
import { WebhookSender } from './webhook-sender';
import { WebhooksConfig } from './webhooks-config';
import { WebhooksRepository } from './webhooks.repository';

export const DELIVER_JOB = 'webhook.deliver';
/** Deliveries are kept this long for the delivery log. */
const DELIVERY_RETENTION_DAYS = 30;
const PRUNE_EVERY_MS = 3_600_000;
/** Of a held comment, what a Slack message quotes. */
const SLACK_EXCERPT_CHARS = 300;

interface DeliverPayload {
  deliveryId: string;
}

/** A `webhook-id`: `msg_` and a time-ordered uuid's hex, so ids sort by when they were made. */
export const newDeliveryId = (): string => `msg_${newId().replace(/-/g, '')}`;

/** The body of a Standard Webhooks delivery: `{ type, timestamp, data }`, data naming the site. */
export function standardBody(e: StoredDomainEvent): string {
  return JSON.stringify({ type: e.type, timestamp: new Date(e.createdAt).toISOString(), data: { site: e.siteId, ...e.payload } });
}

/** Slack's mrkdwn needs only these three escaped. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The `{ text }` a Slack incoming webhook posts to the moderators' channel for a held comment. */
export function slackBody(e: StoredDomainEvent, publicUrl: string): string {
  const c = (e.payload as { comment?: CommentEventData }).comment;
  const link = `${publicUrl.replace(/\/+$/, '')}/moderate${e.siteId === DEFAULT_SITE_ID ? '' : `?site=${encodeURIComponent(e.siteId)}`}`;
  if (!c) return JSON.stringify({ text: `A comment is waiting for moderation: <${link}|open the queue>` });
  const body = c.body.length > SLACK_EXCERPT_CHARS ? `${c.body.slice(0, SLACK_EXCERPT_CHARS)}…` : c.body;
  const quote = slackEscape(body)
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  const why = c.reasons.length ? ` (${slackEscape(c.reasons.join(', '))})` : '';
  const text = `Comment held for moderation${why} on *${slackEscape(c.articleId)}* by *${slackEscape(c.author.name)}*:\n${quote}\n<${link}|Open the moderation queue>`;
  return JSON.stringify({ text });
}

/**
 * Domain events to deliveries, and deliveries to receivers. As a subscriber of the EventDispatcher
 * it makes, in the dispatcher's transaction, one delivery (and one `webhook.deliver` job) per
 * enabled endpoint of the event's site that asked for its type. As the handler of those jobs it
 * sends each delivery outside any transaction, records the attempt, and lets the job queue retry
 * it on WEBHOOK_RETRY_SCHEDULE; a delivery that fails through the whole schedule disables its
 * endpoint, with the reason.
 */
@Injectable()
export class WebhookDeliveries implements OnModuleInit, OnModuleDestroy, JobHandler<DeliverPayload> {
  private readonly logger = new Logger('Webhooks');
  private readonly publicUrl: string;
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly sender: WebhookSender,
    private readonly config: WebhooksConfig,
    private readonly jobs: JobQueue,
    private readonly dispatcher: EventDispatcher,
    private readonly ds: DataSource,
    env: EnvConfig,
  ) {
    this.publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  }

  onModuleInit(): void {
    this.jobs.register(DELIVER_JOB, this);
    this.dispatcher.subscribe('webhooks', (m, events) => this.fanOut(m, events));
    this.pruneTimer = setInterval(
      () => void this.repo.prune(DELIVERY_RETENTION_DAYS).catch((e: Error) => this.logger.warn(`pruning deliveries failed: ${e.message}`)),
      PRUNE_EVERY_MS,
    );
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  async fanOut(m: EntityManager, events: StoredDomainEvent[]): Promise<void> {
    const endpoints = await this.repo.enabledOf(m, [...new Set(events.map((e) => e.siteId))]);
    if (!endpoints.length) return;
    const rows = events.flatMap((e) =>
      endpoints
        .filter((ep) => ep.siteId === e.siteId && ep.events.includes(e.type))
        .map((ep) => ({
          id: newDeliveryId(),
          siteId: e.siteId,
          endpointId: ep.id,
          eventId: e.id,
          eventType: e.type,
          body: ep.kind === 'slack' ? slackBody(e, this.publicUrl) : standardBody(e),
        })),
    );
    const made = await this.repo.insertDeliveries(m, rows);
    await this.jobs.enqueueMany(
      m,
      made.map((d) => ({ kind: DELIVER_JOB, siteId: d.siteId, payload: { deliveryId: d.id } })),
    );
  }

  /** Queues one more send of a delivery (a resend), in the caller's transaction. */
  async enqueue(m: EntityManager, siteId: string, deliveryId: string): Promise<void> {
    await this.jobs.enqueue(m, { kind: DELIVER_JOB, siteId, payload: { deliveryId } });
  }

  wake(): void {
    this.jobs.wake();
  }

  retryDelaysMs(): number[] {
    return this.config.retryDelaysMs;
  }

  async run(job: Job<DeliverPayload>, signal: AbortSignal): Promise<void> {
    const d = await this.repo.forSending(job.payload.deliveryId);
    // Gone with its endpoint, or settled meanwhile (a resend's job and a retry's job may overlap).
    if (!d || d.status !== 'pending') return;
    if (!d.enabled) {
      await this.repo.fail(this.ds.manager, d.id, 'not sent: the endpoint is disabled');
      return;
    }
    const headers: Record<string, string> = {};
    if (d.kind === 'standard') {
      const timestamp = Math.floor(Date.now() / 1000);
      headers['webhook-id'] = d.id;
      headers['webhook-timestamp'] = String(timestamp);
      headers['webhook-signature'] = signatureHeader(d.previousSecret ? [d.secret, d.previousSecret] : [d.secret], d.id, timestamp, d.body);
    }
    const result = await this.sender.post(d.url, headers, d.body, signal);
    await this.repo.recordAttempt(d.id, result);
    if (!result.ok) throw new Error(result.error ?? 'delivery failed');
  }

  async onFailure(m: EntityManager, job: Job<DeliverPayload>, error: Error, retryAt: Date | null): Promise<void> {
    const id = job.payload.deliveryId;
    if (retryAt) return this.repo.scheduleRetry(m, id, retryAt);
    const d = await this.repo.fail(m, id);
    if (!d) return;
    const hours = (Date.now() - job.createdAt.getTime()) / 3_600_000;
    const span = hours >= 1 ? `${hours.toFixed(1)} h` : `${Math.round(hours * 60)} min`;
    const reason = `delivery ${d.id} (${d.eventType}) failed ${job.attempts} times over ${span}; last: ${error.message}`;
    if (await this.repo.disableAfterFailure(m, d.endpointId, job.createdAt, reason)) {
      this.logger.warn(`webhook endpoint ${d.endpointId} of site ${d.siteId} disabled: ${reason}`);
    }
  }
}
