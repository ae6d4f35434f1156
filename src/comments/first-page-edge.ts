import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Sort } from '../common/contract';
import type { CachedPage } from './first-page-cache';

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

/** The cache's variant key for a first page (CommentsService.firstPage, for the controller and the early answer alike). */
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
