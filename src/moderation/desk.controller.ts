import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { ApiErrors, AUTH_REQUIRED, WRONG_ROLE } from '../common/error.schema';
import { SiteId } from '../sites/request-site';
import { StatsQuery } from './desk.dto';
import { ModerationStatsSchema, UserHistorySchema } from './desk.schema';
import { DeskService } from './desk.service';
import { statsWindow } from './stats-window';

/** The desk beyond the queues: a site's statistics and a user's full history. */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller('moderation')
@Roles('moderator', 'admin')
@ApiErrors({ 401: AUTH_REQUIRED, 403: WRONG_ROLE })
export class DeskController {
  constructor(private readonly desk: DeskService) {}

  @Get('stats')
  @ApiOperation({
    summary:
      "The site's moderation over the last `days` UTC days or a free range `from`-`to`: comments per day and per hour or day by status, the queue and the median time to decision over time, approval and rejection rates, decisions per moderator, top reasons, reports",
  })
  @ApiOkResponse({ type: ModerationStatsSchema })
  @ApiErrors({ 400: 'VALIDATION_FAILED (also for days with a range, half a range, from not before to, or a range over 90 days)' })
  stats(@Query() q: StatsQuery, @SiteId() site: string) {
    return this.desk.stats(site, statsWindow(q));
  }

  @Get('users/:userId/history')
  @ApiOperation({ summary: "A user's full history: comment counts by status, sanctions with who and when, reports made and received, staff notes" })
  @ApiOkResponse({ type: UserHistorySchema })
  @ApiErrors({ 404: 'USER_NOT_FOUND' })
  history(@Param('userId') userId: string, @SiteId() site: string) {
    return this.desk.history(site, userId);
  }
}
