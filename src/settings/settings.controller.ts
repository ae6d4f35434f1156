import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { badRequest } from '../common/api-error';
import { SettingsService } from './settings.service';
import { SiteSettingsPatch } from './site-settings';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
@Roles('admin')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  get() {
    return this.settings.get();
  }

  @Patch()
  async update(@Body() patch: SiteSettingsPatch) {
    // The validated patch holds every field as an own property, undefined when not sent.
    if (Object.values(patch).every((v) => v === undefined)) throw badRequest('VALIDATION_FAILED', 'Send at least one setting to change');
    return this.settings.update(patch);
  }
}
