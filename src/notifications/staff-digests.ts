import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflict } from '../common/api-error';
import type { StaffDigestFrequency, StaffDigestView } from '../common/notification-contract';
import { DEFAULT_SITE_ID } from '../common/staff-contract';
import type { Viewer } from '../common/viewer';
import { Job, JobQueue, NewJob } from '../jobs/job-queue';
import { renderStaffDigest } from './email-content';
import { MailTransport, permanentRefusal } from './mail-transport';
import { NotificationsConfig } from './notifications-config';
import { EmailLocales } from './email-locales';
import { NotificationsRepository } from './notifications.repository';
import { SiteSender } from './site-sender';
import { UnsubscribeKeys } from './unsubscribe-keys';
import { StaffDigestRecord, StaffDigestsRepository } from './staff-digests.repository';

export const STAFF_DIGEST_JOB = 'staff.digest';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How often each instance makes sure every digest has its next period's job (they are deduplicated). */
const SWEEP_EVERY_MS = 60_000;

type Frequency = Exclude<StaffDigestFrequency, 'off'>;

interface DigestPayload {
  staffId: string;
  frequency: Frequency;
  /** The end of the period the digest is for (ISO): the top of an hour, or midnight UTC. */
  periodEnd: string;
}

/** The end of the period `now` falls in: the next top of the hour, or the next midnight UTC. */
export function periodEnd(frequency: Frequency, now: number): Date {
  const size = frequency === 'hourly' ? HOUR_MS : DAY_MS;
  return new Date(Math.floor(now / size) * size + size);
}

/** The job of one digest period: its dedupe key makes it one per staff member, site and period, however many instances enqueue it. */
export function digestJob(siteId: string, staffId: string, frequency: Frequency, end: Date): NewJob {
  return {
    kind: STAFF_DIGEST_JOB,
    siteId,
    payload: { staffId, frequency, periodEnd: end.toISOString() } satisfies DigestPayload,
    runAt: end,
    dedupeKey: `${STAFF_DIGEST_JOB}:${siteId}:${staffId}:${frequency}:${end.getTime()}`,
  };
}

/**
 * Staff members' email digests of a site's queues. Asking for one (hourly or daily) stores it per
 * site; each period's digest is a job due at the period's end, enqueued with a per-period dedupe
 * key (every instance sweeps every minute so the next period always has its job; two instances
 * enqueue it once) and recorded as sent on the row (a retried or repeated job sends nothing more).
 * A digest with empty queues is not sent; one for a staff account that left the site or was
 * disabled is not sent either, nor one to an address that bounced. Each one sent, bounced or failed
 * is kept in the email log (`notification_emails`, kind `staff-digest`).
 */
