import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { EventDispatcher } from './event-dispatcher';
import { JobQueue } from './job-queue';
import { JobsConfig } from './jobs-config';

/** The durable job queue every instance works, and the dispatcher that turns domain events into jobs. */
@Module({ imports: [EventsModule], providers: [JobsConfig, JobQueue, EventDispatcher], exports: [JobQueue, EventDispatcher, JobsConfig] })
export class JobsModule {}
