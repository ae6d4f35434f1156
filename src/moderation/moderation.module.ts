import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module';
import { CommentsModule } from '../comments/comments.module';
import { EventsModule } from '../events/events.module';
import { ModerationLogModule } from '../moderation-log/moderation-log.module';
import { SettingsModule } from '../settings/settings.module';
import { UsersModule } from '../users/users.module';
import { DeskController } from './desk.controller';
import { DeskQueries } from './desk.repository';
import { DeskService } from './desk.service';
import { ModerationController } from './moderation.controller';
import { ModerationService } from './moderation.service';
import { Recount } from './recount';
import { SanctionUndo } from './sanction-undo';
import { StatsSeries } from './stats-series.repository';
import { UserNotes } from './user-notes.repository';

@Module({
  imports: [EventsModule, UsersModule, ModerationLogModule, ArticlesModule, CommentsModule, SettingsModule],
  controllers: [ModerationController, DeskController],
  providers: [ModerationService, SanctionUndo, Recount, UserNotes, DeskService, DeskQueries, StatsSeries],
  // The demo's conversation features its pick through the same decision as the dashboard.
  exports: [ModerationService],
})
export class ModerationModule {}
