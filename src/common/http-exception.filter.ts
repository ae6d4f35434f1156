import type { ErrorBody } from './contract';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { DATABASE_RETRY_AFTER_S, DATABASE_UNAVAILABLE, isDatabaseUnavailable } from './database-errors';

/** Codes for errors raised before our handlers run (Node's HTTP parser and timers, Fastify's router, body parser and limits). */
const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: 'Request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: 'Request body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'INVALID_BODY', message: 'Content-Length does not match the body' },
  FST_ERR_BAD_URL: { status: 400, code: 'INVALID_URL', message: 'The request path is not a valid URL' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: 'A path segment is too long' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', message: 'Request headers are too large' },
  HPE_INVALID_URL: { status: 400, code: 'INVALID_URL', message: 'The request path is not a valid URL' },
};
/** Any other refusal of Node's HTTP parser (HPE_*): a request line, header or chunk it cannot read. */
const MALFORMED = { status: 400, code: 'MALFORMED_REQUEST', message: 'The request is not well-formed HTTP' };

const DEFAULT_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

export type { ErrorBody };

export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse() as string | Record<string, unknown>;
    const obj = typeof res === 'string' ? { message: res } : res;
    // Nest turns the JSON parser's SyntaxError into a plain 400 carrying Fastify's message.
    const parserError = typeof obj.message === 'string' && /^Body (is not valid JSON|cannot be empty)/.test(obj.message);
    return {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      code: (obj.code as string) ?? (parserError ? 'INVALID_JSON' : (DEFAULT_CODES[status] ?? 'ERROR')),
      message: (obj.message as string | string[]) ?? exception.message,
    };
  }
  const err = exception as { code?: string; statusCode?: number; message?: string };
  const known = typeof err?.code === 'string' ? (FASTIFY_CODES[err.code] ?? (err.code.startsWith('HPE_') ? MALFORMED : undefined)) : undefined;
  if (known) return { statusCode: known.status, error: STATUS_CODES[known.status]!, code: known.code, message: known.message };
  if (err?.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return {
      statusCode: err.statusCode,
      error: STATUS_CODES[err.statusCode] ?? 'Error',
      code: DEFAULT_CODES[err.statusCode] ?? 'BAD_REQUEST',
      message: err.message ?? 'Bad request',
    };
  }
  if (isDatabaseUnavailable(exception)) {
    return { statusCode: 503, error: 'Service Unavailable', code: DATABASE_UNAVAILABLE, message: 'The database is unavailable; try again shortly' };
  }
  return { statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL_ERROR', message: 'Internal server error' };
}

/** The request as pino-http's serializer writes it (the logger's redaction hides its credentials). */
function requestFields(req: FastifyRequest) {
  return {
    id: req.id,
    method: req.method,
    url: req.url,
    query: req.query,
    params: req.params,
    headers: req.headers,
    remoteAddress: req.socket?.remoteAddress,
    remotePort: req.socket?.remotePort,
  };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /**
   * `nameRequest`: put the request (`req`, serialized and redacted like pino-http's) in the lines
   * written here. For when no per-request logger carries it already (see logsEachRequest).
   */
  constructor(private readonly nameRequest = false) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const body = toErrorBody(exception);
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const req = this.nameRequest ? requestFields(http.getRequest<FastifyRequest>()) : undefined;
    if (body.code === DATABASE_UNAVAILABLE) {
      // An outage, not a bug: one line each, no stack, and the client is told when to come back.
      const message = `database unavailable: ${(exception as Error).message}`;
      if (req) this.logger.warn({ req }, message);
      else this.logger.warn(message);
      reply.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
    } else if (body.statusCode >= 500) this.logger.error(req ? { req, err: exception } : exception);
    if (body.statusCode === Number(HttpStatus.TOO_MANY_REQUESTS) && exception instanceof HttpException) {
      const retry = (exception.getResponse() as { retryAfter?: number }).retryAfter;
      if (retry) reply.header('Retry-After', String(retry));
    }
    reply.status(body.statusCode).send(body);
  }
}
