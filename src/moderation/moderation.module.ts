import { Global, Module } from '@nestjs/common';
import { ModerationLog } from './moderation-log';
import { PipelineService } from './pipeline.service';
import { ToxicityClient } from './toxicity.client';

@Global()
@Module({ providers: [ModerationLog, PipelineService, ToxicityClient], exports: [ModerationLog, PipelineService, ToxicityClient] })
export class ModerationModule {}
