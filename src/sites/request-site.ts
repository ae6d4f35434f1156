import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DEFAULT_SITE_ID } from '../common/staff-contract';

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
