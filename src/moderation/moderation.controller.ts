import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { CurrentViewer } from '../auth/viewer.decorator';
import type { Viewer } from '../common/viewer';
import { badRequest, notFound } from '../common/api-error';
import { ApiErrors, AUTH_REQUIRED, BODY_TOO_LARGE, NOT_JSON, STAFF_FORBIDDEN, WRONG_ROLE } from '../common/error.schema';
import {
  BanDto,
  BulkDto,
  CountsQuery,
  LogQuery,
  QueueQuery,
  RejectDto,
  SanctionNoteDto,
  SearchQuery,
  SuspendDto,
  UserNoteDto,
  WarnDto,
} from './moderation.dto';
import {
  BulkResponseSchema,
  CommentFocusSchema,
  LogEntryPageSchema,
  QueueCountsSchema,
  QueueItemPageSchema,
  QueueItemSchema,
  ReasonsSchema,
  RecountResultSchema,
  SanctionResultSchema,
  SanctionUndoSchema,
  UserNoteSchema,
  UserPanelSchema,
} from './moderation.schema';
import { ModerationService } from './moderation.service';
import { SanctionUndo } from './sanction-undo';
import { UserWarningSchema } from '../users/warning.schema';
import { SiteId } from '../sites/request-site';
import { Queue, QUEUES } from '../common/queues';

const SANCTION_FORBIDDEN = `${STAFF_FORBIDDEN}; SANCTION_NOT_ALLOWED: the target is the moderator, an equal or a higher role`;

