import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module';
import { AuthModule } from '../auth/auth.module';
import { CommentsModule } from '../comments/comments.module';
import { EventsModule } from '../events/events.module';
import { SettingsModule } from '../settings/settings.module';
import { StaffModule } from '../staff/staff.module';
import { LatestCursors } from './latest-cursors';
import { LiveRelay } from './live-relay';
import { ModerationGateway } from './moderation.gateway';
import { ReaderGateway } from './reader.gateway';
import { ReplayService } from './replay.service';
import { RoomFeed } from './room-feed';
import { SitesModule } from '../sites/sites.module';

@Module({
  imports: [SitesModule, AuthModule, StaffModule, EventsModule, SettingsModule, ArticlesModule, CommentsModule],
  providers: [LatestCursors, RoomFeed, ReaderGateway, ModerationGateway, ReplayService, LiveRelay],
  exports: [ReaderGateway, ModerationGateway],
})
export class LiveModule {}
