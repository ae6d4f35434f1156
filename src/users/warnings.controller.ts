import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentViewer } from '../auth/viewer.decorator';
import { ApiErrors, AUTH_REQUIRED } from '../common/error.schema';
import type { Viewer } from '../common/viewer';
import { UsersService } from './users.service';
import { WarningAckSchema } from './warning.schema';

/** The reader's side of a moderator's warning: GET /me shows it, this acknowledges it. */
@ApiTags('comments')
@ApiBearerAuth()
@Controller('me/warning')
export class WarningsController {
  constructor(private readonly users: UsersService) {}

  @Post('ack')
  @HttpCode(200)
  @ApiOperation({ summary: "The signed-in reader acknowledges a moderator's warning (every open one); posting is allowed again" })
  @ApiOkResponse({ type: WarningAckSchema })
  @ApiErrors({ 401: AUTH_REQUIRED })
  async ack(@CurrentViewer() viewer: Viewer) {
    return { acknowledged: await this.users.acknowledgeWarnings(viewer) };
  }
}
