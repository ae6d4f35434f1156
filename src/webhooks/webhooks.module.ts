import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { ModerationLogModule } from '../moderation-log/moderation-log.module';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookSender } from './webhook-sender';
import { WebhooksConfig } from './webhooks-config';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Sites' webhook endpoints (admin API), the fan-out of domain events to them, and the signed deliveries. */
@Module({
  imports: [EventsModule, JobsModule, ModerationLogModule],
  controllers: [WebhooksController],
  providers: [WebhooksConfig, WebhooksRepository, WebhookSender, WebhookDeliveries, WebhooksService],
})
export class WebhooksModule {}
