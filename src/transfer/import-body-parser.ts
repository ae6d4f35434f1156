import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { IMPORT_CONTENT_TYPES } from './transfer.controller';

/** The route that takes a file; every other route takes JSON only. */
export const IMPORT_ROUTE = '/api/v1/import';

/**
 * POST /import takes its file unread: the body is handed to the handler as the request stream,
 * never buffered (the JSON parser's 1 MB limit does not apply to it). Any other route sent one of
 * these types answers like any content type it does not take (415).
 */
@Injectable()
export class ImportBodyParser implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addContentTypeParser) return; // no HTTP server (the OpenAPI preview)
    fastify.addContentTypeParser(IMPORT_CONTENT_TYPES, (req, payload, done) => {
      if (req.routeOptions.url !== IMPORT_ROUTE) {
        return done(Object.assign(new Error('Send application/json'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }), undefined);
      }
      done(null, payload);
    });
  }
}
