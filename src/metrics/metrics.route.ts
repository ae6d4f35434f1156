import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { unauthorized } from '../common/api-error';
import { toErrorBody } from '../common/http-exception.filter';
import { EnvConfig } from '../config/config';
import { AppMetrics } from './app-metrics';

/**
 * GET /metrics, where Prometheus scrapes. Open unless METRICS_TOKEN is set; then it needs
 * `Authorization: Bearer <METRICS_TOKEN>` (401 METRICS_TOKEN_REQUIRED otherwise).
 *
 * A plain Fastify route rather than a Nest controller: it is not part of the API (no /api/v1
 * prefix, not in the OpenAPI document), and the API's guard would read its bearer token as a
 * reader's JWT.
 */
@Injectable()
export class MetricsRoute implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly metrics: AppMetrics,
    private readonly config: EnvConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.get) return; // no HTTP server (e.g. the OpenAPI preview)
    const token = this.config.METRICS_TOKEN;
    fastify.get('/metrics', async (req, reply) => {
      if (token && !sameSecret(req.headers.authorization ?? '', `Bearer ${token}`)) {
        const body = toErrorBody(unauthorized('METRICS_TOKEN_REQUIRED', 'Send the METRICS_TOKEN as the bearer token'));
        return reply.status(401).header('WWW-Authenticate', 'Bearer').send(body);
      }
      const { contentType, body } = await this.metrics.scrape();
      return reply.header('Content-Type', contentType).header('Cache-Control', 'no-store').send(body);
    });
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
