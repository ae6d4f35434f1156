import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowAnonymous } from '../auth/auth.guard';
import { CurrentViewer, OptionalViewer } from '../auth/viewer.decorator';
import type { Viewer } from '../common/viewer';
import { notFound } from '../common/api-error';
import { ApiErrors, AUTH_REQUIRED, BODY_TOO_LARGE, NOT_JSON, RATE_LIMITED, TOKEN_INVALID } from '../common/error.schema';
import { PageQuery } from '../common/site-query';
import { CreateCommentDto, ListCommentsQuery, PreviewCommentDto, ReportDto, UpdateCommentDto } from './comment.dto';
import {
  ArticleCommentPageSchema,
  CommentContextSchema,
  CommentPageSchema,
  CommentPreviewSchema,
  CommentSchema,
  ReactionStateSchema,
  ReaderStandingSchema,
  ReportAcceptedSchema,
} from './comment.schema';
import { CommentsService } from './comments.service';
import { firstPageAnswer, PERSONAL_CACHE_CONTROL } from './first-page-edge';
import { SiteId } from '../sites/request-site';

const REACTION_ERRORS = {
  401: AUTH_REQUIRED,
  403: 'USER_BANNED, USER_SUSPENDED, NOT_REACTABLE',
  404: 'COMMENT_NOT_FOUND, UNKNOWN_REACTION',
  429: RATE_LIMITED,
};

