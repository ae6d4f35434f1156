import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { CurrentViewer } from '../auth/viewer.decorator';
import { badRequest } from '../common/api-error';
import { ApiErrors, AUTH_REQUIRED, BODY_TOO_LARGE, NOT_JSON, WRONG_ROLE } from '../common/error.schema';
import type { Viewer } from '../common/viewer';
import { SiteSettingsPatchSchema, SiteSettingsSchema } from './settings.schema';
import { SettingsService } from './settings.service';
import { SiteSettingsPatch } from './site-settings';
import { SiteId } from '../sites/request-site';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
@Roles('admin')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: 'Site policy (admin)' })
  @ApiOkResponse({ type: SiteSettingsSchema })
  @ApiErrors({ 401: AUTH_REQUIRED, 403: WRONG_ROLE })
  get(@SiteId() site: string) {
    return this.settings.get(site);
  }

  @Patch()
  @ApiOperation({ summary: 'Change any of the site policy (admin); answers the whole policy' })
  @ApiBody({ type: SiteSettingsPatchSchema })
  @ApiOkResponse({ type: SiteSettingsSchema })
  @ApiErrors({
    400: 'VALIDATION_FAILED (also when no setting is sent), INVALID_BODY, INVALID_JSON',
    401: AUTH_REQUIRED,
    403: WRONG_ROLE,
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  async update(@Body() patch: SiteSettingsPatch, @CurrentViewer() viewer: Viewer) {
    // The validated patch holds every field as an own property, undefined when not sent.
    if (Object.values(patch).every((v) => v === undefined)) throw badRequest('VALIDATION_FAILED', 'Send at least one setting to change');
    return this.settings.update(viewer.siteId, patch, viewer.id);
  }
}
