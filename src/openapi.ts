import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document of the HTTP API, read from the controllers' decorators. bootstrap.ts serves
 * it at /api/docs-json and scripts/openapi.ts writes it to docs/openapi.json; the routes' global
 * prefix must be set on `app` first (applyGlobalPrefix in bootstrap.ts).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Parley')
    .setDescription('Comments and moderation for news publishers. Contract: docs/API.md.')
    .setVersion('1')
    .addBearerAuth()
    // Staff sessions (the dashboard): the cookie, plus X-CSRF-Token on writes.
    .addCookieAuth('parley_session')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Object keys sorted at every level (arrays keep their order), so the written file diffs cleanly. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  ) as T;
}

/** docs/openapi.json's exact text: sorted keys, 2-space JSON, a trailing newline. */
export const openApiText = (doc: OpenAPIObject): string => `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