@Injectable()
export class StaffDigests implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('StaffDigests');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ds: DataSource,
    private readonly jobs: JobQueue,
    private readonly repo: StaffDigestsRepository,
    private readonly mail: MailTransport,
    private readonly sender: SiteSender,
    private readonly config: NotificationsConfig,
    private readonly locales: EmailLocales,
    private readonly emails: NotificationsRepository,
    private readonly keys: UnsubscribeKeys,
  ) {}

  onModuleInit(): void {
    this.jobs.register<DigestPayload>(STAFF_DIGEST_JOB, {
      retryDelaysMs: () => this.config.retryDelaysMs,
      run: (job, signal) => this.send(job, signal),
      // Spent its retries: listed for the site's admins with readers' failed emails.
      onFailure: async (m, job, error, retryAt) => {
        if (retryAt !== null) return;
        const row = await this.repo.get(job.siteId, job.payload.staffId);
        await this.emails.staffDigestDone(m, {
          siteId: job.siteId,
          staffId: job.payload.staffId,
          frequency: job.payload.frequency,
          status: 'failed',
          address: row?.email ?? null,
          attempts: job.attempts,
          error: error.message.slice(0, 1000),
        });
      },
    });
  }

  onApplicationBootstrap(): void {
    const sweep = () => void this.sweep().catch((e: Error) => this.logger.warn(`scheduling digests failed: ${e.message}`));
    sweep();
    this.timer = setInterval(sweep, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async get(viewer: Viewer): Promise<StaffDigestView> {
    const row = await this.repo.get(viewer.siteId, viewer.id);
    return { frequency: row?.frequency ?? 'off', address: row?.email ?? viewer.email, emailAvailable: this.config.emailEnabled };
  }

  /** Any choice but `off` needs a deployment that sends email and an address on the staff account (or the moderator's token). */
  async set(viewer: Viewer, frequency: StaffDigestFrequency): Promise<StaffDigestView> {
    if (frequency === 'off') {
      await this.repo.remove(viewer.siteId, viewer.id);
      return this.get(viewer);
    }
    if (!this.config.emailEnabled) throw conflict('EMAIL_UNAVAILABLE', 'This service sends no email');
    if (!viewer.email) throw conflict('NO_EMAIL', 'Your sign-in carries no email address');
    await this.ds.transaction(async (m) => {
      await this.repo.set(m, { siteId: viewer.siteId, staffId: viewer.id, name: viewer.name, email: viewer.email!, frequency });
      await this.jobs.enqueue(m, digestJob(viewer.siteId, viewer.id, frequency, periodEnd(frequency, Date.now())));
    });
    return this.get(viewer);
  }

  /** Makes sure each digest asked for has the job of its current period. */
  async sweep(): Promise<void> {
    const now = Date.now();
    const rows = await this.repo.all();
    await this.jobs.enqueueMany(
      this.ds.manager,
      rows.map((r) => digestJob(r.siteId, r.staffId, r.frequency, periodEnd(r.frequency, now))),
    );
  }

  private async send(job: Job<DigestPayload>, signal: AbortSignal): Promise<void> {
    const { staffId, frequency } = job.payload;
    const end = new Date(job.payload.periodEnd);
    const row = await this.repo.get(job.siteId, staffId);
    // Turned off or changed since, or this period went out already.
    if (!row || row.frequency !== frequency || (row.lastPeriodAt && row.lastPeriodAt >= end)) return;
    if (!(await this.stillStaff(row))) return;
    // An address that bounced gets no more digests; asking again with another address starts them again.
    if (await this.emails.addressBounced(job.siteId, staffId, row.email)) return;
    const queues = await this.repo.snapshot(job.siteId, new Date(end.getTime() - (frequency === 'hourly' ? HOUR_MS : DAY_MS)), end);
    if (queues.pending + queues.reported > 0) {
      const from = this.sender.of(job.siteId);
      const { strings, locale } = this.locales.forSite(job.siteId);
      const unsubscribeUrl = await this.keys.link(job.siteId, staffId, 'staff-digest');
      const content = renderStaffDigest({
        strings,
        locale,
        siteName: from.name,
        staffName: row.name,
        frequency,
        queues,
        dashboardUrl: this.dashboardUrl(job.siteId),
        unsubscribeUrl,
      });
      const headers = { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated' };
      const done = { siteId: job.siteId, staffId, frequency, address: row.email, attempts: job.attempts };
      try {
        const messageId = await this.mail.send({ from, to: row.email, ...content, headers }, signal);
        await this.emails.staffDigestDone(this.ds.manager, { ...done, status: 'sent', messageId });
      } catch (err) {
        const refusal = permanentRefusal(err);
        if (refusal === null) throw err;
        // Refused for good: listed for admins at once, not retried.
        await this.emails.staffDigestDone(this.ds.manager, { ...done, status: 'bounced', error: refusal });
      }
    }
    await this.repo.markSent(job.siteId, staffId, end);
  }

  /** A staff account must still work on the site; a moderator of the publisher's tokens cannot be checked here. */
  private stillStaff(row: StaffDigestRecord): Promise<boolean> {
    if (!row.staffId.startsWith('staff:')) return Promise.resolve(true);
    return this.repo.isMember(row.siteId, row.staffId.slice('staff:'.length));
  }

  private dashboardUrl(siteId: string): string {
    return `${this.config.publicUrl}/moderate${siteId === DEFAULT_SITE_ID ? '' : `?site=${encodeURIComponent(siteId)}`}`;
  }
}
