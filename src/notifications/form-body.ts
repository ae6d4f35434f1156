import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** The one path that takes a form body: mail clients' one-click unsubscribe (RFC 8058). */
const UNSUBSCRIBE_PATH = '/api/v1/notifications/unsubscribe';
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
/** A one-click body is `List-Unsubscribe=One-Click`, or that as one multipart field. */
const FORM_LIMIT = 4096;

/**
 * The service parses JSON only; a mail client's one-click unsubscribe posts a form (RFC 8058) and
 * the unsubscribe page's button posts one too. This takes such a body on the unsubscribe path only,
 * and drops it (the signed token is in the URL). Anywhere else a form stays a 415, as before.
 */
@Injectable()
export class UnsubscribeFormBody implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addContentTypeParser) return;
    // The raw stream, not a parsed string: a form sent anywhere else is refused before a byte of it is read.
    fastify.addContentTypeParser(FORM_TYPES, (req: FastifyRequest, payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => {
      if (req.url.split('?')[0] !== UNSUBSCRIBE_PATH) {
        return done(
          Object.assign(new Error(`Unsupported Media Type: ${req.headers['content-type'] ?? ''}`), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }),
        );
      }
      // The token is in the URL: the body is read only to its end, and dropped.
      let size = 0;
      let answered = false;
      const answer = (err: Error | null) => {
        if (answered) return;
        answered = true;
        done(err, err ? undefined : {});
      };
      payload.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > FORM_LIMIT) {
          answer(Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }));
          payload.resume();
        }
      });
      payload.on('end', () => answer(null));
      payload.on('error', (err) => answer(err));
    });
  }
}
