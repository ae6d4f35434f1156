import { Global, Module } from '@nestjs/common';
import { ModerationController } from './moderation.controller';
import { ModerationLog } from './moderation-log';
import { ModerationService } from './moderation.service';
import { PipelineService } from './pipeline.service';
import { ToxicityClient } from './toxicity.client';

@Global()
@Module({
  controllers: [ModerationController],
  providers: [ModerationLog, PipelineService, ToxicityClient, ModerationService],
  exports: [ModerationLog, PipelineService, ToxicityClient, ModerationService],
})
export class ModerationModule {}
