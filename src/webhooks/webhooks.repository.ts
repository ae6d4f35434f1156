import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { DomainEventType } from '../common/domain-events';
import { queryRows } from '../common/sql';
import type { WebhookDeliveryStatus, WebhookKind } from '../common/webhook-contract';

export interface EndpointRecord {
  id: string;
  siteId: string;
  kind: WebhookKind;
  url: string;
  description: string;
  events: DomainEventType[];
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryRecord {
  id: string;
  siteId: string;
  endpointId: string;
  eventId: string;
  eventType: DomainEventType;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  responseBody: string | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface NewDelivery {
  id: string;
  siteId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  body: string;
}

export interface EndpointPatch {
  url?: string;
  description?: string;
  events?: DomainEventType[];
  enabled?: boolean;
}

const ENDPOINT = `id, site_id AS "siteId", kind, url, description, events, secret, previous_secret AS "previousSecret",
  previous_secret_until AS "previousSecretUntil", enabled, disabled_reason AS "disabledReason", disabled_at AS "disabledAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The delivery columns, of table alias `t` when given. */
const deliveryColumns = (t = '') =>
  `${t}id, ${t}site_id AS "siteId", ${t}endpoint_id AS "endpointId", ${t}event_id::text AS "eventId", ${t}event_type AS "eventType", ${t}body,
   ${t}status, ${t}attempts, ${t}response_status AS "responseStatus", ${t}response_body AS "responseBody", ${t}last_error AS "lastError",
   ${t}last_attempt_at AS "lastAttemptAt", ${t}next_attempt_at AS "nextAttemptAt", ${t}delivered_at AS "deliveredAt", ${t}created_at AS "createdAt"`;
const DELIVERY = deliveryColumns();

/** The SQL of webhook endpoints and their deliveries; every query names the site. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly ds: DataSource) {}

  list(siteId: string): Promise<EndpointRecord[]> {
    return queryRows<EndpointRecord>(this.ds.manager, `SELECT ${ENDPOINT} FROM webhook_endpoints WHERE site_id = $1 ORDER BY created_at, id`, [siteId]);
  }

  async find(siteId: string, id: string, m: EntityManager = this.ds.manager, lock = false): Promise<EndpointRecord | null> {
    const [row] = await queryRows<EndpointRecord>(m, `SELECT ${ENDPOINT} FROM webhook_endpoints WHERE site_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [
      siteId,
      id,
    ]);
    return row ?? null;
  }

  async count(m: EntityManager, siteId: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(m, `SELECT count(*)::int AS n FROM webhook_endpoints WHERE site_id = $1`, [siteId]);
    return row.n;
  }

  async insert(
    m: EntityManager,
    e: { id: string; siteId: string; kind: WebhookKind; url: string; description: string; events: string[]; secret: string },
  ): Promise<EndpointRecord> {
    const [row] = await queryRows<EndpointRecord>(
      m,
      `INSERT INTO webhook_endpoints (id, site_id, kind, url, description, events, secret) VALUES ($1, $2, $3, $4, $5, $6::text[], $7) RETURNING ${ENDPOINT}`,
      [e.id, e.siteId, e.kind, e.url, e.description, e.events, e.secret],
    );
    return row;
  }

  /** Enabling clears the reason it was disabled; disabling by hand says so. */
  async update(m: EntityManager, siteId: string, id: string, p: EndpointPatch, disabledBy: string): Promise<EndpointRecord | null> {
    const [row] = await queryRows<EndpointRecord>(
      m,
      `UPDATE webhook_endpoints SET
          url = coalesce($3, url), description = coalesce($4, description), events = coalesce($5::text[], events),
          enabled = coalesce($6, enabled),
          disabled_reason = CASE WHEN $6 IS NULL OR $6 = enabled THEN disabled_reason WHEN $6 THEN NULL ELSE $7 END,
          disabled_at = CASE WHEN $6 IS NULL OR $6 = enabled THEN disabled_at WHEN $6 THEN NULL ELSE now() END,
          updated_at = now()
        WHERE site_id = $1 AND id = $2 RETURNING ${ENDPOINT}`,
      [siteId, id, p.url ?? null, p.description ?? null, p.events ?? null, p.enabled ?? null, `disabled by ${disabledBy}`],
    );
    return row ?? null;
  }

  async remove(m: EntityManager, siteId: string, id: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(m, `DELETE FROM webhook_endpoints WHERE site_id = $1 AND id = $2 RETURNING id`, [siteId, id]);
    return rows.length > 0;
  }

  /** The new secret signs from now on; the current one keeps signing too until `previousUntil`. */
  async rotate(m: EntityManager, siteId: string, id: string, secret: string, previousUntil: Date): Promise<EndpointRecord | null> {
    const [row] = await queryRows<EndpointRecord>(
      m,
      `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = $4, secret = $3, updated_at = now()
        WHERE site_id = $1 AND id = $2 RETURNING ${ENDPOINT}`,
      [siteId, id, secret, previousUntil],
    );
    return row ?? null;
  }

  /** The enabled endpoints of these sites, to fan events out to. */
  enabledOf(m: EntityManager, siteIds: string[]): Promise<Pick<EndpointRecord, 'id' | 'siteId' | 'kind' | 'events'>[]> {
    return queryRows(m, `SELECT id, site_id AS "siteId", kind, events FROM webhook_endpoints WHERE enabled AND site_id = ANY($1::text[])`, [siteIds]);
  }

  /** Answers the deliveries made; one that exists already for its endpoint and event is not made again. */
  async insertDeliveries(m: EntityManager, rows: NewDelivery[]): Promise<{ id: string; siteId: string }[]> {
    if (!rows.length) return [];
    return queryRows(
      m,
      `INSERT INTO webhook_deliveries (id, site_id, endpoint_id, event_id, event_type, body, next_attempt_at)
       SELECT i, s, e, ev, t, b, now() FROM unnest($1::text[], $2::text[], $3::uuid[], $4::bigint[], $5::text[], $6::text[]) AS d(i, s, e, ev, t, b)
       ON CONFLICT (endpoint_id, event_id) DO NOTHING RETURNING id, site_id AS "siteId"`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.siteId),
        rows.map((r) => r.endpointId),
        rows.map((r) => r.eventId),
        rows.map((r) => r.eventType),
        rows.map((r) => r.body),
      ],
    );
  }

  /** Newest first; `beforeId` continues a page (delivery ids sort by time). */
  deliveries(siteId: string, endpointId: string, limit: number, beforeId: string | null): Promise<DeliveryRecord[]> {
    return queryRows<DeliveryRecord>(
      this.ds.manager,
      `SELECT ${DELIVERY} FROM webhook_deliveries WHERE site_id = $1 AND endpoint_id = $2 AND ($4::text IS NULL OR id < $4)
        ORDER BY id DESC LIMIT $3`,
      [siteId, endpointId, limit, beforeId],
    );
  }

  async delivery(siteId: string, endpointId: string, id: string, m: EntityManager = this.ds.manager, lock = false): Promise<DeliveryRecord | null> {
    const [row] = await queryRows<DeliveryRecord>(
      m,
      `SELECT ${DELIVERY} FROM webhook_deliveries WHERE site_id = $1 AND endpoint_id = $2 AND id = $3${lock ? ' FOR UPDATE' : ''}`,
      [siteId, endpointId, id],
    );
    return row ?? null;
  }

  /** A delivery with what sending it needs of its endpoint. */
  async forSending(
    id: string,
  ): Promise<(DeliveryRecord & { url: string; kind: WebhookKind; enabled: boolean; secret: string; previousSecret: string | null }) | null> {
    const [row] = await queryRows<DeliveryRecord & { url: string; kind: WebhookKind; enabled: boolean; secret: string; previousSecret: string | null }>(
      this.ds.manager,
      `SELECT ${deliveryColumns('d.')}, e.url, e.kind, e.enabled, e.secret,
              CASE WHEN e.previous_secret_until > now() THEN e.previous_secret END AS "previousSecret"
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Writes what one attempt got; a success settles the delivery. */
  async recordAttempt(id: string, r: { ok: boolean; status: number | null; body: string | null; error: string | null }): Promise<void> {
    await this.ds.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now(), response_status = $2, response_body = $3, last_error = $4,
              status = CASE WHEN $5 THEN 'succeeded' ELSE status END, delivered_at = CASE WHEN $5 THEN now() ELSE delivered_at END,
              next_attempt_at = CASE WHEN $5 THEN NULL ELSE next_attempt_at END
        WHERE id = $1`,
      [id, r.status, r.body, r.error, r.ok],
    );
  }

  async scheduleRetry(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(`UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1 AND status = 'pending'`, [id, at]);
  }

  /** The delivery failed for good (or could not be sent): `reason` replaces its last error when given. */
  async fail(m: EntityManager, id: string, reason: string | null = null): Promise<DeliveryRecord | null> {
    const [row] = await queryRows<DeliveryRecord>(
      m,
      `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = coalesce($2, last_error) WHERE id = $1 RETURNING ${DELIVERY}`,
      [id, reason],
    );
    return row ?? null;
  }

  /**
   * Disables the endpoint after a delivery made at `since` failed through the whole schedule,
   * unless another delivery to it has succeeded since then (the endpoint works; that one message did not).
   */
  async disableAfterFailure(m: EntityManager, endpointId: string, since: Date, reason: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      m,
      `UPDATE webhook_endpoints SET enabled = false, disabled_reason = $3, disabled_at = now(), updated_at = now()
        WHERE id = $1 AND enabled
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1 AND delivered_at > $2)
        RETURNING id`,
      [endpointId, since, reason],
    );
    return rows.length > 0;
  }

  /** A resend: pending again, due now. */
  async requeue(m: EntityManager, id: string): Promise<DeliveryRecord> {
    const [row] = await queryRows<DeliveryRecord>(
      m,
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), delivered_at = NULL WHERE id = $1 RETURNING ${DELIVERY}`,
      [id],
    );
    return row;
  }

  /** Deliveries older than `days` days. */
  async prune(days: number): Promise<void> {
    await this.ds.query(`DELETE FROM webhook_deliveries WHERE created_at < now() - make_interval(days => $1)`, [days]);
  }
}
