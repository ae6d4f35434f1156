import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Site } from '../sites/site.entity';

/** The `notifications` table exactly as the migrations build it (its SQL: notifications.repository.ts). */
@Entity('notifications')
@Check('notifications_kind_check', `kind IN ('reply', 'approved', 'rejected', 'featured', 'mention', 'warning')`)
@Check('notifications_subject_check', `kind = 'warning' OR (comment_id IS NOT NULL AND article_id IS NOT NULL)`)
@Check('notifications_email_state_check', `email_state IN ('none', 'pending', 'queued')`)
@Unique('notifications_dedupe_key', ['siteId', 'userId', 'dedupeKey'])
@Index('notifications_user', ['siteId', 'userId', 'id'])
@Index('notifications_unread', ['siteId', 'userId'], { where: 'read_at IS NULL' })
@Index('notifications_email_pending', ['siteId', 'userId'], { where: `email_state = 'pending'` })
export class NotificationRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'notifications_pkey' }) id: string;
  @Column('text', { name: 'site_id' })
  @ForeignKey(() => Site, { name: 'notifications_site_id_fkey', onDelete: 'CASCADE' })
  siteId: string;
  /** The reader told. */
  @Column('text', { name: 'user_id' }) userId: string;
  @Column('text') kind: 'reply' | 'approved' | 'rejected' | 'featured' | 'mention' | 'warning';
  /** One notification per key and reader: `reply:<reply id>`, `mention:<comment id>`, `warning:<warning id>`, or `<kind>:<comment id>:<event id>`. */
  @Column('text', { name: 'dedupe_key' }) dedupeKey: string;
  /** The domain event it came from. */
  @Column('bigint', { name: 'event_id' }) eventId: string;
  /** The reply, or the reader's own comment that was decided on; null for a warning (and only then). */
  @Column('uuid', { name: 'comment_id', nullable: true }) commentId: string | null;
  @Column('text', { name: 'article_id', nullable: true }) articleId: string | null;
  /** Who replied, mentioned or warned the reader (replies, mentions, warnings). */
  @Column('text', { name: 'actor_name', nullable: true }) actorName: string | null;
  /** The moderator's reason (rejections). */
  @Column('text', { nullable: true }) reason: string | null;
  @Column('text', { default: '' }) excerpt: string;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt: Date | null;
  /** `pending`: waits for the reader's digest; `queued`: in an email; `none`: no email. */
  @Column('text', { name: 'email_state', default: 'none' }) emailState: 'none' | 'pending' | 'queued';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}

/** `notification_preferences`: a reader's email choice on one site, and when their open digest is due. */
@Entity('notification_preferences')
@Check('notification_preferences_email_check', `email IN ('off', 'immediate', 'hourly', 'daily')`)
export class NotificationPreferenceRow {
  @PrimaryColumn('text', { name: 'site_id', primaryKeyConstraintName: 'notification_preferences_pkey' })
  @ForeignKey(() => Site, { name: 'notification_preferences_site_id_fkey', onDelete: 'CASCADE' })
  siteId: string;
  @PrimaryColumn('text', { name: 'user_id', primaryKeyConstraintName: 'notification_preferences_pkey' }) userId: string;
  @Column('text', { default: 'off' }) email: 'off' | 'immediate' | 'hourly' | 'daily';
  /** The reader token's `locale` claim when they last used notifications (null: none; the site's language then). */
  @Column('text', { nullable: true }) locale: string | null;
  /** Set when a digest is collecting: its job runs then. */
  @Column('timestamptz', { name: 'digest_due_at', nullable: true }) digestDueAt: Date | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

/** `notification_emails`: one email (immediate or a digest) and what became of it. */
@Entity('notification_emails')
@Check('notification_emails_mode_check', `mode IN ('immediate', 'hourly', 'daily')`)
@Check('notification_emails_status_check', `status IN ('pending', 'sent', 'failed', 'skipped', 'bounced')`)
@Check('notification_emails_kind_check', `kind IN ('reader', 'staff-digest')`)
@Index('notification_emails_failed', ['siteId', 'id'], { where: `status IN ('failed', 'bounced')` })
/** An address a reader's email bounced at: their later emails to it are skipped (notifications.repository.ts, `addressBounced`). */
@Index('notification_emails_bounced', ['siteId', 'userId'], { where: `status = 'bounced'` })
/** A bounce the mail provider reports later names the email by its Message-ID. */
@Index('notification_emails_message_id', ['siteId', 'messageId'], { where: 'message_id IS NOT NULL' })
export class NotificationEmailRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'notification_emails_pkey' }) id: string;
  @Column('text', { name: 'site_id' })
  @ForeignKey(() => Site, { name: 'notification_emails_site_id_fkey', onDelete: 'CASCADE' })
  siteId: string;
  @Column('text', { name: 'user_id' }) userId: string;
  /** A reader's email, or a staff member's queue digest (kept once sent, bounced or failed; `user_id` is then the staff id). */
  @Column('text', { default: 'reader' }) kind: 'reader' | 'staff-digest';
  @Column('text') mode: 'immediate' | 'hourly' | 'daily';
  @Column('bigint', { name: 'notification_ids', array: true }) notificationIds: string[];
  /** `bounced`: the receiving server refused it for good (a 5xx to its recipient, or a bounce reported later); `last_error` holds its reply. */
  @Column('text', { default: 'pending' }) status: 'pending' | 'sent' | 'failed' | 'skipped' | 'bounced';
  /** The address it went (or was to go) to. */
  @Column('text', { nullable: true }) address: string | null;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('text', { name: 'message_id', nullable: true }) messageId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt: Date | null;
}

/** `server_secrets`: keys the service makes for itself once, shared by every instance. */
@Entity('server_secrets')
export class ServerSecretRow {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'server_secrets_pkey' }) name: string;
  @Column('text') secret: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}

/** `staff_digests`: a staff member's hourly or daily email of a site's queues (no row: none). */
@Entity('staff_digests')
@Check('staff_digests_frequency_check', `frequency IN ('hourly', 'daily')`)
export class StaffDigestRow {
  @PrimaryColumn('text', { name: 'site_id', primaryKeyConstraintName: 'staff_digests_pkey' })
  @ForeignKey(() => Site, { name: 'staff_digests_site_id_fkey', onDelete: 'CASCADE' })
  siteId: string;
  /** The viewer's id: `staff:<uuid>` for a staff account, the token's `sub` for a publisher-signed moderator. */
  @PrimaryColumn('text', { name: 'staff_id', primaryKeyConstraintName: 'staff_digests_pkey' }) staffId: string;
  @Column('text') name: string;
  /** Where the digest goes: the address the staff member had when they asked for it. */
  @Column('text') email: string;
  @Column('text') frequency: 'hourly' | 'daily';
  /** The start of the last period a digest was sent for. */
  @Column('timestamptz', { name: 'last_period_at', nullable: true }) lastPeriodAt: Date | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
