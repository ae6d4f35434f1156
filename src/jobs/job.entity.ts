import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** The `jobs` table exactly as the migrations build it: the durable work queue (see JobQueue). */
@Entity('jobs')
@Check('jobs_state_check', `state IN ('queued', 'done', 'failed', 'cancelled')`)
@Unique('jobs_dedupe_key_key', ['dedupeKey'])
@Index('jobs_due', ['runAt'], { where: `state = 'queued'` })
@Index('jobs_done_at', ['doneAt'], { where: 'done_at IS NOT NULL' })
export class JobRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'jobs_pkey' }) id: string;
  @Column('text') kind: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('jsonb', { default: () => `'{}'` }) payload: Record<string, unknown>;
  /** At most one job per key, ever (while the row is kept): enqueueing the same key again does nothing. */
  @Column('text', { name: 'dedupe_key', nullable: true }) dedupeKey: string | null;
  @Column('text', { default: 'queued' }) state: 'queued' | 'done' | 'failed' | 'cancelled';
  @Column('timestamptz', { name: 'run_at', default: () => 'now()' }) runAt: Date;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  /** The claim (instance and claim token) that holds it until locked_until. */
  @Column('text', { name: 'locked_by', nullable: true }) lockedBy: string | null;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'done_at', nullable: true }) doneAt: Date | null;
}
