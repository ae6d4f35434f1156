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
  return withSiteParameter(SwaggerModule.createDocument(app, config));
}

/**
 * Every API operation takes `?site=` (read by the global guard, not by each handler): it is added
 * to those whose query DTO does not already declare it.
 */
function withSiteParameter(doc: OpenAPIObject): OpenAPIObject {
  const site = {
    name: 'site',
    in: 'query' as const,
    required: false,
    description: 'the site the request acts on (default: `default`); 404 SITE_NOT_FOUND when there is no such site',
    schema: { type: 'string', example: 'default' },
  };
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const params = (op.parameters ??= []);
      const has = params.some((p) => 'name' in p && p.name === 'site' && p.in === 'query');
      if (!has) params.push(site);
      else for (const p of params) if ('name' in p && p.name === 'site') Object.assign(p, { description: site.description });
    }
  }
  return doc;
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