@ApiTags('comments')
@ApiBearerAuth()
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get('articles/:articleId/comments')
  @ApiOperation({ summary: 'Top-level comments of an article' })
  @ApiOkResponse({ type: ArticleCommentPageSchema })
  @ApiErrors({ 400: 'INVALID_ARTICLE_ID, INVALID_CURSOR, VALIDATION_FAILED (a bad limit, sort or unknown parameter)', 401: TOKEN_INVALID })
  async list(
    @Param('articleId') articleId: string,
    @Query() q: ListCommentsQuery,
    @OptionalViewer() viewer: Viewer | null,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @SiteId() site: string,
  ) {
    if (viewer) reply.header('Cache-Control', PERSONAL_CACHE_CONTROL);
    if (viewer || q.cursor) return this.comments.list(site, articleId, viewer, q.sort, q.limit, q.cursor);
    // The hot read: an anonymous reader's first page comes from the event-invalidated cache. Its
    // plain forms are answered before this pipeline runs (comment-reads-edge.ts); the rest land here.
    return firstPageAnswer(req, reply, await this.comments.firstPage(site, articleId, q.sort, q.limit));
  }

  @Post('articles/:articleId/comments')
  @ApiOperation({ summary: 'Post a comment or a reply; its status says whether it was published, held or refused by policy' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'the same key from the same user returns the first result and creates nothing new' })
  @ApiCreatedResponse({ type: CommentSchema })
  @ApiErrors({
    400: 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON, INVALID_ARTICLE_ID, COMMENT_EMPTY, COMMENT_TOO_LONG, PARENT_NOT_REPLYABLE, MAX_DEPTH_EXCEEDED, INVALID_IDEMPOTENCY_KEY',
    401: AUTH_REQUIRED,
    403: 'USER_BANNED, USER_SUSPENDED, ARTICLE_CLOSED',
    404: 'PARENT_NOT_FOUND',
    409: 'IDEMPOTENCY_KEY_REUSED: the key was used for a different comment',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
    429: `${RATE_LIMITED}; FLOOD: more comments this minute than the site allows (rateLimits.commentsPerMinute), nothing stored; see the Retry-After header`,
  })
  create(
    @Param('articleId') articleId: string,
    @Body() dto: CreateCommentDto,
    @CurrentViewer() viewer: Viewer,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.comments.create(articleId, dto, viewer, idempotencyKey);
  }

  @Post('comments/preview')
  @HttpCode(200)
  @AllowAnonymous()
  @ApiOperation({ summary: 'A body rendered exactly as it would be published (the same checks as posting; nothing stored; anonymous allowed)' })
  @ApiOkResponse({ type: CommentPreviewSchema })
  @ApiErrors({
    400: 'VALIDATION_FAILED (no body, or over 20,000 characters), INVALID_JSON, COMMENT_EMPTY, COMMENT_TOO_LONG, COMMENT_BIDI_CONTROL',
    401: TOKEN_INVALID,
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
    429: `${RATE_LIMITED} (counted as a write: per reader, or per address without a token)`,
  })
  preview(@Body() dto: PreviewCommentDto, @SiteId() site: string) {
    return this.comments.preview(site, dto.body);
  }

  @Get('comments/:id')
  @ApiOperation({ summary: 'One comment (visibility rules apply)' })
  @ApiOkResponse({ type: CommentSchema })
  @ApiErrors({ 401: TOKEN_INVALID, 404: 'COMMENT_NOT_FOUND' })
  get(@Param('id') id: string, @OptionalViewer() viewer: Viewer | null, @SiteId() site: string) {
    return this.comments.getOne(site, id, viewer);
  }

  @Get('comments/:id/context')
  @ApiOperation({ summary: 'A comment with the thread above it, root first (what a link to the comment opens)' })
  @ApiOkResponse({ type: CommentContextSchema })
  @ApiErrors({ 401: TOKEN_INVALID, 404: 'COMMENT_NOT_FOUND (the comment or one above it is not visible to the viewer)' })
  context(@Param('id') id: string, @OptionalViewer() viewer: Viewer | null, @SiteId() site: string) {
    return this.comments.context(site, id, viewer);
  }

  @Get('me')
  @ApiOperation({ summary: "The signed-in reader's standing on the site: whether they may post, and if not why (banned, suspended until)" })
  @ApiOkResponse({ type: ReaderStandingSchema })
  @ApiErrors({ 401: `${AUTH_REQUIRED}, ${TOKEN_INVALID}` })
  me(@CurrentViewer() viewer: Viewer) {
    return this.comments.standing(viewer);
  }

  @Get('comments/:id/replies')
  @ApiOperation({ summary: 'Direct replies, oldest first' })
  @ApiOkResponse({ type: CommentPageSchema })
  @ApiErrors({ 400: 'INVALID_CURSOR, VALIDATION_FAILED', 401: TOKEN_INVALID, 404: 'COMMENT_NOT_FOUND' })
  replies(@Param('id') id: string, @Query() q: PageQuery, @OptionalViewer() viewer: Viewer | null, @SiteId() site: string) {
    return this.comments.replies(site, id, viewer, q.limit, q.cursor);
  }

  @Patch('comments/:id')
  @ApiOperation({ summary: 'The author edits within the edit window; moderation runs again' })
  @ApiOkResponse({ type: CommentSchema })
  @ApiErrors({
    400: 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON, COMMENT_EMPTY, COMMENT_TOO_LONG',
    401: AUTH_REQUIRED,
    403: 'USER_BANNED, USER_SUSPENDED, NOT_AUTHOR, COMMENT_REJECTED, EDIT_WINDOW_CLOSED, ARTICLE_CLOSED',
    404: 'COMMENT_NOT_FOUND',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
    429: RATE_LIMITED,
  })
  update(@Param('id') id: string, @Body() dto: UpdateCommentDto, @CurrentViewer() viewer: Viewer) {
    return this.comments.update(id, dto.body, viewer);
  }

  @Delete('comments/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'The author (or a moderator) deletes' })
  @ApiNoContentResponse({ description: 'deleted (or already deleted)' })
  @ApiErrors({ 401: AUTH_REQUIRED, 403: 'NOT_AUTHOR', 404: 'COMMENT_NOT_FOUND', 429: RATE_LIMITED })
  async remove(@Param('id') id: string, @CurrentViewer() viewer: Viewer): Promise<void> {
    await this.comments.remove(id, viewer);
  }

  @Put('comments/:id/reactions/:kind')
  @ApiOperation({ summary: 'Like (idempotent)' })
  @ApiParam({ name: 'kind', enum: ['like'] })
  @ApiOkResponse({ type: ReactionStateSchema })
  @ApiErrors(REACTION_ERRORS)
  react(@Param('id') id: string, @Param('kind') kind: string, @CurrentViewer() viewer: Viewer) {
    return this.comments.react(id, checkKind(kind), viewer, true);
  }

  @Delete('comments/:id/reactions/:kind')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unlike (idempotent)' })
  @ApiParam({ name: 'kind', enum: ['like'] })
  @ApiOkResponse({ type: ReactionStateSchema })
  @ApiErrors(REACTION_ERRORS)
  unreact(@Param('id') id: string, @Param('kind') kind: string, @CurrentViewer() viewer: Viewer) {
    return this.comments.react(id, checkKind(kind), viewer, false);
  }

  @Post('comments/:id/reports')
  @HttpCode(202)
  @ApiOperation({ summary: 'Report a comment; one report per user per comment counts (`alreadyReported` says when this one did not)' })
  @ApiAcceptedResponse({ type: ReportAcceptedSchema })
  @ApiErrors({
    400: 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON',
    401: AUTH_REQUIRED,
    403: 'USER_BANNED, USER_SUSPENDED, NOT_REPORTABLE, OWN_COMMENT',
    404: 'COMMENT_NOT_FOUND',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
    429: RATE_LIMITED,
  })
  async report(@Param('id') id: string, @Body() dto: ReportDto, @CurrentViewer() viewer: Viewer) {
    const { alreadyReported } = await this.comments.report(id, dto, viewer);
    return { accepted: true as const, alreadyReported };
  }
}

function checkKind(kind: string): 'like' {
  if (kind !== 'like') throw notFound('UNKNOWN_REACTION', 'The only reaction is `like`');
  return kind;
}
