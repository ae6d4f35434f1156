import { Injectable } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { badRequest, conflict, notFound } from '../common/api-error';
import type { Page } from '../common/contract';
import { decodeCursor, invalidCursor, toPage } from '../common/cursor';
import { type DomainEventType } from '../common/domain-events';
import { newId } from '../common/ids';
import type { Viewer } from '../common/viewer';
import {
  isHttpUrl,
  MAX_ENDPOINTS,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookEndpointWithSecretView,
  type WebhookKind,
} from '../common/webhook-contract';
import { TxService } from '../events/tx.service';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { newSecret } from './signing';
import { WebhookDeliveries } from './webhook-deliveries';
import { DeliveryRecord, EndpointPatch, EndpointRecord, WebhooksRepository } from './webhooks.repository';

/** After a rotation, how long the old secret still signs (receivers switch within it). */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;
/** What a `slack` endpoint receives. */
const SLACK_EVENTS: DomainEventType[] = ['comment.held'];

const DELIVERY_ID = /^msg_[0-9a-f]{32}$/;

/** The admin API's rules over endpoints and their delivery log; every change is in the site's moderation log. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly deliveries: WebhookDeliveries,
    private readonly txs: TxService,
    private readonly log: ModerationLog,
  ) {}

  async list(siteId: string): Promise<{ items: WebhookEndpointView[] }> {
    return { items: (await this.repo.list(siteId)).map(endpointView) };
  }

  async get(siteId: string, id: string): Promise<WebhookEndpointView> {
    return endpointView(await this.require(siteId, id));
  }

  async create(
    siteId: string,
    input: { url: string; kind?: WebhookKind; events?: DomainEventType[]; description?: string },
    actor: Viewer,
  ): Promise<WebhookEndpointWithSecretView> {
    const kind = input.kind ?? 'standard';
    const url = checkUrl(input.url);
    const events = eventsFor(kind, input.events);
    if (!events) throw badRequest('VALIDATION_FAILED', 'events must list at least one event for a standard endpoint');
    const secret = newSecret();
    return this.txs.run(async (tx) => {
      // Counted under a lock of the site's endpoints, so two creations together cannot pass the bound.
      await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('webhook_endpoints:' || $1))`, [siteId]);
      if ((await this.repo.count(tx.manager, siteId)) >= MAX_ENDPOINTS)
        throw conflict('TOO_MANY_ENDPOINTS', `A site has at most ${MAX_ENDPOINTS} webhook endpoints`);
      const e = await this.repo.insert(tx.manager, { id: newId(), siteId, kind, url, description: input.description?.trim() ?? '', events, secret });
      await this.record(tx.manager, siteId, actor, 'webhook.created', `${e.id} ${kind} ${url} (${events.join(' ')})`);
      return { endpoint: endpointView(e), secret };
    });
  }

  async update(siteId: string, id: string, p: EndpointPatch, actor: Viewer): Promise<WebhookEndpointView> {
    if (Object.values(p).every((v) => v === undefined)) throw badRequest('VALIDATION_FAILED', 'Send at least one of url, events, description, enabled');
    const current = await this.require(siteId, id);
    const patch: EndpointPatch = { ...p, url: p.url === undefined ? undefined : checkUrl(p.url), description: p.description?.trim() };
    if (p.events && current.kind === 'slack' && !sameEvents(p.events, SLACK_EVENTS)) {
      throw badRequest('VALIDATION_FAILED', 'A slack endpoint receives comment.held only');
    }
    return this.txs.run(async (tx) => {
      const e = await this.repo.update(tx.manager, siteId, id, patch, actor.id);
      if (!e) throw endpointNotFound(id);
      const what = Object.entries(patch)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(' ') : String(v)}`);
      await this.record(tx.manager, siteId, actor, 'webhook.changed', `${id} ${what.join('; ')}`);
      return endpointView(e);
    });
  }

  async remove(siteId: string, id: string, actor: Viewer): Promise<void> {
    if (!isUuid(id)) throw endpointNotFound(id);
    await this.txs.run(async (tx) => {
      if (!(await this.repo.remove(tx.manager, siteId, id))) throw endpointNotFound(id);
      await this.record(tx.manager, siteId, actor, 'webhook.deleted', id);
    });
  }

  /** A new secret, shown once; the old one signs too (a second signature) for ROTATION_OVERLAP_MS. */
  async rotate(siteId: string, id: string, actor: Viewer): Promise<WebhookEndpointWithSecretView> {
    if (!isUuid(id)) throw endpointNotFound(id);
    const secret = newSecret();
    return this.txs.run(async (tx) => {
      const e = await this.repo.rotate(tx.manager, siteId, id, secret, new Date(Date.now() + ROTATION_OVERLAP_MS));
      if (!e) throw endpointNotFound(id);
      await this.record(tx.manager, siteId, actor, 'webhook.secret_rotated', id);
      return { endpoint: endpointView(e), secret };
    });
  }

  async deliveryLog(siteId: string, id: string, limit = 20, cursor?: string): Promise<Page<WebhookDeliveryView>> {
    await this.require(siteId, id);
    const key = decodeCursor(cursor, ['string']);
    if (key && !DELIVERY_ID.test(key[0] as string)) throw invalidCursor();
    const rows = await this.repo.deliveries(siteId, id, limit + 1, key ? (key[0] as string) : null);
    return toPage(rows, limit, deliveryView, (d) => [d.id]);
  }

  /** Sends a delivery again (same `webhook-id`, a fresh retry schedule); not while it is still pending. */
  async resend(siteId: string, id: string, deliveryId: string, actor: Viewer): Promise<WebhookDeliveryView> {
    const endpoint = await this.require(siteId, id);
    if (!DELIVERY_ID.test(deliveryId)) throw deliveryNotFound(deliveryId);
    const view = await this.txs.run(async (tx) => {
      const d = await this.repo.delivery(siteId, id, deliveryId, tx.manager, true);
      if (!d) throw deliveryNotFound(deliveryId);
      if (!endpoint.enabled) throw conflict('ENDPOINT_DISABLED', 'Enable the endpoint (PATCH enabled: true) before resending');
      if (d.status === 'pending') throw conflict('DELIVERY_PENDING', 'This delivery is still being attempted');
      const again = await this.repo.requeue(tx.manager, d.id);
      await this.deliveries.enqueue(tx.manager, siteId, d.id);
      await this.record(tx.manager, siteId, actor, 'webhook.resent', `${id} ${d.id}`);
      return deliveryView(again);
    });
    this.deliveries.wake();
    return view;
  }

  private async require(siteId: string, id: string): Promise<EndpointRecord> {
    const e = isUuid(id) ? await this.repo.find(siteId, id) : null;
    if (!e) throw endpointNotFound(id);
    return e;
  }

  private record(m: Parameters<ModerationLog['write']>[0], siteId: string, actor: Viewer, action: string, reason: string): Promise<void> {
    return this.log.write(m, { siteId, actorId: actor.id, action, reason });
  }
}

