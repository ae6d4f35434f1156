import { Controller, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Roles } from '../auth/auth.guard';
import { ApiError, badRequest } from '../common/api-error';
import { ApiErrors, AUTH_REQUIRED, WRONG_ROLE } from '../common/error.schema';
import { toErrorBody } from '../common/http-exception.filter';
import { SiteId } from '../sites/request-site';
import { compilePattern, Mapping } from './mapping';
import { ImportQuery } from './transfer.dto';
import { ImportReportSchema } from './transfer.schema';
import { ImportProgress, TransferService } from './transfer.service';

/** The content types POST /import takes its file as (streamed; ImportBodyParser hands the body over unread). */
export const IMPORT_CONTENT_TYPES = ['application/octet-stream', 'application/xml', 'text/xml', 'application/x-ndjson'];
export const NDJSON = 'application/x-ndjson';

@ApiTags('import')
@ApiBearerAuth()
@Controller('import')
@Roles('admin')
@ApiErrors({ 401: AUTH_REQUIRED, 403: WRONG_ROLE })
export class TransferController {
  constructor(private readonly transfer: TransferService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Import another system's export into the site (admin)",
    description:
      'The body is the file (application/octet-stream), streamed to a temporary file as it arrives, then imported from there in batches. ' +
      'With `Accept: application/x-ndjson` the answer is a stream of lines: `{"type":"progress",...}` after each batch, then `{"type":"report","report":{...}}` ' +
      '(or `{"type":"error",...}`); otherwise the report as JSON once done. `dryRun=true` reads and maps everything and writes nothing.',
  })
  @ApiConsumes(...IMPORT_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiProduces('application/json', NDJSON)
  @ApiOkResponse({ type: ImportReportSchema })
  @ApiErrors({
    400: 'VALIDATION_FAILED, INVALID_PATTERN, IMPORT_UNREADABLE (the file is not that format), NOTHING_TO_IMPORT',
    415: 'UNSUPPORTED_MEDIA_TYPE: send the file as application/octet-stream',
  })
  async import(@Query() q: ImportQuery, @SiteId() site: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = req.body;
    if (!(body instanceof Readable)) {
      throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as application/octet-stream');
    }
    const mapping = mappingOf(q);
    const dir = await mkdtemp(join(tmpdir(), 'parley-import-'));
    const file = join(dir, 'upload');
    try {
      // The upload is taken as fast as it comes (the request must arrive within the server's
      // request timeout), then imported at the database's pace from the disk.
      await pipeline(body, createWriteStream(file));
      const total = (await stat(file)).size;
      const run = (onProgress?: (p: ImportProgress) => void) =>
        this.transfer.import(site, q.format, createReadStream(file, { highWaterMark: 256 * 1024 }), { mapping, dryRun: q.dryRun ?? false }, onProgress);
      if (!(req.headers.accept ?? '').includes(NDJSON)) {
        const report = await run();
        return void reply.status(200).header('Cache-Control', 'no-store').send(report);
      }
      const out = new PassThrough();
      void reply.status(200).header('Content-Type', `${NDJSON}; charset=utf-8`).header('Cache-Control', 'no-store').send(out);
      const line = (o: unknown) => out.write(`${JSON.stringify(o)}\n`);
      line({ type: 'progress', total, bytes: 0, comments: 0, imported: 0, alreadyImported: 0, skipped: 0 });
      try {
        const report = await run((p) => line({ type: 'progress', total, ...p }));
        line({ type: 'report', report });
      } catch (err) {
        line({ type: 'error', ...toErrorBody(err) });
      }
      out.end();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** The mapping the query asks for; `pattern` alone implies mapping=pattern. */
function mappingOf(q: ImportQuery): Mapping {
  const kind = q.mapping ?? (q.pattern !== undefined ? 'pattern' : 'identifier');
  if (kind !== 'pattern') {
    if (q.pattern !== undefined) throw badRequest('INVALID_PATTERN', 'pattern goes with mapping=pattern');
    return { kind };
  }
  if (!q.pattern) throw badRequest('INVALID_PATTERN', 'mapping=pattern needs pattern: a regular expression with a capture group');
  const re = compilePattern(q.pattern);
  if (typeof re === 'string') throw badRequest('INVALID_PATTERN', re);
  return { kind, pattern: re };
}
