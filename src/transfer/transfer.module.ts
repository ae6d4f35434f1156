import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module';
import { CommentsModule } from '../comments/comments.module';
import { EventsModule } from '../events/events.module';
import { SettingsModule } from '../settings/settings.module';
import { SitesModule } from '../sites/sites.module';
import { StaffModule } from '../staff/staff.module';
import { ImportBodyParser } from './import-body-parser';
import { ImportRepository } from './import.repository';
import { ExportController } from './export.controller';
import { ExportRepository } from './export.repository';
import { ExportService } from './export.service';
import { ParleyImport } from './parley-import';
import { RestoreRepository } from './restore.repository';
import { TextPool } from './text-pool';
import { TransferController } from './transfer.controller';
import { TransferService } from './transfer.service';

/** Moving a site's comments in from other systems (Disqus, WordPress, Commento, remark42, Parley's own export) and out (Parley NDJSON, Disqus XML). */
@Module({
  imports: [EventsModule, ArticlesModule, CommentsModule, SettingsModule, SitesModule, StaffModule],
  controllers: [TransferController, ExportController],
  providers: [ImportRepository, TransferService, ImportBodyParser, RestoreRepository, ParleyImport, ExportRepository, ExportService, TextPool],
  exports: [TransferService, ExportService],
})
export class TransferModule {}
