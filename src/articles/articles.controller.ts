import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { CurrentViewer } from '../auth/viewer.decorator';
import type { Viewer } from '../common/viewer';
import { badRequest } from '../common/api-error';
import { assertArticleId } from '../common/ids';
import { ArticleCountsQuery, UpdateArticleDto } from './article.dto';
import { ArticlesService } from './articles.service';

@ApiTags('articles')
@Controller()
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Get('articles/:articleId')
  get(@Param('articleId') articleId: string) {
    return this.articles.get(articleId);
  }

  @Patch('articles/:articleId')
  @Roles('moderator', 'admin')
  @ApiBearerAuth()
  update(@Param('articleId') articleId: string, @Body() dto: UpdateArticleDto, @CurrentViewer() viewer: Viewer) {
    return this.articles.update(articleId, dto, viewer);
  }

  @Get('counts')
  async counts(@Query() q: ArticleCountsQuery) {
    const ids = [...new Set(q.articleIds.split(',').filter((s) => s !== ''))];
    if (!ids.length) throw badRequest('VALIDATION_FAILED', 'articleIds must name at least one article');
    if (ids.length > 100) throw badRequest('TOO_MANY_IDS', 'articleIds takes at most 100 ids');
    ids.forEach(assertArticleId);
    return { counts: await this.articles.counts(ids) };
  }
}
