import { Module } from '@nestjs/common';
import { CommentsModule } from '../comments/comments.module';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { ModerationLogModule } from '../moderation-log/moderation-log.module';
import { SettingsModule } from '../settings/settings.module';
import { SitesModule } from '../sites/sites.module';
import { UsersModule } from '../users/users.module';
import { MyDataController, UserDataController } from './data-rights.controller';
import { DataRightsRepository } from './data-rights.repository';
import { DataRightsService } from './data-rights.service';
import { Retention } from './retention';

/** Readers' data rights: their data as JSON, account deletion (by them or an admin), and the site's retention of emails and IPs. */
@Module({
  imports: [EventsModule, JobsModule, UsersModule, SettingsModule, SitesModule, ModerationLogModule, CommentsModule],
  controllers: [MyDataController, UserDataController],
  providers: [DataRightsRepository, DataRightsService, Retention],
  exports: [Retention],
})
export class PrivacyModule {}
