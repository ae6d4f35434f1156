import { levels } from 'pino';

/**
 * Whether pino-http's per-request logging is worth running at this level. It writes its lines
 * ("request completed", and "request errored" for a 5xx) at `info`; above that level none of them
 * is ever written, yet each request would still pay for a child logger holding the serialized
 * request and for the async context that carries it (a tenth of an uncached read's CPU). Above
 * `info` the request is therefore not bound to a logger, and the exception filter names the
 * request in its own warn and error lines instead.
 */
export function logsEachRequest(level: string): boolean {
  const value = levels.values[level];
  return value !== undefined && value <= levels.values.info;
}
