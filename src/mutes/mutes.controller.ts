import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentViewer } from '../auth/viewer.decorator';
import { ApiErrors, AUTH_REQUIRED, BODY_TOO_LARGE, NOT_JSON } from '../common/error.schema';
import type { Viewer } from '../common/viewer';
import { MuteDto, MutesQuery } from './mute.dto';
import { MutePageSchema, MuteSchema } from './mute.schema';
import { MutesService } from './mutes.service';

/** A signed-in reader's mutes on the site: whose comments their widget folds away, on every device. */
@ApiTags('mutes')
@ApiBearerAuth()
@Controller('me/mutes')
export class MutesController {
  constructor(private readonly mutes: MutesService) {}

  @Get()
  @ApiOperation({ summary: 'The readers the signed-in reader muted, newest first' })
  @ApiOkResponse({ type: MutePageSchema })
  @ApiErrors({ 400: 'INVALID_CURSOR, VALIDATION_FAILED', 401: AUTH_REQUIRED })
  list(@CurrentViewer() viewer: Viewer, @Query() q: MutesQuery) {
    return this.mutes.list(viewer, q.limit, q.cursor);
  }

  @Post()
  @ApiOperation({ summary: 'Mute a reader of the site: 201 when muted now, 200 when they were muted already' })
  @ApiCreatedResponse({ type: MuteSchema })
  @ApiOkResponse({ type: MuteSchema, description: 'muted already; nothing changed' })
  @ApiErrors({
    400: 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON, CANNOT_MUTE_SELF',
    401: AUTH_REQUIRED,
    404: 'USER_NOT_FOUND',
    409: 'TOO_MANY_MUTES (100 at most)',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  async mute(@CurrentViewer() viewer: Viewer, @Body() dto: MuteDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { mute, created } = await this.mutes.mute(viewer, dto.userId);
    void reply.status(created ? 201 : 200);
    return mute;
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unmute a reader (204 whether or not they were muted)' })
  @ApiNoContentResponse()
  @ApiErrors({ 401: AUTH_REQUIRED, 404: 'USER_NOT_FOUND' })
  async unmute(@CurrentViewer() viewer: Viewer, @Param('userId') userId: string) {
    await this.mutes.unmute(viewer, userId);
  }
}
