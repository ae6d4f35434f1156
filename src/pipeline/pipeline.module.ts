import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { AuthorActivity } from './author-activity';
import { MODERATION_PIPELINE } from './pipeline';
import { PipelineService } from './pipeline.service';
import { ToxicityClient } from './toxicity.client';

/** The checks every new or edited comment passes; comments reach them only through MODERATION_PIPELINE. */
@Module({
  imports: [SettingsModule],
  providers: [ToxicityClient, AuthorActivity, PipelineService, { provide: MODERATION_PIPELINE, useExisting: PipelineService }],
  exports: [MODERATION_PIPELINE],
})
export class PipelineModule {}