const endpointNotFound = (id: string) => notFound('WEBHOOK_NOT_FOUND', `No webhook endpoint ${id}`);
const deliveryNotFound = (id: string) => notFound('DELIVERY_NOT_FOUND', `No delivery ${id}`);

function checkUrl(raw: string): string {
  const url = raw.trim();
  if (!isHttpUrl(url)) throw badRequest('INVALID_URL', 'url must be an http:// or https:// URL with a host and no user name or password');
  return url;
}

/** The stored filter: a slack endpoint's is fixed; a standard one must name its events. */
function eventsFor(kind: WebhookKind, events: DomainEventType[] | undefined): DomainEventType[] | null {
  if (kind === 'slack') {
    if (events && !sameEvents(events, SLACK_EVENTS)) throw badRequest('VALIDATION_FAILED', 'A slack endpoint receives comment.held only');
    return SLACK_EVENTS;
  }
  return events?.length ? events : null;
}

const sameEvents = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function endpointView(e: EndpointRecord): WebhookEndpointView {
  const rotating = e.previousSecret && e.previousSecretUntil && e.previousSecretUntil.getTime() > Date.now();
  return {
    id: e.id,
    kind: e.kind,
    url: e.url,
    description: e.description,
    events: e.events,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    disabledAt: iso(e.disabledAt),
    previousSecretExpiresAt: rotating ? iso(e.previousSecretUntil) : null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

function deliveryView(d: DeliveryRecord): WebhookDeliveryView {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    responseStatus: d.responseStatus,
    responseBody: d.responseBody,
    lastError: d.lastError,
    lastAttemptAt: iso(d.lastAttemptAt),
    nextAttemptAt: iso(d.nextAttemptAt),
    deliveredAt: iso(d.deliveredAt),
    createdAt: d.createdAt.toISOString(),
  };
}
