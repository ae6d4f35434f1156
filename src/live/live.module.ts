import { Module } from '@nestjs/common';
import { LiveRelay } from './live-relay';
import { ModerationGateway } from './moderation.gateway';
import { ReaderGateway } from './reader.gateway';
import { ReplayService } from './replay.service';

@Module({ providers: [ReaderGateway, ModerationGateway, ReplayService, LiveRelay] })
export class LiveModule {}
