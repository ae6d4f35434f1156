import type { EntityManager } from 'typeorm';
import type { QueueItem } from '../common/contract';
import { CommentRecord, toView } from '../comments/comment-view';

export type { QueueItem };

/** Rows the caller already holds (the write path has just updated them), so they are not read again. */
export interface KnownRows {
  /** `articles` rows with at least id, title, url. */
  article?: Record<string, any>;
  /** `users` rows with at least id, status, suspended_until, approved_count, rejected_count. */
  author?: Record<string, any>;
  /** The comments are new: no reports yet. */
  noReports?: boolean;
}

/** Shapes comments as moderators see them: full text, article, author record, reports and reasons. */
export async function buildQueueItems(m: EntityManager, records: CommentRecord[], known: KnownRows = {}): Promise<QueueItem[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const articleIds = [...new Set(records.map((r) => r.articleId))];
  const authorIds = [...new Set(records.map((r) => r.authorId))];
  // Sequential on purpose: inside a transaction all three share one connection.
  const articles = known.article ? [known.article] : await m.query(`SELECT id, title, url FROM articles WHERE id = ANY($1)`, [articleIds]);
  const authors = known.author
    ? [known.author]
    : await m.query(`SELECT id, name, status, suspended_until, approved_count, rejected_count FROM users WHERE id = ANY($1)`, [authorIds]);
  const reports = known.noReports
    ? []
    : await m.query(
        `SELECT comment_id, reason, count(*)::int AS n FROM reports
         WHERE comment_id = ANY($1::uuid[]) AND resolved_at IS NULL GROUP BY comment_id, reason`,
        [ids],
      );
  const articleById = new Map<string, any>(articles.map((a: any) => [a.id, a]));
  const authorById = new Map<string, any>(authors.map((a: any) => [a.id, a]));
  const reportsById = new Map<string, Record<string, number>>();
  for (const r of reports) {
    const entry = reportsById.get(r.comment_id) ?? {};
    entry[r.reason] = r.n;
    reportsById.set(r.comment_id, entry);
  }
  return records.map((c) => {
    const a = articleById.get(c.articleId);
    const u = authorById.get(c.authorId);
    const view = toView(c, { id: c.authorId, name: c.authorName, email: null, role: 'reader' });
    const status = u?.status === 'suspended' && u.suspended_until && new Date(u.suspended_until) < new Date() ? 'active' : u?.status;
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
        approved: Number(u?.approved_count ?? 0),
        rejected: Number(u?.rejected_count ?? 0),
      },
      reports: reportsById.get(c.id) ?? {},
      reasons: c.openReportCount > 0 ? [...c.reasons, `reports:${c.openReportCount}`] : [...c.reasons],
      moderated: c.moderated,
    };
  });
}
