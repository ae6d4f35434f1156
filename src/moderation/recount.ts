import { Injectable } from '@nestjs/common';
import { ArticlesRepository } from '../articles/articles.repository';
import { CommentsRepository } from '../comments/comments.repository';
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
  ) {}

  /** How many rows were off in each table (all 0 when the ledger kept them right). */
  run(): Promise<RecountResult> {
    return this.txs.run(async (tx) => {
      const m = tx.manager;
      const replies = await this.comments.repairReplyCounts(m);
      const articles = await this.articles.repairCounters(m);
      const sites = await this.siteCounters.repair(m);
      const users = await this.users.repairTallies(m);
      for (const siteId of sites) tx.notify('queue.counts', { moderation: siteId }, { ...(await this.siteCounters.read(siteId, m)) });
      return { articles, site: sites.length, replies, users };
    });
  }
}
