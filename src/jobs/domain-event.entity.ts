import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The `domain_events` table exactly as the migrations build it: what happened on a site (a comment
 * published, a user banned, …), written by `Tx.event` in the transaction of the change and fanned
 * out to the subscribers (webhooks, later notifications) by the EventDispatcher. Never replayed to readers.
 */
@Entity('domain_events')
@Index('domain_events_undispatched', ['id'], { where: 'dispatched_at IS NULL' })
@Index('domain_events_dispatched_at', ['dispatchedAt'], { where: 'dispatched_at IS NOT NULL' })
export class DomainEventRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'domain_events_pkey' }) id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text') type: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'dispatched_at', nullable: true }) dispatchedAt: Date | null;
}
