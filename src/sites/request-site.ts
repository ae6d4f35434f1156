import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DEFAULT_SITE_ID, SESSION_COOKIE, SITE_ID } from '../common/staff-contract';
import type { SiteRecord } from './sites.repository';
import type { SitesService } from './sites.service';

/** A request once the global guard has resolved its site. */
export type SiteScopedRequest = FastifyRequest & { siteId?: string };

/**
 * The site a request names: the `site` query parameter (every API route takes it), else the default
 * site. As sent: the guard checks that it exists (404 SITE_NOT_FOUND) before any handler runs.
 */
export function siteParam(req: FastifyRequest): string {
  const site = (req.query as Record<string, unknown> | undefined)?.site;
  // Anything but one string (a repeated parameter is an array) names no site: the guard's 404.
  return site === undefined ? DEFAULT_SITE_ID : typeof site === 'string' ? site : '';
}

/** The id of the site the request acts on (resolved and checked by the global AuthGuard). */
export function requestSiteId(req: FastifyRequest): string {
  return (req as SiteScopedRequest).siteId ?? siteParam(req);
}

/** Handler parameter: the id of the site the request acts on. */
export const SiteId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => requestSiteId(ctx.switchToHttp().getRequest<FastifyRequest>()));

/**
 * For answers given before the request pipeline (cached pages, counts): the site of a request the
 * global AuthGuard would let through as anonymous, or null when the guard has anything to say (a
 * token or staff session to verify, an unknown or repeated `site`, an Origin the site does not list).
 * Null sends the request on through the pipeline, which answers as it always has.
 */
export function anonymousSite(req: FastifyRequest, sites: SitesService): SiteRecord | null {
  if (req.headers.authorization || req.headers.cookie?.includes(SESSION_COOKIE)) return null;
  const id = siteParam(req);
  const site = SITE_ID.test(id) ? sites.get(id) : undefined;
  if (!site || !sites.originAllowed(site, req.headers.origin, req.headers.host)) return null;
  return site;
}
