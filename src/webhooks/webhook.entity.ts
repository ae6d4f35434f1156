import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Site } from '../sites/site.entity';

/** The `webhook_endpoints` table exactly as the migrations build it (its SQL: webhooks.repository.ts). */
@Entity('webhook_endpoints')
@Check('webhook_endpoints_kind_check', `kind IN ('standard', 'slack')`)
@Index('webhook_endpoints_site', ['siteId', 'createdAt'])
export class WebhookEndpointRow {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'webhook_endpoints_pkey' }) id: string;
  @Column('text', { name: 'site_id' })
  @ForeignKey(() => Site, { name: 'webhook_endpoints_site_id_fkey', onDelete: 'CASCADE' })
  siteId: string;
  @Column('text') kind: 'standard' | 'slack';
  @Column('text') url: string;
  @Column('text', { default: '' }) description: string;
  @Column('text', { array: true }) events: string[];
  /** `whsec_` and base64 of the key bytes. */
  @Column('text') secret: string;
  /** The secret before the last rotation, still signed with until previous_secret_until. */
  @Column('text', { name: 'previous_secret', nullable: true }) previousSecret: string | null;
  @Column('timestamptz', { name: 'previous_secret_until', nullable: true }) previousSecretUntil: Date | null;
  @Column('boolean', { default: true }) enabled: boolean;
  @Column('text', { name: 'disabled_reason', nullable: true }) disabledReason: string | null;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}

/** The `webhook_deliveries` table: one message to one endpoint (its id is the `webhook-id`), with its last attempt. */
@Entity('webhook_deliveries')
@Check('webhook_deliveries_status_check', `status IN ('pending', 'succeeded', 'failed')`)
@Unique('webhook_deliveries_endpoint_event_key', ['endpointId', 'eventId'])
@Index('webhook_deliveries_recent', ['endpointId', 'id'])
export class WebhookDeliveryRow {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'webhook_deliveries_pkey' }) id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('uuid', { name: 'endpoint_id' })
  @ForeignKey(() => WebhookEndpointRow, { name: 'webhook_deliveries_endpoint_id_fkey', onDelete: 'CASCADE' })
  endpointId: string;
  @Column('bigint', { name: 'event_id' }) eventId: string;
  @Column('text', { name: 'event_type' }) eventType: string;
  /** The exact bytes sent (and signed) on every attempt. */
  @Column('text') body: string;
  @Column('text', { default: 'pending' }) status: 'pending' | 'succeeded' | 'failed';
  @Column('integer', { default: 0 }) attempts: number;
  @Column('integer', { name: 'response_status', nullable: true }) responseStatus: number | null;
  @Column('text', { name: 'response_body', nullable: true }) responseBody: string | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('timestamptz', { name: 'last_attempt_at', nullable: true }) lastAttemptAt: Date | null;
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true }) nextAttemptAt: Date | null;
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
