import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { COUNTS_ROUTE, countsEdge } from './articles/counts-edge';
import { answerAnonymousReads } from './sites/anonymous-edge';
import { commentReadsEdge } from './comments/comment-reads-edge';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { logsEachRequest } from './common/request-logging';
import { StrictValidationPipe } from './common/validation.pipe';
import { loadConfig } from './config/config';
import { answerClientError, answerFrameworkError, trustProxySetting, useBoundedJsonParser, useSecurityHeaders } from './http-edge';
import { ParleyIoAdapter } from './live/redis-io.adapter';
import { buildOpenApiDocument } from './openapi';
import { useDrain } from './shutdown';

/** Largest accepted request body; anything bigger is a 413 before it is parsed. */
export const BODY_LIMIT = 1024 * 1024;

const DOCS_PATH = 'api/docs';

/** Builds the application (HTTP, sockets, docs) without listening: main.ts and the tests share it. */
export async function createApp(): Promise<NestFastifyApplication> {
  // The same values ConfigModule provides; the adapter needs them before the module exists.
  const config = loadConfig();
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    // A request (headers and body) not fully arrived by then is answered 408 and closed; Node checks
    // every connection at this interval (its default, 30 s, would let a trickle run 4× past the limit).
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    http: {
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      headersTimeout: config.REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(1000, Math.floor(config.REQUEST_TIMEOUT_MS / 4)),
    },
    routerOptions: { maxParamLength: 1000 },
    // Errors raised before routing (a malformed or over-long path) or on the bare socket (headers
    // too large, a malformed request, the request timeout) answer in the contract's shape too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  // abortOnError false: a failed start throws to the caller (main exits 1 after printing it) rather
  // than Nest calling process.exit itself, which would take down a host process such as the tests'.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  useBoundedJsonParser(app, BODY_LIMIT);
  useSecurityHeaders(app, config.apiDocsEnabled ? DOCS_PATH : null);
  app.useWebSocketAdapter(new ParleyIoAdapter(app, config.REDIS_URL, config.REDIS_PREFIX));
  applyGlobalPrefix(app);
  app.useGlobalPipes(new StrictValidationPipe());
  // Without pino-http's per-request logger (above info), the filter names the request in its lines.
  app.useGlobalFilters(new HttpExceptionFilter(!logsEachRequest(config.LOG_LEVEL)));
  // The widget runs on the publisher's own origin and edits, deletes and reacts from there. The
  // origin is reflected, so every answer carries Vary: Origin (@fastify/cors adds it).
  app.enableCors({
    origin: true,
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // A string, not a list: @fastify/cors joins a list on every response.
    exposedHeaders: 'Retry-After',
  });
  // Shutdown is main.ts's (see shutdown.ts): requests are drained before anything closes.
  useDrain(app);
  // After the headers, CORS and drain hooks: anonymous reads (pages, replies, counts) answer before the Nest pipeline.
  answerAnonymousReads(app, new Map([...commentReadsEdge(app), [COUNTS_ROUTE, countsEdge(app)]]));

  // The docs describe every endpoint, moderation included: on by default outside production only.
  if (config.apiDocsEnabled) SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), { jsonDocumentUrl: `${DOCS_PATH}-json` });
  return app;
}

/** The API lives under /api/v1; health and the pages stay at the root. scripts/openapi.ts applies it too. */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'embed.js', method: RequestMethod.GET },
      { path: 'embed-extras.js', method: RequestMethod.GET },
      { path: 'count.js', method: RequestMethod.GET },
      { path: 'embed/locales/:file', method: RequestMethod.GET },
      { path: 'moderate', method: RequestMethod.GET },
      { path: 'moderate/accept', method: RequestMethod.GET },
      { path: 'moderate/reset', method: RequestMethod.GET },
      { path: 'demo', method: RequestMethod.GET },
      { path: 'web/:file', method: RequestMethod.GET },
    ],
  });
}
