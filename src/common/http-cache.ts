import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** How long a public configuration answer may be reused: a policy change reaches pages within it. */
export const CONFIG_MAX_AGE_SECONDS = 30;

/**
 * Sends a JSON answer anyone may cache for `maxAge` seconds, with an ETag of its content; a
 * client that already holds this version (If-None-Match, compared weakly as RFC 9110 asks)
 * gets a bodiless 304 instead.
 */
export function sendCacheable(req: FastifyRequest, reply: FastifyReply, body: object, maxAge = CONFIG_MAX_AGE_SECONDS): void {
  const json = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
  reply.header('Cache-Control', `public, max-age=${maxAge}`).header('ETag', etag);
  const held = String(req.headers['if-none-match'] ?? '')
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''));
  if (held.includes(etag) || held.includes('*')) {
    reply.status(304).send();
    return;
  }
  reply.type('application/json; charset=utf-8').send(json);
}
