import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { SitesModule } from '../sites/sites.module';
import { SettingsModule } from '../settings/settings.module';
import { UsersModule } from '../users/users.module';
import { EmailLocales } from './email-locales';
import { UnsubscribeFormBody } from './form-body';
import { MailTransport } from './mail-transport';
import { NotificationJobs } from './notification-jobs';
import { NotificationsConfig } from './notifications-config';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { Notifier } from './notifier';
import { SiteSender } from './site-sender';
import { StaffDigests } from './staff-digests';
import { StaffDigestsRepository } from './staff-digests.repository';
import { UnsubscribeKeys } from './unsubscribe-keys';

/** Readers' notifications: made from domain events, stored, pushed live, emailed (at once or in digests) through the job queue. */
@Module({
  imports: [EventsModule, JobsModule, SitesModule, SettingsModule, UsersModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsConfig,
    NotificationsRepository,
    UnsubscribeKeys,
    MailTransport,
    Notifier,
    NotificationJobs,
    NotificationsService,
    UnsubscribeFormBody,
    EmailLocales,
    SiteSender,
    StaffDigestsRepository,
    StaffDigests,
  ],
})
export class NotificationsModule {}
