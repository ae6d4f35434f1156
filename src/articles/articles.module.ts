import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ModerationLogModule } from '../moderation-log/moderation-log.module';
import { SettingsModule } from '../settings/settings.module';
import { UsersModule } from '../users/users.module';
import { ArticleConfigController } from './article-config.controller';
import { ArticleCounts } from './article-counts';
import { ArticlesController } from './articles.controller';
import { ArticlesRepository } from './articles.repository';
import { ArticlesService } from './articles.service';
import { AutoClose } from './auto-close';
import { SitesModule } from '../sites/sites.module';

@Module({
  imports: [EventsModule, UsersModule, ModerationLogModule, SettingsModule, SitesModule],
  controllers: [ArticlesController, ArticleConfigController],
  providers: [ArticlesRepository, ArticlesService, ArticleCounts, AutoClose],
  exports: [ArticlesRepository, ArticlesService, ArticleCounts],
})
export class ArticlesModule {}
