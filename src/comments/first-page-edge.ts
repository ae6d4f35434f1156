import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SORTS, type Sort } from '../common/contract';
import { ARTICLE_ID, articleKey } from '../common/ids';
import { anonymousSite } from '../sites/request-site';
import { SitesService } from '../sites/sites.service';
import { CommentsService } from './comments.service';
import { type CachedPage, FirstPageCache } from './first-page-cache';

/** The route whose anonymous first page is answered here (Fastify's pattern, with the global prefix). */
const ROUTE = '/api/v1/articles/:articleId/comments';

/**
 * How a cache in front (a CDN, the browser) may keep an anonymous first page: a few seconds, then
 * served stale while it asks again. New comments reach open pages live; the first paint may lag by this much.
 */
export const FIRST_PAGE_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=25';
/** A signed-in reader's page (their likes, their held comments) is theirs alone. */
export const PERSONAL_CACHE_CONTROL = 'private, no-cache';
/**
 * What the answer depends on besides the URL: a token or a staff session makes it personal. Origin
 * is added by the CORS hook (the origin is reflected).
 */
const VARY = 'Authorization, Cookie';

const LIMIT = /^[1-9][0-9]{0,2}$/;
const QUERY_KEYS = new Set(['site', 'limit', 'sort']);

/** The cache's variant key for a first page: the controller and this hook must agree. */
export const firstPageVariant = (sort: Sort | undefined, limit: number | undefined): string => `${sort ?? 'newest'}|${limit ?? ''}`;

/**
 * Puts an anonymous first page's validators and caching headers on the reply and returns the body
 * to send: a client that holds this version (If-None-Match, compared weakly as RFC 9110 asks) gets a
 * bodiless 304 instead.
 */
export function firstPageAnswer(req: FastifyRequest, reply: FastifyReply, page: CachedPage): Buffer | string {
  const vary = reply.getHeader('vary');
  void reply
    .header('Vary', vary ? `${String(vary)}, ${VARY}` : VARY)
    .header('Cache-Control', FIRST_PAGE_CACHE_CONTROL)
    .header('ETag', page.etag);
  const held = req.headers['if-none-match'];
  if (held && matches(held, page.etag)) {
    void reply.status(304);
    return '';
  }
  void reply.header('content-type', 'application/json; charset=utf-8');
  return page.body;
}

function matches(header: string, etag: string): boolean {
  for (const tag of header.split(',')) {
    const t = tag.trim();
    if (t === '*' || t === etag || (t.startsWith('W/') && t.slice(2) === etag)) return true;
  }
  return false;
}

/** The query of an anonymous first page in the one plain form answered here; null for anything else (the pipeline decides). */
function plainQuery(query: unknown): { sort?: Sort; limit?: number } | null {
  const q = query as Record<string, unknown>;
  let sort: Sort | undefined;
  let limit: number | undefined;
  for (const key in q) {
    if (!QUERY_KEYS.has(key) || typeof q[key] !== 'string') return null;
  }
  if (q.sort !== undefined) {
    if (!(SORTS as readonly string[]).includes(q.sort as string)) return null;
    sort = q.sort as Sort;
  }
  if (q.limit !== undefined) {
    if (!LIMIT.test(q.limit as string)) return null;
    limit = Number(q.limit);
    if (limit > 100) return null;
  }
  return { sort, limit };
}

/**
 * Answers anonymous first pages (any article, held or not) before the rest of the request pipeline:
 * no Nest router, guards, pipes or interceptors. Runs after the security, CORS and drain hooks, so
 * the answer carries their headers and counts as in flight. It answers only what the pipeline would
 * answer the same way: a GET without a token or staff session, a query of `site`, `limit` and `sort`
 * in their plain forms, a site that exists and accepts the request's Origin (as AuthGuard checks),
 * a valid article id. Everything else, and any failure to load, goes on through the pipeline,
 * which gives the same page or the error it would always have given.
 */
export function useFirstPageEdge(app: NestFastifyApplication): void {
  const sites = app.get(SitesService);
  const cache = app.get(FirstPageCache);
  const comments = app.get(CommentsService);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req, reply, done) => {
      if (req.method !== 'GET' || req.routeOptions.url !== ROUTE) return done();
      const site = anonymousSite(req, sites);
      if (!site) return done();
      const q = plainQuery(req.query);
      if (!q) return done();
      const articleId = (req.params as { articleId?: string }).articleId;
      if (typeof articleId !== 'string' || !ARTICLE_ID.test(articleId)) return done();
      cache
        .page(articleKey(site.id, articleId), firstPageVariant(q.sort, q.limit), () => comments.list(site.id, articleId, null, q.sort, q.limit))
        .then(
          (page) => void reply.send(firstPageAnswer(req, reply, page)),
          () => done(),
        );
    });
}
