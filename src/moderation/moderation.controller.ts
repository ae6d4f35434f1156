import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { CurrentViewer } from '../auth/viewer.decorator';
import type { Viewer } from '../common/viewer';
import { badRequest, notFound } from '../common/api-error';
import { BanDto, BulkDto, CountsQuery, LogQuery, QueueQuery, RejectDto, SanctionNoteDto, SuspendDto } from './moderation.dto';
import { ModerationService } from './moderation.service';
import { Queue, QUEUES } from '../common/queues';

@ApiTags('moderation')
@ApiBearerAuth()
@Controller('moderation')
@Roles('moderator', 'admin')
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Get('queues/:queue')
  queue(@Param('queue') queue: string, @Query() q: QueueQuery) {
    if (!(QUEUES as readonly string[]).includes(queue)) throw notFound('UNKNOWN_QUEUE', `Queues are ${QUEUES.join(', ')}`);
    return this.moderation.queue(queue as Queue, q.articleId, q.limit, q.cursor);
  }

  @Get('counts')
  counts(@Query() q: CountsQuery) {
    return this.moderation.counts(q.articleId);
  }

  @Post('comments/:id/approve')
  @HttpCode(200)
  approve(@Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    return this.moderation.decide(id, 'approve', viewer);
  }

  @Post('comments/:id/reject')
  @HttpCode(200)
  reject(@Param('id') id: string, @Body() dto: RejectDto, @CurrentViewer() viewer: Viewer) {
    return this.moderation.decide(id, 'reject', viewer, dto.reason);
  }

  @Post('comments/:id/feature')
  @HttpCode(200)
  feature(@Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    return this.moderation.decide(id, 'feature', viewer);
  }

  @Post('comments/:id/unfeature')
  @HttpCode(200)
  unfeature(@Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    return this.moderation.decide(id, 'unfeature', viewer);
  }

  @Post('bulk')
  @HttpCode(200)
  bulk(@Body() dto: BulkDto, @CurrentViewer() viewer: Viewer) {
    return this.moderation.bulk(dto.action, dto.ids, viewer, dto.reason);
  }

  @Get('log')
  log(@Query() q: LogQuery) {
    return this.moderation.logEntries(q);
  }

  @Get('users/:userId')
  user(@Param('userId') userId: string) {
    return this.moderation.userPanel(userId);
  }

  @Post('users/:userId/ban')
  @HttpCode(200)
  ban(@Param('userId') userId: string, @Body() dto: BanDto, @CurrentViewer() viewer: Viewer) {
    return this.moderation.sanction(userId, 'ban', viewer, { reason: dto.reason, rejectPending: dto.rejectPending });
  }

  @Post('users/:userId/suspend')
  @HttpCode(200)
  suspend(@Param('userId') userId: string, @Body() dto: SuspendDto, @CurrentViewer() viewer: Viewer) {
    const until = new Date(dto.until);
    if (!(until.getTime() > Date.now())) throw badRequest('VALIDATION_FAILED', 'until must be in the future');
    return this.moderation.sanction(userId, 'suspend', viewer, { reason: dto.reason, until });
  }

  @Post('users/:userId/:action')
  @HttpCode(200)
  other(
    @Param('userId') userId: string,
    @Param('action', new ParseEnumPipe({ unban: 'unban', premod: 'premod', unpremod: 'unpremod' }, {
      exceptionFactory: () => notFound('NOT_FOUND', 'Sanctions are ban, unban, suspend, premod, unpremod'),
    }))
    action: 'unban' | 'premod' | 'unpremod',
    @Body() dto: SanctionNoteDto,
    @CurrentViewer() viewer: Viewer,
  ) {
    return this.moderation.sanction(userId, action, viewer, { reason: dto.reason });
  }

  @Post('recount')
  @HttpCode(200)
  @Roles('admin')
  recount() {
    return this.moderation.recount();
  }
}
