import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LiveBus } from '../events/live-bus';
import { Job, JobQueue } from '../jobs/job-queue';
import { renderEmail } from './email-content';
import { MailTransport, permanentRefusal } from './mail-transport';
import { notificationView } from './notification-view';
import { DIGEST_JOB, EMAIL_JOB, LIVE_JOB } from './notifier';
import { NotificationsConfig } from './notifications-config';
import { NotificationsRepository } from './notifications.repository';
import { EmailLocales } from './email-locales';
import { SiteSender } from './site-sender';
import { UnsubscribeKeys } from './unsubscribe-keys';

/** How often each instance deletes notifications and emails past the retention window. */
const PRUNE_EVERY_MS = 3_600_000;
/** Notifications (read or not) and the email log are kept this long. */
const RETENTION_DAYS = 90;

/**
 * The work that follows a notification, as jobs of the durable queue (any instance runs each once):
 * `notification.live` pushes it to the reader's sockets on the site (the LiveBus reaches every
 * instance's sockets over Redis); `notifications.digest` closes a reader's digest when it is due and
 * queues its one email; `email.send` sends one email, checking at send time that the reader still
 * wants it (and that their address has not bounced), marks it bounced at once when the receiving
 * server refuses the address for good, and failed (for admins to see) once its retries are spent.
 */
@Injectable()
export class NotificationJobs implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly ds: DataSource,
    private readonly jobs: JobQueue,
    private readonly repo: NotificationsRepository,
    private readonly bus: LiveBus,
    private readonly sender: SiteSender,
    private readonly mail: MailTransport,
    private readonly keys: UnsubscribeKeys,
    private readonly config: NotificationsConfig,
    private readonly locales: EmailLocales,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ id: string; userId: string }>(LIVE_JOB, {
      retryDelaysMs: () => [1000, 10_000],
      run: (job) => this.pushLive(job),
    });
    this.jobs.register<{ userId: string }>(DIGEST_JOB, {
      retryDelaysMs: () => [10_000, 60_000, 600_000],
      run: (job) => this.closeDigest(job),
    });
    this.jobs.register<{ emailId: string }>(EMAIL_JOB, {
      retryDelaysMs: () => this.config.retryDelaysMs,
      run: (job, signal) => this.send(job, signal),
      onFailure: (m, job, error, retryAt) => this.repo.emailFailed(m, job.payload.emailId, null, error.message.slice(0, 1000), retryAt === null),
    });
    this.pruneTimer = setInterval(
      () => void this.repo.prune(RETENTION_DAYS).catch((e: Error) => this.logger.warn(`pruning failed: ${e.message}`)),
      PRUNE_EVERY_MS,
    );
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  private async pushLive(job: Job<{ id: string; userId: string }>): Promise<void> {
    const [n] = await this.repo.byIds(job.siteId, [job.payload.id]);
    if (!n) return;
    const unreadCount = await this.repo.unreadCount(job.siteId, n.userId);
    this.bus.publish([{ type: 'notification', audience: { site: job.siteId, user: n.userId }, payload: { notification: notificationView(n), unreadCount } }]);
  }

  private async closeDigest(job: Job<{ userId: string }>): Promise<void> {
    const userId = job.payload.userId;
    const queued = await this.ds.transaction(async (m) => {
      const { mode, ids } = await this.repo.closeDigest(m, job.siteId, userId);
      if (mode === 'off' || !ids.length) return false;
      const emailId = await this.repo.insertEmail(m, { siteId: job.siteId, userId, mode: mode === 'immediate' ? 'hourly' : mode, ids });
      await this.jobs.enqueue(m, { kind: EMAIL_JOB, siteId: job.siteId, payload: { emailId }, dedupeKey: `${EMAIL_JOB}:${emailId}` });
      return true;
    });
    if (queued) this.jobs.wake();
  }

  private async send(job: Job<{ emailId: string }>, signal: AbortSignal): Promise<void> {
    const email = await this.repo.email(job.payload.emailId);
    if (!email || email.status !== 'pending') return;
    const reader = await this.repo.reader(email.siteId, email.userId);
    // Asked for at the time; not sent if the reader has since stopped emails, lost their address, or been banned or suspended.
    if (!reader || reader.mode === 'off' || !reader.email || reader.banned || reader.suspended) {
      const why = !reader
        ? 'no such reader'
        : reader.banned
          ? 'the reader is banned'
          : reader.suspended
            ? 'the reader is suspended'
            : !reader.email
              ? 'no address'
              : 'the reader turned emails off';
      return this.repo.finishEmail(email.id, { status: 'skipped', address: reader?.email ?? null, error: why });
    }
    if (await this.repo.addressBounced(email.siteId, email.userId, reader.email))
      return this.repo.finishEmail(email.id, { status: 'skipped', address: reader.email, error: 'the address bounced' });
    const items = (await this.repo.byIds(email.siteId, email.notificationIds)).map(notificationView);
    if (!items.length) return this.repo.finishEmail(email.id, { status: 'skipped', address: reader.email, error: 'its notifications are gone' });
    const from = this.sender.of(email.siteId);
    const unsubscribeUrl = await this.keys.link(email.siteId, email.userId);
    const { strings } = this.locales.forReader(email.siteId, reader.locale);
    const content = renderEmail({ strings, siteName: from.name, readerName: reader.name, items, digest: email.mode !== 'immediate', unsubscribeUrl });
    // Kept before trying, so a failure shows where it was going.
    await this.repo.noteAddress(email.id, reader.email);
    let messageId: string;
    try {
      messageId = await this.mail.send(
        {
          from,
          to: reader.email,
          ...content,
          headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated' },
        },
        signal,
      );
    } catch (err) {
      const refusal = permanentRefusal(err);
      if (refusal === null) throw err;
      // Refused for good: no retry, and the reader's later emails to this address are skipped.
      return this.repo.emailBounced(email.id, refusal);
    }
    await this.repo.finishEmail(email.id, { status: 'sent', address: reader.email, messageId });
  }
}
