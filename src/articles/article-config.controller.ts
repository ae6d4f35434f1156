import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ArticleReaderConfig } from '../common/contract';
import { ApiErrors, TOKEN_INVALID } from '../common/error.schema';
import { sendCacheable } from '../common/http-cache';
import { readerConfig } from '../settings/reader-config';
import { SettingsService } from '../settings/settings.service';
import { ArticleReaderConfigSchema } from './article.schema';
import { ArticlesService } from './articles.service';
import { SiteId } from '../sites/request-site';

/**
 * GET /config with one article's state: what the widget fetches at start and every minute.
 * It lives here because settings (layer 4) may not read articles (layer 5); as its own path it
 * is also its own cache entry, as public and short-lived as the site's.
 */
@ApiTags('articles')
@Controller('articles/:articleId/config')
export class ArticleConfigController {
  constructor(
    private readonly settings: SettingsService,
    private readonly articles: ArticlesService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The site's reader-facing policy and the article's own state (anonymous; Cache-Control: public, max-age=30; ETag)" })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of a copy held: 304 when it is still current' })
  @ApiOkResponse({ type: ArticleReaderConfigSchema })
  @ApiResponse({ status: 304, description: 'the copy named by If-None-Match is current' })
  @ApiErrors({ 400: 'INVALID_ARTICLE_ID', 401: TOKEN_INVALID })
  async get(@Param('articleId') articleId: string, @SiteId() site: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const article = await this.articles.readerState(site, articleId);
    const body: ArticleReaderConfig = { ...readerConfig(this.settings.get(site)), article };
    sendCacheable(req, reply, body);
  }
}
