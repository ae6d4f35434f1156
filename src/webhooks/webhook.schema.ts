import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { DOMAIN_EVENT_TYPES, type DomainEventType } from '../common/domain-events';
import {
  WEBHOOK_KINDS,
  type WebhookDeliveryStatus,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookEndpointWithSecretView,
  type WebhookKind,
} from '../common/webhook-contract';

/** OpenAPI classes for the webhooks answers; each implements its contract type, so the two cannot drift. */

@ApiSchema({ name: 'WebhookEndpoint' })
export class WebhookEndpointSchema implements WebhookEndpointView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: WEBHOOK_KINDS }) kind: WebhookKind;
  @ApiProperty() url: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: DOMAIN_EVENT_TYPES, isArray: true }) events: DomainEventType[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'why it was disabled (by whom, or which delivery failed through the retry schedule)' })
  disabledReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'during a rotation: until when the old secret signs too' })
  previousSecretExpiresAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

@ApiSchema({ name: 'WebhookEndpointList' })
export class WebhookEndpointListSchema {
  @ApiProperty({ type: [WebhookEndpointSchema] }) items: WebhookEndpointSchema[];
}

@ApiSchema({ name: 'WebhookEndpointWithSecret' })
export class WebhookEndpointWithSecretSchema implements WebhookEndpointWithSecretView {
  @ApiProperty({ type: WebhookEndpointSchema }) endpoint: WebhookEndpointSchema;
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'the signing secret: shown this once' }) secret: string;
}

@ApiSchema({ name: 'WebhookDelivery' })
export class WebhookDeliverySchema implements WebhookDeliveryView {
  @ApiProperty({ example: 'msg_0193b0c3d2a47c4e9f1d2b3c4d5e6f70', description: 'the `webhook-id` header of every attempt' }) id: string;
  @ApiProperty({ format: 'uuid' }) endpointId: string;
  @ApiProperty({ enum: DOMAIN_EVENT_TYPES }) eventType: DomainEventType;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status: WebhookDeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: Number, nullable: true }) responseStatus: number | null;
  @ApiProperty({ type: String, nullable: true }) responseBody: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'WebhookDeliveryPage' })
export class WebhookDeliveryPageSchema {
  @ApiProperty({ type: [WebhookDeliverySchema] }) items: WebhookDeliverySchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

@ApiSchema({ name: 'WebhookEventTypes' })
export class WebhookEventTypesSchema {
  @ApiProperty({ enum: DOMAIN_EVENT_TYPES, isArray: true }) items: DomainEventType[];
}
