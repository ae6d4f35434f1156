import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpExceptionFilter, toErrorBody } from './common/http-exception.filter';
import { StrictValidationPipe } from './common/validation.pipe';
import { EnvConfig } from './config/config';
import { ParleyIoAdapter } from './live/redis-io.adapter';
import { buildOpenApiDocument } from './openapi';
import { useDrain } from './shutdown';

/** Largest accepted request body; anything bigger is a 413 before it is parsed. */
export const BODY_LIMIT = 1024 * 1024;

/** Builds the application (HTTP, sockets, docs) without listening: main.ts and the tests share it. */
export async function createApp(): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: true,
    routerOptions: { maxParamLength: 1000 },
    // Errors Fastify raises before routing (a malformed or over-long path) answer in the contract's shape too.
    frameworkErrors: (err: Error, _req: FastifyRequest, reply: FastifyReply) => {
      const body = toErrorBody(err);
      reply.status(body.statusCode).send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const config = app.get(EnvConfig);
  app.useWebSocketAdapter(new ParleyIoAdapter(app, config.REDIS_URL, config.REDIS_PREFIX));
  applyGlobalPrefix(app);
  app.useGlobalPipes(new StrictValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  // The widget runs on the publisher's own origin and edits, deletes and reacts from there.
  app.enableCors({
    origin: true,
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: ['Retry-After'],
  });
  // Shutdown is main.ts's (see shutdown.ts): requests are drained before anything closes.
  useDrain(app);

  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** The API lives under /api/v1; health and the pages stay at the root. scripts/openapi.ts applies it too. */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'embed.js', method: RequestMethod.GET },
      { path: 'moderate', method: RequestMethod.GET },
      { path: 'demo', method: RequestMethod.GET },
      { path: 'web/:file', method: RequestMethod.GET },
    ],
  });
}
