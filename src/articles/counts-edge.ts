import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EdgeAnswer } from '../sites/anonymous-edge';
import { ArticleCounts, countsJson, parseArticleIds } from './article-counts';

/** The route answered here (Fastify's pattern, with the global prefix). */
export const COUNTS_ROUTE = '/api/v1/counts';
/** As ArticleCountsQuery bounds it. */
const MAX_LIST = 100 * 201;

/**
 * GET /counts from memory, before the request pipeline (sites/anonymous-edge.ts): the counts of a
 * page's articles are asked for on every page view. Only a query of `articleIds` (and `site`) the
 * route accepts; anything else goes on through the pipeline, which answers as it always has.
 */
export function countsEdge(app: NestFastifyApplication): EdgeAnswer {
  const counts = app.get(ArticleCounts);
  return (req, reply, site) => {
    const q = req.query as Record<string, unknown>;
    for (const key in q) if ((key !== 'articleIds' && key !== 'site') || typeof q[key] !== 'string') return null;
    const list = q.articleIds;
    if (typeof list !== 'string' || list.length > MAX_LIST) return null;
    const ids = parseArticleIds(list);
    if (typeof ids === 'string') return null;
    return counts.counts(site.id, ids).then((totals) => {
      void reply.header('content-type', 'application/json; charset=utf-8');
      return countsJson(ids, totals);
    });
  };
}
