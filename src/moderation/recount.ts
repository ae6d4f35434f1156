import { Injectable } from '@nestjs/common';
import { ArticlesRepository } from '../articles/articles.repository';
import { CommentsRepository } from '../comments/comments.repository';
import { QueueCountsFeed } from '../comments/queue-counts.feed';
import { SiteCounters } from '../comments/site-counters.repository';
import { TxService } from '../events/tx.service';
import { UsersRepository } from '../users/users.repository';

export interface RecountResult {
  articles: number;
  site: number;
  replies: number;
  users: number;
}

/** Recomputes every counter from the comments themselves and repairs any drift. */
@Injectable()
export class Recount {
  constructor(
    private readonly txs: TxService,
    private readonly comments: CommentsRepository,
    private readonly articles: ArticlesRepository,
    private readonly siteCounters: SiteCounters,
    private readonly users: UsersRepository,
    private readonly queueCounts: QueueCountsFeed,
  ) {}

  /** How many rows were off in each table (all 0 when the ledger kept them right). */
  run(): Promise<RecountResult> {
    return this.txs.run(async (tx) => {
      const m = tx.manager;
      const replies = await this.comments.repairReplyCounts(m);
      const articles = await this.articles.repairCounters(m);
      const users = await this.users.repairTallies(m);
      // Last: it keeps writers off the site counters until the commit.
      const sites = await this.siteCounters.repair(m);
      for (const siteId of sites) tx.afterCommit(`queue.counts:${siteId}`, () => this.queueCounts.changed(siteId));
      return { articles, site: sites.length, replies, users };
    });
  }
}
