import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { ApiErrors, AUTH_REQUIRED, WRONG_ROLE } from '../common/error.schema';
import { SiteId } from '../sites/request-site';
import { StatsQuery } from './desk.dto';
import { ModerationStatsSchema, UserHistorySchema } from './desk.schema';
import { DeskService } from './desk.service';

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
      "The site's moderation over the last `days` UTC days: comments per day by status, approval and rejection rates, time to decision, decisions per moderator, top reasons, reports",
  })
  @ApiOkResponse({ type: ModerationStatsSchema })
  @ApiErrors({ 400: 'VALIDATION_FAILED' })
  stats(@Query() q: StatsQuery, @SiteId() site: string) {
    return this.desk.stats(site, q.days ?? 7);
  }

  @Get('users/:userId/history')
  @ApiOperation({ summary: "A user's full history: comment counts by status, sanctions with who and when, reports made and received, staff notes" })
  @ApiOkResponse({ type: UserHistorySchema })
  @ApiErrors({ 404: 'USER_NOT_FOUND' })
  history(@Param('userId') userId: string, @SiteId() site: string) {
    return this.desk.history(site, userId);
  }
}
