'use strict';
/**
 * Preloaded into the service under test (`node -r bench/lib/ceiling-hook.js …`): adds one trivial
 * route, GET /bench/ceiling, to the service's own Fastify instance, so it runs behind the same
 * server-wide hooks (security headers, CORS, drain, metrics) as every route. It answers a fixed JSON
 * body: the ceiling a cached answer on this server can approach. Bench only; the product has no such route.
 */
/** @type {Record<string, any>} the module's exports, patched in place (typed loosely on purpose) */
const fastifyModule = require('fastify');

const original = fastifyModule.fastify;
const BODY = '{"ok":true}';

/** @param {...any} args */
function withCeiling(...args) {
  const app = original(...args);
  app.get('/bench/ceiling', (/** @type {any} */ _req, /** @type {any} */ reply) => {
    reply.header('content-type', 'application/json; charset=utf-8').send(BODY);
  });
  return app;
}
Object.assign(withCeiling, original);
// @nestjs/platform-fastify calls `require('fastify').fastify(…)`: the same exports object as here.
fastifyModule.fastify = withCeiling;
fastifyModule.default = withCeiling;
