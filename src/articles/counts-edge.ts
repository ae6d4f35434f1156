import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { anonymousSite } from '../sites/request-site';
import { SitesService } from '../sites/sites.service';
import { ArticleCounts, countsJson, parseArticleIds } from './article-counts';

/** The route answered here (Fastify's pattern, with the global prefix). */
const ROUTE = '/api/v1/counts';
/** As ArticleCountsQuery bounds it. */
const MAX_LIST = 100 * 201;

/**
 * Answers GET /counts from memory before the rest of the request pipeline (no Nest router, guards
 * or pipes): the counts of a page's articles are asked for on every page view. Only what the
 * pipeline would answer the same way: no token or staff session, a site that exists and accepts
 * the request's Origin, a query of `articleIds` (and `site`) the route accepts. Anything else, and
 * any failure, goes on through the pipeline, which answers as it always has.
 */
export function useCountsEdge(app: NestFastifyApplication): void {
  const sites = app.get(SitesService);
  const counts = app.get(ArticleCounts);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req, reply, done) => {
      if (req.method !== 'GET' || req.routeOptions.url !== ROUTE) return done();
      const site = anonymousSite(req, sites);
      if (!site) return done();
      const q = req.query as Record<string, unknown>;
      for (const key in q) if ((key !== 'articleIds' && key !== 'site') || typeof q[key] !== 'string') return done();
      const list = q.articleIds;
      if (typeof list !== 'string' || list.length > MAX_LIST) return done();
      const ids = parseArticleIds(list);
      if (typeof ids === 'string') return done();
      counts.counts(site.id, ids).then(
        (totals) => void reply.header('content-type', 'application/json; charset=utf-8').send(countsJson(ids, totals)),
        () => done(),
      );
    });
}
