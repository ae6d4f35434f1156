import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module';
import { EventsModule } from '../events/events.module';
import { ModerationLogModule } from '../moderation-log/moderation-log.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { SettingsModule } from '../settings/settings.module';
import { UsersModule } from '../users/users.module';
import { CommentLedger } from './comment-ledger';
import { CommentsController } from './comments.controller';
import { CommentsRepository } from './comments.repository';
import { CommentsService } from './comments.service';
import { FirstPageCache } from './first-page-cache';
import { QueueItems } from './queue-item';
import { QueueCountsFeed } from './queue-counts.feed';
import { SiteCounters } from './site-counters.repository';

@Module({
  imports: [EventsModule, UsersModule, SettingsModule, ModerationLogModule, ArticlesModule, PipelineModule],
  controllers: [CommentsController],
  providers: [CommentsRepository, SiteCounters, QueueCountsFeed, QueueItems, CommentLedger, CommentsService, FirstPageCache],
  exports: [CommentsRepository, SiteCounters, QueueCountsFeed, QueueItems, CommentLedger, CommentsService, FirstPageCache],
})
export class CommentsModule {}
