import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentViewer, OptionalViewer } from '../auth/viewer.decorator';
import type { Viewer } from '../common/viewer';
import { notFound } from '../common/api-error';
import { CreateCommentDto, ListCommentsQuery, PageQuery, ReportDto, UpdateCommentDto } from './comment.dto';
import { CommentsService } from './comments.service';
import { FirstPageCache } from './first-page-cache';

@ApiTags('comments')
@ApiBearerAuth()
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService, private readonly firstPages: FirstPageCache) {}

  @Get('articles/:articleId/comments')
  list(
    @Param('articleId') articleId: string,
    @Query() q: ListCommentsQuery,
    @OptionalViewer() viewer: Viewer | null,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // The hot read: an anonymous reader's first page is served from the event-invalidated cache.
    if (viewer || q.cursor) return this.comments.list(articleId, viewer, q.sort, q.limit, q.cursor);
    reply.header('content-type', 'application/json; charset=utf-8');
    return this.firstPages.get(articleId, `${q.sort ?? 'newest'}|${q.limit ?? ''}`, () => this.comments.list(articleId, null, q.sort, q.limit));
  }

  @Post('articles/:articleId/comments')
  create(
    @Param('articleId') articleId: string,
    @Body() dto: CreateCommentDto,
    @CurrentViewer() viewer: Viewer,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.comments.create(articleId, dto, viewer, idempotencyKey);
  }

  @Get('comments/:id')
  get(@Param('id') id: string, @OptionalViewer() viewer: Viewer | null) {
    return this.comments.getOne(id, viewer);
  }

  @Get('comments/:id/replies')
  replies(@Param('id') id: string, @Query() q: PageQuery, @OptionalViewer() viewer: Viewer | null) {
    return this.comments.replies(id, viewer, q.limit, q.cursor);
  }

  @Patch('comments/:id')
  update(@Param('id') id: string, @Body() dto: UpdateCommentDto, @CurrentViewer() viewer: Viewer) {
    return this.comments.update(id, dto.body, viewer);
  }

  @Delete('comments/:id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentViewer() viewer: Viewer): Promise<void> {
    await this.comments.remove(id, viewer);
  }

  @Put('comments/:id/reactions/:kind')
  react(@Param('id') id: string, @Param('kind') kind: string, @CurrentViewer() viewer: Viewer) {
    return this.comments.react(id, checkKind(kind), viewer, true);
  }

  @Delete('comments/:id/reactions/:kind')
  @HttpCode(200)
  unreact(@Param('id') id: string, @Param('kind') kind: string, @CurrentViewer() viewer: Viewer) {
    return this.comments.react(id, checkKind(kind), viewer, false);
  }

  @Post('comments/:id/reports')
  @HttpCode(202)
  async report(@Param('id') id: string, @Body() dto: ReportDto, @CurrentViewer() viewer: Viewer) {
    await this.comments.report(id, dto, viewer);
    return { accepted: true };
  }
}

function checkKind(kind: string): 'like' {
  if (kind !== 'like') throw notFound('UNKNOWN_REACTION', 'The only reaction is `like`');
  return kind;
}
