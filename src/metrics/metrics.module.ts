import { Module } from '@nestjs/common';
import { CommentsModule } from '../comments/comments.module';
import { LiveModule } from '../live/live.module';
import { AppMetrics } from './app-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsRoute } from './metrics.route';

/** GET /metrics and the HTTP request metrics (README, "Operating Parley"). */
@Module({
  imports: [CommentsModule, LiveModule],
  providers: [AppMetrics, HttpMetrics, MetricsRoute],
})
export class MetricsModule {}
