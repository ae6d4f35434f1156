import { Body, Controller, Delete, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { CurrentViewer } from '../auth/viewer.decorator';
import { ApiErrors, AUTH_REQUIRED, BODY_TOO_LARGE, NOT_JSON, STAFF_FORBIDDEN, WRONG_ROLE } from '../common/error.schema';
import type { Viewer } from '../common/viewer';
import { SiteId } from '../sites/request-site';
import { AccountDeletionSchema, DeleteAccountDto, ReaderDataExportSchema } from './data-rights.schema';
import { DataRightsService } from './data-rights.service';

const DELETED = 'ACCOUNT_DELETED: the token was issued before the account was deleted';

/** A signed-in reader's own data: a copy of all of it, and deleting the account. */
@ApiTags('data rights')
@ApiBearerAuth()
@Controller('me')
export class MyDataController {
  constructor(private readonly rights: DataRightsService) {}

  @Get('data')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Everything Parley holds about the signed-in reader on the site, as one JSON document' })
  @ApiOkResponse({ type: ReaderDataExportSchema })
  @ApiErrors({ 401: AUTH_REQUIRED, 403: DELETED })
  data(@CurrentViewer() viewer: Viewer) {
    return this.rights.mine(viewer);
  }

  @Delete()
  @ApiOperation({
    summary:
      'Delete the signed-in reader\'s account: their comments are removed or kept under "Deleted user" as the site\'s `accountDeletion` says; tokens issued before now are refused from then on',
  })
  @ApiOkResponse({ type: AccountDeletionSchema })
  @ApiErrors({
    400: 'CONFIRMATION_REQUIRED: `confirm` is not "delete my account"; VALIDATION_FAILED, INVALID_BODY, INVALID_JSON',
    401: AUTH_REQUIRED,
    403: `${DELETED}; STAFF_ACCOUNT: staff accounts are removed by the site's admins`,
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  remove(@CurrentViewer() viewer: Viewer, @Body() dto: DeleteAccountDto) {
    return this.rights.deleteMine(viewer, dto?.confirm);
  }
}

/** An admin does the same for any user of the site, each time written to the moderation log. */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller('moderation/users')
@Roles('admin')
@ApiErrors({ 401: AUTH_REQUIRED, 403: WRONG_ROLE })
export class UserDataController {
  constructor(private readonly rights: DataRightsService) {}

  @Get(':userId/data')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "A user's data as GET /me/data gives it to them; logged as `user.data_exported`" })
  @ApiOkResponse({ type: ReaderDataExportSchema })
  @ApiErrors({ 403: STAFF_FORBIDDEN, 404: 'USER_NOT_FOUND' })
  data(@Param('userId') userId: string, @SiteId() site: string, @CurrentViewer() viewer: Viewer) {
    return this.rights.forAdmin(site, userId, viewer);
  }

  @Delete(':userId')
  @ApiOperation({ summary: "Delete a reader's account as DELETE /me does; `confirm` repeats the user's id; logged as `user.deleted`" })
  @ApiOkResponse({ type: AccountDeletionSchema })
  @ApiErrors({
    400: "CONFIRMATION_REQUIRED: `confirm` is not the user's id; VALIDATION_FAILED, INVALID_BODY, INVALID_JSON",
    403: `${STAFF_FORBIDDEN}; SANCTION_NOT_ALLOWED: the user is staff or the admin themself`,
    404: 'USER_NOT_FOUND',
    409: 'ACCOUNT_DELETED: deleted already',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  remove(@Param('userId') userId: string, @Body() dto: DeleteAccountDto, @SiteId() site: string, @CurrentViewer() viewer: Viewer) {
    return this.rights.deleteForAdmin(site, userId, viewer, dto?.confirm);
  }
}
