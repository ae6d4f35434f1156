import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { articleClosedEvents } from '../common/domain-events';
import { articleKey } from '../common/ids';
import { TxService } from '../events/tx.service';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { SettingsService } from '../settings/settings.service';
import { SitesService } from '../sites/sites.service';
import { ArticlesRepository } from './articles.repository';

/** How often each instance closes the articles past their site's `autoCloseDays`. */
export const AUTO_CLOSE_EVERY_MS = 60_000;
/** Articles closed per transaction; a backlog takes several. */
const BATCH = 200;
/** Who the moderation log names for a closing no one did by hand. */
export const AUTO_CLOSE_ACTOR = 'system:auto-close';

/**
 * Closes articles for comments once their first comment is `autoCloseDays` old (a site setting,
 * 0: never), as a moderator closing them would: the row, a log entry, and `article.updated` to
 * the article's readers, whose widgets then say it is closed. Every instance runs it; the
 * UPDATE skips rows another has locked and only touches open articles, so none is closed twice.
 */
@Injectable()
export class AutoClose implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('AutoClose');
  private timer?: NodeJS.Timeout;
  private running: Promise<number> | null = null;

  constructor(
    private readonly articles: ArticlesRepository,
    private readonly settings: SettingsService,
    private readonly sites: SitesService,
    private readonly txs: TxService,
    private readonly log: ModerationLog,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.runAll(), AUTO_CLOSE_EVERY_MS);
    this.timer.unref();
    // A site that turns it on (or shortens it) has its old articles closed now, not within the minute.
    this.settings.onChange((_site, s) => {
      if (s.autoCloseDays > 0) void this.runAll();
    });
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One pass over every site; resolves with how many articles it closed. One pass at a time. */
  runAll(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<number> {
    let closed = 0;
    for (const site of this.sites.list()) {
      const days = this.settings.get(site.id).autoCloseDays;
      if (!days) continue;
      try {
        closed += await this.closeSite(site.id, days);
      } catch (err) {
        this.logger.warn(`Site ${site.id}: could not close old articles: ${(err as Error).message}`);
      }
    }
    return closed;
  }

  private async closeSite(siteId: string, days: number): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.txs.run(async (tx) => {
        const closed = await this.articles.closeOlderThan(tx.manager, siteId, days, BATCH);
        for (const article of closed) {
          await this.log.write(tx.manager, {
            siteId,
            actorId: AUTO_CLOSE_ACTOR,
            action: 'article.closed',
            articleId: article.id,
            fromStatus: 'false',
            toStatus: 'true',
            reason: `${days} days after its first comment`,
          });
          await tx.record(articleKey(siteId, article.id), 'article.updated', { article });
          tx.events(articleClosedEvents(siteId, false, article, AUTO_CLOSE_ACTOR));
        }
        return closed.length;
      });
      total += n;
      if (n < BATCH) return total;
    }
  }
}
