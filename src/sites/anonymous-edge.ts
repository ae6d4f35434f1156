import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { anonymousSite } from './request-site';
import type { SiteRecord } from './sites.repository';
import { SitesService } from './sites.service';

/**
 * An answer given before the Nest pipeline: the body to send, or null to leave the request to the
 * pipeline. A rejected promise leaves it to the pipeline too, which gives the error it always has.
 */
export type EdgeAnswer = (req: FastifyRequest, reply: FastifyReply, site: SiteRecord) => Promise<unknown> | null;

/**
 * Answers anonymous reads of the given routes (Fastify's patterns, with the global prefix) before
 * the Nest router, guards, pipes and interceptors: the reads every page view makes. Only a GET
 * the global AuthGuard would let through as anonymous gets here (no token or staff session, a site
 * that exists and accepts the request's Origin); each route's answer checks its own query. One hook
 * for all of them, after the security, CORS and drain hooks, so answers carry their headers and
 * count as in flight.
 */
export function answerAnonymousReads(app: NestFastifyApplication, routes: ReadonlyMap<string, EdgeAnswer>): void {
  const sites = app.get(SitesService);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req, reply, done) => {
      if (req.method !== 'GET') return done();
      const answer = routes.get(req.routeOptions.url ?? '');
      if (!answer) return done();
      const site = anonymousSite(req, sites);
      const pending = site && answer(req, reply, site);
      if (!pending) return done();
      pending.then(
        (body) => void reply.send(body),
        () => done(),
      );
    });
}
