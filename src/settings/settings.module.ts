import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ModerationLogModule } from '../moderation-log/moderation-log.module';
import { PublicConfigController } from './public-config.controller';
import { SettingsController } from './settings.controller';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';
import { SitesModule } from '../sites/sites.module';
import { StaffModule } from '../staff/staff.module';
import { SitesAdminController } from './sites-admin.controller';
import { SitesAdminService } from './sites-admin.service';

@Module({
  imports: [EventsModule, ModerationLogModule, SitesModule, StaffModule],
  controllers: [SettingsController, PublicConfigController, SitesAdminController],
  providers: [SettingsRepository, SettingsService, SitesAdminService],
  exports: [SettingsService],
})
export class SettingsModule {}
