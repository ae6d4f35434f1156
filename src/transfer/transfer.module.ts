import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module';
import { CommentsModule } from '../comments/comments.module';
import { EventsModule } from '../events/events.module';
import { SettingsModule } from '../settings/settings.module';
import { SitesModule } from '../sites/sites.module';
import { ImportBodyParser } from './import-body-parser';
import { ImportRepository } from './import.repository';
import { TransferController } from './transfer.controller';
import { TransferService } from './transfer.service';

/** Moving a site's comments in from other systems (Disqus, WordPress, Commento, remark42). */
@Module({
  imports: [EventsModule, ArticlesModule, CommentsModule, SettingsModule, SitesModule],
  controllers: [TransferController],
  providers: [ImportRepository, TransferService, ImportBodyParser],
  exports: [TransferService],
})
export class TransferModule {}
