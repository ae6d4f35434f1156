import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/auth.guard';
import { ApiErrors, AUTH_REQUIRED, WRONG_ROLE } from '../common/error.schema';
import { SiteScopedQuery } from '../common/site-query';
import { SiteId } from '../sites/request-site';
import { EXPORT_FORMATS, ExportFormat, ExportService } from './export.service';

export class ExportQuery extends SiteScopedQuery {
  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    default: 'ndjson',
    description: "ndjson: Parley's own, complete and re-importable (format=parley); disqus: Disqus XML",
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` })
  format?: ExportFormat;
}

@ApiTags('import')
@ApiBearerAuth()
@Controller('export')
@Roles('admin')
@ApiErrors({ 401: AUTH_REQUIRED, 403: WRONG_ROLE })
export class ExportController {
  constructor(private readonly exporter: ExportService) {}

  @Get()
  @ApiOperation({
    summary: 'Export the site (admin)',
    description:
      'Streamed as it is read, from one snapshot of the database. `format=ndjson` (default): a manifest line (format, version, site, counts, time), ' +
      'then one JSON record per line (settings, users, articles, comments with their revisions, reactions and reports, the moderation log); ' +
      'POST /import?format=parley reads it back. `format=disqus`: Disqus XML (threads, then posts).',
  })
  // The file is NDJSON or XML; refusals are JSON like every other error.
  @ApiProduces('application/json')
  @ApiOkResponse({
    description: 'the export file (an attachment)',
    content: { 'application/x-ndjson': { schema: { type: 'string', format: 'binary' } }, 'application/xml': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors({ 400: 'VALIDATION_FAILED' })
  export(@Query() q: ExportQuery, @SiteId() site: string, @Res() reply: FastifyReply): void {
    const format = q.format ?? 'ndjson';
    const stream = this.exporter.stream(site, format);
    const day = new Date().toISOString().slice(0, 10);
    const [type, ext] = format === 'ndjson' ? ['application/x-ndjson', 'ndjson'] : ['application/xml', 'xml'];
    void reply
      .status(200)
      .header('Content-Type', `${type}; charset=utf-8`)
      .header('Content-Disposition', `attachment; filename="parley-${site}-${day}.${ext}"`)
      .header('Cache-Control', 'no-store')
      .send(stream);
  }
}
