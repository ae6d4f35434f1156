import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors, TOKEN_INVALID } from '../common/error.schema';
import { sendCacheable } from '../common/http-cache';
import { ReaderConfigSchema } from './public-config.schema';
import { readerConfig } from './reader-config';
import { SettingsService } from './settings.service';
import { SiteId } from '../sites/request-site';

/**
 * The site policy a reader's client needs (limits, edit window, pre-moderation), anonymous and
 * cacheable by anyone. The article-aware form is GET /articles/{id}/config (src/articles), so
 * this layer never reads articles.
 */
@ApiTags('settings')
@Controller('config')
export class PublicConfigController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: "The site's reader-facing policy (anonymous; Cache-Control: public, max-age=30; ETag)" })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of a copy held: 304 when it is still current' })
  @ApiOkResponse({ type: ReaderConfigSchema })
  @ApiResponse({ status: 304, description: 'the copy named by If-None-Match is current' })
  @ApiErrors({ 401: TOKEN_INVALID })
  get(@SiteId() site: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    sendCacheable(req, reply, readerConfig(this.settings.get(site)));
  }
}
