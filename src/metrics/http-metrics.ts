import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { recordHttpRequest } from '../common/metrics';

/**
 * Counts and times every HTTP answer from Fastify's onResponse hook, so errors answered by the
 * exception filter, 404s and Fastify's own refusals count too. The route label is the matched
 * pattern (`/api/v1/comments/:id`); a request that matched no route is `unmatched`.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return; // no HTTP server (e.g. the OpenAPI preview)
    fastify.addHook('onResponse', (req, reply, done) => {
      recordHttpRequest(req.routeOptions?.url, req.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }
}
