/**
 * The webhook endpoints' shapes that cross the wire (docs/API.md, "Webhooks"), with no server
 * imports, so the dashboard can type-check against exactly what the service sends.
 */
import type { DomainEventType } from './domain-events';

export const WEBHOOK_KINDS = ['standard', 'slack'] as const;
/** `standard`: signed JSON events (Standard Webhooks). `slack`: held comments as `{ "text" }` to an incoming-webhook URL. */
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** Endpoints per site: bounds the fan-out of one event. */
export const MAX_ENDPOINTS = 20;

/** Only these leave the service: a URL of any other scheme is refused when an endpoint is made, and again when sent. */
export function isHttpUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}

export interface WebhookEndpointView {
  id: string;
  kind: WebhookKind;
  url: string;
  description: string;
  /** The events it receives (a `slack` endpoint: `comment.held`). */
  events: DomainEventType[];
  /** False once disabled, by an admin or after a delivery failed through the whole retry schedule. */
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  /** While a rotation's old secret is still signed with (until then, deliveries carry two signatures). */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Answer of creating an endpoint or rotating its secret: the secret, shown this once. */
export interface WebhookEndpointWithSecretView {
  endpoint: WebhookEndpointView;
  secret: string;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One message to one endpoint; its id is the `webhook-id` every attempt (and a resend) carries. */
export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  eventType: DomainEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** HTTP status of the last attempt (null: no answer). */
  responseStatus: number | null;
  /** The first 1000 characters of the last answer's body. */
  responseBody: string | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  /** When the next retry is due (pending only). */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}
