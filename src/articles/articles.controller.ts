import { Body, Controller, Get, Param, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/auth.guard';
import { CurrentViewer } from '../auth/viewer.decorator';
import type { Viewer } from '../common/viewer';
import { badRequest } from '../common/api-error';
import { ApiErrors, AUTH_REQUIRED, BODY_TOO_LARGE, NOT_JSON, STAFF_FORBIDDEN, TOKEN_INVALID } from '../common/error.schema';
import { ArticleCountsQuery, UpdateArticleDto } from './article.dto';
import { ArticleCountsSchema, ArticleSchema } from './article.schema';
import { ARTICLE_IDS_REFUSED, ArticleCounts, countsJson, parseArticleIds } from './article-counts';
import { ArticlesService } from './articles.service';
import { SiteId } from '../sites/request-site';

@ApiTags('articles')
@Controller()
export class ArticlesController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly articleCounts: ArticleCounts,
  ) {}

  @Get('articles/:articleId')
  @ApiOperation({ summary: "An article's settings and comment count" })
  @ApiOkResponse({ type: ArticleSchema })
  @ApiErrors({ 400: 'INVALID_ARTICLE_ID', 401: TOKEN_INVALID, 404: 'ARTICLE_NOT_FOUND: no comment or moderator update has created it yet' })
  get(@Param('articleId') articleId: string, @SiteId() site: string) {
    return this.articles.get(site, articleId);
  }

  @Patch('articles/:articleId')
  @Roles('moderator', 'admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Article settings (moderator or admin); creates the article if need be' })
  @ApiOkResponse({ type: ArticleSchema })
  @ApiErrors({
    400: 'VALIDATION_FAILED (also when no field is sent), INVALID_BODY, INVALID_JSON, INVALID_ARTICLE_ID',
    401: AUTH_REQUIRED,
    403: STAFF_FORBIDDEN,
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  update(@Param('articleId') articleId: string, @Body() dto: UpdateArticleDto, @CurrentViewer() viewer: Viewer) {
    return this.articles.update(articleId, dto, viewer);
  }

  @Get('counts')
  @ApiOperation({ summary: 'Visible comment counts of up to 100 articles' })
  @ApiOkResponse({ type: ArticleCountsSchema })
  @ApiErrors({ 400: 'VALIDATION_FAILED, TOO_MANY_IDS, INVALID_ARTICLE_ID', 401: TOKEN_INVALID })
  async counts(@Query() q: ArticleCountsQuery, @SiteId() site: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const ids = parseArticleIds(q.articleIds);
    if (typeof ids === 'string') throw badRequest(ids, ARTICLE_IDS_REFUSED[ids]);
    const totals = await this.articleCounts.counts(site, ids);
    reply.header('content-type', 'application/json; charset=utf-8');
    return countsJson(ids, totals);
  }
}
