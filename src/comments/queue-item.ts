import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ArticlesRepository } from '../articles/articles.repository';
import type { ArticleView, QueueItem } from '../common/contract';
import { UserRecord, UsersRepository } from '../users/users.repository';
import { CommentRecord, toView } from './comment-view';
import { CommentsRepository } from './comments.repository';

/** Rows the caller already holds (the write path has just updated them), so they are not read again. */
export interface KnownRows {
  article?: ArticleView;
  author?: UserRecord;
  /** The comments are new: no reports yet. */
  noReports?: boolean;
}

/** Shapes comments as moderators see them: full text, article, author record, reports and reasons. */
@Injectable()
export class QueueItems {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly articles: ArticlesRepository,
    private readonly users: UsersRepository,
  ) {}

  /** `records` are of one site (every caller reads them from one). */
  async build(m: EntityManager, records: CommentRecord[], known: KnownRows = {}): Promise<QueueItem[]> {
    if (!records.length) return [];
    const site = records[0].siteId;
    // Sequential on purpose: inside a transaction all three share one connection.
    const articles = known.article ? [known.article] : await this.articles.findMany(m, site, [...new Set(records.map((r) => r.articleId))]);
    const authors = known.author ? [known.author] : await this.users.findMany(m, site, [...new Set(records.map((r) => r.authorId))]);
    const reports = known.noReports
      ? new Map<string, Record<string, number>>()
      : await this.comments.openReports(
          m,
          records.map((r) => r.id),
        );
    const notes = known.noReports
      ? new Map<string, QueueItem['reportNotes']>()
      : await this.comments.openReportNotes(
          m,
          records.map((r) => r.id),
        );
    const articleById = new Map(articles.map((a) => [a.id, a]));
    const authorById = new Map(authors.map((a) => [a.id, a]));
    const now = new Date();
    return records.map((c) => {
      const a = articleById.get(c.articleId);
      const u = authorById.get(c.authorId);
      const view = toView(c, { siteId: c.siteId, id: c.authorId, name: c.authorName, email: null, role: 'reader' });
      // A suspension that has run out is shown as what it now is.
      const status = u?.status === 'suspended' && u.suspendedUntil && u.suspendedUntil < now ? 'active' : u?.status;
      return {
        ...view,
        status: c.status,
        body: c.body,
        html: c.html,
        author: { id: c.authorId, name: c.authorName },
        article: { id: c.articleId, title: a?.title ?? null, url: a?.url ?? null },
        authorSummary: {
          id: c.authorId,
          name: c.authorName,
          status: status ?? 'active',
          approved: u?.approvedCount ?? 0,
          rejected: u?.rejectedCount ?? 0,
        },
        reports: reports.get(c.id) ?? {},
        reportNotes: notes.get(c.id) ?? [],
        reasons: c.openReportCount > 0 ? [...c.reasons, `reports:${c.openReportCount}`] : [...c.reasons],
        moderated: c.moderated,
      };
    });
  }

  async one(m: EntityManager, c: CommentRecord): Promise<QueueItem> {
    const [item] = await this.build(m, [c]);
    return item;
  }
}
