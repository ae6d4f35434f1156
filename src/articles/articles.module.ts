import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ModerationLogModule } from '../moderation-log/moderation-log.module';
import { UsersModule } from '../users/users.module';
import { ArticlesController } from './articles.controller';
import { ArticlesRepository } from './articles.repository';
import { ArticlesService } from './articles.service';

@Module({
  imports: [EventsModule, UsersModule, ModerationLogModule],
  controllers: [ArticlesController],
  providers: [ArticlesRepository, ArticlesService],
  exports: [ArticlesRepository, ArticlesService],
})
export class ArticlesModule {}
