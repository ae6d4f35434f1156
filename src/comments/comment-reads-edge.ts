import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SORTS, type Sort } from '../common/contract';
import { ARTICLE_ID } from '../common/ids';
import type { EdgeAnswer } from '../sites/anonymous-edge';
import { CommentsService } from './comments.service';
import { firstPageAnswer } from './first-page-edge';

const LIMIT = /^[1-9][0-9]{0,2}$/;
/** As PageQuery bounds it. */
const MAX_CURSOR = 512;

interface PlainQuery {
  sort?: Sort;
  limit?: number;
  cursor?: string;
}

/**
 * A query in the plain form a reader's widget sends (each key at most once, of those the route
 * takes, valid as its DTO would find it); null for anything else, which the pipeline then refuses
 * or answers as it always has.
 */
function plainQuery(query: unknown, keys: readonly string[]): PlainQuery | null {
  const q = query as Record<string, unknown>;
  for (const key in q) if (!keys.includes(key) || typeof q[key] !== 'string') return null;
  const out: PlainQuery = {};
  if (q.sort !== undefined) {
    if (!(SORTS as readonly string[]).includes(q.sort as string)) return null;
    out.sort = q.sort as Sort;
  }
  if (q.limit !== undefined) {
    if (!LIMIT.test(q.limit as string) || Number(q.limit) > 100) return null;
    out.limit = Number(q.limit);
  }
  if (q.cursor !== undefined) {
    if ((q.cursor as string).length > MAX_CURSOR) return null;
    out.cursor = q.cursor as string;
  }
  return out;
}

/**
 * The anonymous reads of comments, answered before the request pipeline (sites/anonymous-edge.ts)
 * with what the controller would answer: an article's first page from the event-invalidated cache
 * (with its ETag and caching headers), later pages, a comment's replies and one comment from the
 * service. A bad cursor or an unknown comment makes the service throw, and the pipeline answers
 * with its error.
 */
export function commentReadsEdge(app: NestFastifyApplication): Map<string, EdgeAnswer> {
  const comments = app.get(CommentsService);
  const params = (req: { params: unknown }) => req.params as Record<string, string | undefined>;
  return new Map<string, EdgeAnswer>([
    [
      '/api/v1/articles/:articleId/comments',
      (req, reply, site) => {
        const q = plainQuery(req.query, ['site', 'limit', 'sort', 'cursor']);
        const articleId = params(req).articleId;
        if (!q || typeof articleId !== 'string' || !ARTICLE_ID.test(articleId)) return null;
        if (q.cursor !== undefined) return comments.list(site.id, articleId, null, q.sort, q.limit, q.cursor);
        return comments.firstPage(site.id, articleId, q.sort, q.limit).then((page) => firstPageAnswer(req, reply, page));
      },
    ],
    [
      '/api/v1/comments/:id/replies',
      (req, _reply, site) => {
        const q = plainQuery(req.query, ['site', 'limit', 'cursor']);
        const id = params(req).id;
        return q && typeof id === 'string' ? comments.replies(site.id, id, null, q.limit, q.cursor) : null;
      },
    ],
    [
      '/api/v1/comments/:id',
      (req, _reply, site) => {
        const id = params(req).id;
        return plainQuery(req.query, ['site']) && typeof id === 'string' ? comments.getOne(site.id, id, null) : null;
      },
    ],
  ]);
}