@ApiTags('moderation')
@ApiBearerAuth()
@Controller('moderation')
@Roles('moderator', 'admin')
@ApiErrors({ 401: AUTH_REQUIRED, 403: WRONG_ROLE })
export class ModerationController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly sanctionUndo: SanctionUndo,
  ) {}

  @Get('queues/:queue')
  @ApiOperation({ summary: 'A moderation queue: oldest first for pending, reported and unmoderated, newest first otherwise' })
  @ApiParam({ name: 'queue', enum: QUEUES })
  @ApiOkResponse({ type: QueueItemPageSchema })
  @ApiErrors({ 400: 'INVALID_CURSOR, VALIDATION_FAILED', 404: 'UNKNOWN_QUEUE' })
  queue(@Param('queue') queue: string, @Query() q: QueueQuery, @SiteId() site: string) {
    if (!(QUEUES as readonly string[]).includes(queue)) throw notFound('UNKNOWN_QUEUE', `Queues are ${QUEUES.join(', ')}`);
    return this.moderation.queue(site, queue as Queue, { articleId: q.articleId, section: q.section }, q.limit, q.cursor);
  }

  @Get('search')
  @ApiOperation({ summary: 'Full-text search and filters over every comment of the site (queues and history), newest first by default' })
  @ApiOkResponse({ type: QueueItemPageSchema })
  @ApiErrors({ 400: 'INVALID_CURSOR, VALIDATION_FAILED (also when `from` is not before `to`)' })
  search(@Query() q: SearchQuery, @SiteId() siteId: string) {
    const { limit, cursor, site: _site, ...filter } = q;
    if (filter.from && filter.to && Date.parse(filter.from) >= Date.parse(filter.to)) throw badRequest('VALIDATION_FAILED', 'from must be before to');
    return this.moderation.search(siteId, filter, limit, cursor);
  }

  @Get('comments/:id')
  @ApiOperation({ summary: 'One comment on its own: the queue item with its latest decision and every report, and its log' })
  @ApiOkResponse({ type: CommentFocusSchema })
  @ApiErrors({ 404: 'COMMENT_NOT_FOUND' })
  focus(@Param('id') id: string, @SiteId() site: string) {
    return this.moderation.focus(site, id);
  }

  @Get('reasons')
  @ApiOperation({ summary: "The site's reasons offered when rejecting (set by admins as the `rejectReasons` setting)" })
  @ApiOkResponse({ type: ReasonsSchema })
  reasons(@SiteId() site: string) {
    return this.moderation.reasons(site);
  }

  @Get('counts')
  @ApiOperation({ summary: 'Queue sizes, site-wide or for one article' })
  @ApiOkResponse({ type: QueueCountsSchema })
  @ApiErrors({ 400: 'VALIDATION_FAILED' })
  counts(@Query() q: CountsQuery, @SiteId() site: string) {
    return this.moderation.counts(site, { articleId: q.articleId, section: q.section });
  }

  @Post('comments/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish; clears open reports' })
  @ApiOkResponse({ type: QueueItemSchema, description: 'the comment as it now stands in the queues' })
  @ApiErrors({ 403: STAFF_FORBIDDEN, 404: 'COMMENT_NOT_FOUND', 409: 'COMMENT_DELETED' })
  approve(@Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    return this.moderation.decide(id, 'approve', viewer);
  }

  @Post('comments/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hide; upholds open reports and unfeatures' })
  @ApiOkResponse({ type: QueueItemSchema, description: 'the comment as it now stands in the queues' })
  @ApiErrors({
    400: 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON',
    403: STAFF_FORBIDDEN,
    404: 'COMMENT_NOT_FOUND',
    409: 'COMMENT_DELETED',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  reject(@Param('id') id: string, @Body() dto: RejectDto, @CurrentViewer() viewer: Viewer) {
    return this.moderation.decide(id, 'reject', viewer, dto.reason);
  }

  @Post('comments/:id/feature')
  @HttpCode(200)
  @ApiOperation({ summary: "Pin as an editor's pick" })
  @ApiOkResponse({ type: QueueItemSchema, description: 'the comment as it now stands in the queues' })
  @ApiErrors({ 403: STAFF_FORBIDDEN, 404: 'COMMENT_NOT_FOUND', 409: 'COMMENT_DELETED, NOT_PUBLISHED' })
  feature(@Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    return this.moderation.decide(id, 'feature', viewer);
  }

  @Post('comments/:id/unfeature')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unpin' })
  @ApiOkResponse({ type: QueueItemSchema, description: 'the comment as it now stands in the queues' })
  @ApiErrors({ 403: STAFF_FORBIDDEN, 404: 'COMMENT_NOT_FOUND', 409: 'COMMENT_DELETED' })
  unfeature(@Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    return this.moderation.decide(id, 'unfeature', viewer);
  }

  @Post('comments/:id/undo')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Undo your latest decision on a comment (within 10 minutes): it goes back to how it stood, the reports that decision answered reopen, and the log records `undo`',
  })
  @ApiOkResponse({ type: QueueItemSchema, description: 'the comment as it now stands in the queues' })
  @ApiErrors({
    403: STAFF_FORBIDDEN,
    404: 'COMMENT_NOT_FOUND',
    409: 'COMMENT_DELETED, NOTHING_TO_UNDO, UNDO_NOT_YOURS (another moderator decided), UNDO_EXPIRED, UNDO_STALE (changed since)',
  })
  undo(@Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    return this.moderation.undo(id, viewer);
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve, reject or undo (your latest decision on) up to 200 comments; each id succeeds or fails on its own' })
  @ApiOkResponse({ type: BulkResponseSchema })
  @ApiErrors({ 400: 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON', 403: STAFF_FORBIDDEN, 413: BODY_TOO_LARGE, 415: NOT_JSON })
  bulk(@Body() dto: BulkDto, @CurrentViewer() viewer: Viewer) {
    return this.moderation.bulk(dto.action, dto.ids, viewer, dto.reason);
  }

  @Get('log')
  @ApiOperation({
    summary: 'Every moderation decision, newest first, with the names of who and what it was about; filtered by comment, user, actor, action or article',
  })
  @ApiOkResponse({ type: LogEntryPageSchema })
  @ApiErrors({ 400: 'INVALID_CURSOR, VALIDATION_FAILED' })
  log(@Query() q: LogQuery, @SiteId() site: string) {
    return this.moderation.logEntries(site, q);
  }

  @Get('users/:userId')
  @ApiOperation({ summary: 'A user, their latest comments and the log entries about them' })
  @ApiOkResponse({ type: UserPanelSchema })
  @ApiErrors({ 404: 'USER_NOT_FOUND' })
  user(@Param('userId') userId: string, @SiteId() site: string) {
    return this.moderation.userPanel(site, userId);
  }

  @Post('users/:userId/notes')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a staff note on a user; every moderator and admin of the site sees it in the user panel' })
  @ApiCreatedResponse({ type: UserNoteSchema })
  @ApiErrors({ 400: 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON', 403: STAFF_FORBIDDEN, 404: 'USER_NOT_FOUND', 413: BODY_TOO_LARGE, 415: NOT_JSON })
  addNote(@Param('userId') userId: string, @Body() dto: UserNoteDto, @CurrentViewer() viewer: Viewer) {
    return this.moderation.addNote(userId, viewer, dto.body);
  }

  @Post('users/:userId/warn')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Warn a reader: they are shown the message (GET /me) and may not post or edit until they acknowledge it (POST /me/warning/ack); logged as `user.warn`',
  })
  @ApiCreatedResponse({ type: UserWarningSchema })
  @ApiErrors({ 400: 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON', 403: SANCTION_FORBIDDEN, 404: 'USER_NOT_FOUND', 413: BODY_TOO_LARGE, 415: NOT_JSON })
  warn(@Param('userId') userId: string, @Body() dto: WarnDto, @CurrentViewer() viewer: Viewer) {
    return this.moderation.warn(userId, viewer, dto.message);
  }

  @Post('users/:userId/ban')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ban: the user can read but not write; optionally reject their held comments, their published ones, or both' })
  @ApiOkResponse({ type: SanctionResultSchema })
  @ApiErrors({ 400: 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON', 403: SANCTION_FORBIDDEN, 404: 'USER_NOT_FOUND', 413: BODY_TOO_LARGE, 415: NOT_JSON })
  ban(@Param('userId') userId: string, @Body() dto: BanDto, @CurrentViewer() viewer: Viewer) {
    return this.moderation.sanction(userId, 'ban', viewer, { reason: dto.reason, rejectPending: dto.rejectPending, rejectPublished: dto.rejectPublished });
  }

  @Post('users/:userId/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend until a time in the future' })
  @ApiOkResponse({ type: SanctionResultSchema })
  @ApiErrors({
    400: 'VALIDATION_FAILED (also when `until` is not in the future), INVALID_BODY, INVALID_JSON',
    403: SANCTION_FORBIDDEN,
    404: 'USER_NOT_FOUND',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  suspend(@Param('userId') userId: string, @Body() dto: SuspendDto, @CurrentViewer() viewer: Viewer) {
    const until = new Date(dto.until);
    if (!(until.getTime() > Date.now())) throw badRequest('VALIDATION_FAILED', 'until must be in the future');
    return this.moderation.sanction(userId, 'suspend', viewer, { reason: dto.reason, until });
  }

  @Post('users/:userId/undo')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Undo your latest sanction on the user (ban, unban, suspend, premod, unpremod; within 10 minutes): they stand as before it, and the log records `user.undo`',
  })
  @ApiOkResponse({ type: SanctionUndoSchema })
  @ApiErrors({
    404: 'USER_NOT_FOUND',
    409: 'NOTHING_TO_UNDO, UNDO_NOT_YOURS, UNDO_EXPIRED (older than 10 minutes), UNDO_STALE (the user changed since)',
  })
  undoSanction(@Param('userId') userId: string, @CurrentViewer() viewer: Viewer) {
    return this.sanctionUndo.undo(userId, viewer);
  }

  @Post('users/:userId/:action')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unban, or hold (premod) or stop holding (unpremod) every new comment of the user' })
  @ApiParam({ name: 'action', enum: ['unban', 'premod', 'unpremod'] })
  @ApiOkResponse({ type: SanctionResultSchema })
  @ApiErrors({
    400: 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON',
    403: SANCTION_FORBIDDEN,
    404: 'USER_NOT_FOUND; NOT_FOUND for another action',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  other(
    @Param('userId') userId: string,
    @Param(
      'action',
      new ParseEnumPipe(
        { unban: 'unban', premod: 'premod', unpremod: 'unpremod' },
        {
          exceptionFactory: () => notFound('NOT_FOUND', 'Sanctions are ban, unban, suspend, premod, unpremod'),
        },
      ),
    )
    action: 'unban' | 'premod' | 'unpremod',
    @Body() dto: SanctionNoteDto,
    @CurrentViewer() viewer: Viewer,
  ) {
    return this.moderation.sanction(userId, action, viewer, { reason: dto.reason });
  }

  @Post('recount')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Recompute every counter from the comments and repair any drift (admin)' })
  @ApiOkResponse({ type: RecountResultSchema })
  recount() {
    return this.moderation.recount();
  }
}
