import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

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
    fastify.addContentTypeParser(FORM_TYPES, { parseAs: 'string', bodyLimit: FORM_LIMIT }, (req: FastifyRequest, _body: string | Buffer, done) => {
      if (req.url.split('?')[0] === UNSUBSCRIBE_PATH) return done(null, {});
      const err = Object.assign(new Error(`Unsupported Media Type: ${req.headers['content-type'] ?? ''}`), {
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        statusCode: 415,
      });
      done(err, undefined);
    });
  }
}
