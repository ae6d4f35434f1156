import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { LiveBus } from '../events/live-bus';
import { SiteCounters } from './site-counters.repository';

/** How long changes to a site's queues are gathered before its totals are read and sent. */
export const QUEUE_COUNTS_DELAY_MS = 25;

interface Pending {
  timer?: NodeJS.Timeout;
  reading: boolean;
  /** A commit arrived while a read was under way (its snapshot may predate it): read once more. */
  again: boolean;
}

/**
 * Sends a site's moderators `queue.counts` after commits that changed its queues. The counters are
 * sharded, so a write no longer gets the exact totals back from its own update: they are read after
 * the commit (so they include it), at most one read per site at a time, gathering the commits of
 * QUEUE_COUNTS_DELAY_MS. Each total carries `version` (the writes summed into it, which only grows),
 * so a client drops a total that arrives after a newer one (instances read and send independently).
 */
@Injectable()
export class QueueCountsFeed implements OnModuleDestroy {
  private readonly logger = new Logger('QueueCountsFeed');
  private readonly sites = new Map<string, Pending>();
  /** The version last sent per site (reads of a site here follow each other): a read again that found no newer commit is not sent twice. */
  private readonly sent = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly counters: SiteCounters,
    private readonly bus: LiveBus,
  ) {}

  /** A commit changed the site's queues. */
  changed(siteId: string): void {
    if (this.closed) return;
    const p = this.sites.get(siteId);
    if (!p) {
      const fresh: Pending = { reading: false, again: false };
      this.sites.set(siteId, fresh);
      this.schedule(siteId, fresh);
    } else if (p.reading) p.again = true;
    // Otherwise a read is scheduled and starts after this commit.
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const p of this.sites.values()) clearTimeout(p.timer);
    this.sites.clear();
  }

  private schedule(siteId: string, p: Pending): void {
    p.timer = setTimeout(() => void this.send(siteId, p), QUEUE_COUNTS_DELAY_MS);
  }

  private async send(siteId: string, p: Pending): Promise<void> {
    p.timer = undefined;
    p.reading = true;
    try {
      const counts = await this.counters.readVersioned(siteId);
      if (!this.closed && counts.version !== this.sent.get(siteId)) {
        this.sent.set(siteId, counts.version);
        this.bus.publish([{ type: 'queue.counts', audience: { moderation: siteId }, payload: { ...counts } }]);
      }
    } catch (err) {
      if (!this.closed) this.logger.error(`queue counts of ${siteId}: ${(err as Error).message}`);
    } finally {
      p.reading = false;
      if (p.again && !this.closed) {
        p.again = false;
        this.schedule(siteId, p);
      } else this.sites.delete(siteId);
    }
  }
}
