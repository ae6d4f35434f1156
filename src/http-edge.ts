import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyBodyParser, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { badRequest } from './common/api-error';
import { toErrorBody } from './common/http-exception.filter';
import { isJson, jsonShapeError } from './common/input-limits';
import { PAGE_CSP } from './web/web.controller';

/**
 * What Parley shows the open internet before a handler runs: which proxy to believe, how errors
 * below the router are answered, how JSON bodies are parsed, and the security headers.
 */

/** TRUST_PROXY as Fastify's `trustProxy`: `off` → the socket's address, `1` → hops, else a list. */
export function trustProxySetting(value: string): boolean | number | string[] {
  if (value === 'off') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Sent with every error written below Fastify's reply (the headers hooks never run there). */
const BARE_ERROR_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };

/** Errors the router raises before any hook (a bad URL escape, an over-long segment): the contract's shape. */
export function answerFrameworkError(err: Error, _req: FastifyRequest, reply: FastifyReply): void {
  const body = toErrorBody(err);
  reply.headers(BARE_ERROR_HEADERS).status(body.statusCode).send(body);
}

/**
 * Errors Node's HTTP server raises on the socket before there is a request (headers too large,
 * a malformed request line, the request timeout): written straight to the socket, in the
 * contract's shape, then the connection is closed as Node itself would.
 */
export function answerClientError(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // A response already under way (a read answered while its body still trickled in) cannot take another.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const body = toErrorBody(err);
    const json = JSON.stringify(body);
    const headers = {
      ...BARE_ERROR_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
      Connection: 'close',
    };
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.write(`HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode] ?? 'Error'}\r\n${head.join('')}\r\n${json}`);
  }
  socket.destroy(err);
}

const PROTOTYPE_KEY = 'A `__proto__` or `constructor` key is refused in a request body';

/**
 * application/json, with the shape of the body bounded before it is parsed (BODY_LIMITS), then
 * Fastify's own parser (prototype poisoning refused). Like INVALID_JSON, a body past the bounds
 * is refused at parse time, before the token is looked at. Only JSON is parsed: the contract
 * takes nothing else, so a text/plain or form-encoded body is a 415.
 */
export function useBoundedJsonParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  const parser: FastifyBodyParser<Buffer> = (req, body, done) => {
    const shape = jsonShapeError(body);
    if (shape) return done(badRequest('BODY_TOO_COMPLEX', shape), undefined);
    // Fastify's parser is the callback kind; its type also allows a promise. It refuses a
    // prototype key with the error of invalid JSON: a body that is valid JSON is told why.
    const text = body.toString('utf8');
    void parse(req, text, (err, value) => done(err && isJson(text) ? badRequest('INVALID_JSON', PROTOTYPE_KEY) : err, value));
  };
  app.useBodyParser('application/json', { bodyLimit }, parser);
}

/** API answers are data, never a document: nothing may load, run or frame them. */
const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

/**
 * helmet's headers on every response Fastify sends (nosniff, Referrer-Policy, X-Frame-Options,
 * CORP/COOP, a locked-down CSP), then per-path exceptions: the pages set their own CSP in the web
 * controller, the docs get the pages' CSP here (Swagger UI loads like them), and /embed.js its cross-origin CORP there. HSTS is left
 * to whatever terminates TLS. The headers do not vary per request, so helmet runs once at start
 * and each response gets the same set (helmet itself rebuilds them on every call).
 */
export function useSecurityHeaders(app: NestFastifyApplication, docsPath: string | null): void {
  const headers = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  const docs = docsPath ? `/${docsPath}` : null;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req, reply, done) => {
      void reply.headers(headers);
      if (docs && (req.url === docs || req.url.startsWith(`${docs}/`) || req.url.startsWith(`${docs}-json`))) {
        void reply.header('Content-Security-Policy', PAGE_CSP);
      }
      done();
    });
}

/** The headers helmet sets for these options, captured from one run against a recording response. */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return headers;
}
