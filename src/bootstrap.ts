import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { StrictValidationPipe } from './common/validation.pipe';

/** Largest accepted request body; anything bigger is a 413 before it is parsed. */
export const BODY_LIMIT = 1024 * 1024;

/** Builds the application (HTTP, sockets, docs) without listening: main.ts and the tests share it. */
export async function createApp(): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT, trustProxy: true, routerOptions: { maxParamLength: 1000 } } as any);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'embed.js', method: RequestMethod.GET },
      { path: 'moderate', method: RequestMethod.GET },
      { path: 'demo', method: RequestMethod.GET },
      { path: 'web/:file', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(new StrictValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableCors({ origin: true, credentials: false, exposedHeaders: ['Retry-After'] });
  app.enableShutdownHooks();

  const doc = new DocumentBuilder()
    .setTitle('Parley')
    .setDescription('Comments and moderation for news publishers. Contract: API.md.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
