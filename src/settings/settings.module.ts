import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ModerationLogModule } from '../moderation-log/moderation-log.module';
import { PublicConfigController } from './public-config.controller';
import { SettingsController } from './settings.controller';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';

@Module({
  imports: [EventsModule, ModerationLogModule],
  controllers: [SettingsController, PublicConfigController],
  providers: [SettingsRepository, SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
