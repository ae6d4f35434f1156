import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue';
import { SettingsService } from '../settings/settings.service';
import { SitesService } from '../sites/sites.service';
import { DataRightsRepository } from './data-rights.repository';

/** How often each instance schedules the retention pass of the sites that keep emails and IPs for a limited time. */
export const RETENTION_EVERY_MS = 60 * 60_000;
export const RETENTION_JOB = 'privacy.retention';

/**
 * The site's `retentionDays`: stored emails and IP addresses older than that are removed. Every
 * instance schedules one job per site and hour (the dedupe key makes it one job whoever schedules
 * it), and one more at once when a site changes the setting; the job queue runs it, retries a
 * failure, and any instance may take it.
 */
@Injectable()
export class Retention implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repo: DataRightsRepository,
    private readonly jobs: JobQueue,
    private readonly settings: SettingsService,
    private readonly sites: SitesService,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register<Record<string, never>>(RETENTION_JOB, {
      retryDelaysMs: () => [60_000, 600_000, 3_600_000],
      run: async (job) => {
        await this.expireSite(job.siteId);
      },
    });
    this.timer = setInterval(
      () => void this.scheduleAll().catch((e: Error) => this.logger.warn(`Could not schedule retention: ${e.message}`)),
      RETENTION_EVERY_MS,
    );
    this.timer.unref();
    this.settings.onChange((site, s) => {
      if (s.retentionDays !== null) void this.schedule(site, `now:${Date.now()}`).catch(() => undefined);
    });
  }

  /** A pass at start, not an hour later. */
  onApplicationBootstrap(): void {
    void this.scheduleAll().catch((e: Error) => this.logger.warn(`Could not schedule retention: ${e.message}`));
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Schedules this hour's pass of every site with a retention; answers how many were new. */
  async scheduleAll(): Promise<number> {
    let added = 0;
    const hour = Math.floor(Date.now() / 3_600_000);
    for (const site of this.sites.list()) {
      if (this.settings.get(site.id).retentionDays !== null && (await this.schedule(site.id, `h${hour}`))) added++;
    }
    return added;
  }

  /** Removes what the site's retention says is too old, now; answers what it removed. */
  async expireSite(siteId: string): Promise<{ emails: number; addresses: number; ips: number }> {
    const days = this.settings.get(siteId).retentionDays;
    if (days === null) return { emails: 0, addresses: 0, ips: 0 };
    const removed = await this.repo.expire(siteId, days);
    if (removed.emails || removed.addresses || removed.ips) {
      this.logger.log(
        `Site ${siteId}: removed ${removed.emails} emails, ${removed.addresses} email addresses and ${removed.ips} IP addresses past ${days} days`,
      );
    }
    return removed;
  }

  private async schedule(siteId: string, slot: string): Promise<boolean> {
    const id = await this.jobs.enqueue(this.ds.manager, { kind: RETENTION_JOB, siteId, dedupeKey: `${RETENTION_JOB}:${siteId}:${slot}` });
    if (id) this.jobs.wake();
    return !!id;
  }
}
