import { Module } from '@nestjs/common';
import { ModerationLog } from './moderation-log.repository';

/** The append-only record of every decision and sanction, written inside the decision's transaction. */
@Module({ providers: [ModerationLog], exports: [ModerationLog] })
export class ModerationLogModule {}
