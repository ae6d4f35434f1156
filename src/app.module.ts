import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ArticlesModule } from './articles/articles.module';
import { AuthModule } from './auth/auth.module';
import { CommentsModule } from './comments/comments.module';
import { ConfigModule } from './config/config.module';
import { loadConfig } from './config/config';
import { DatabaseModule } from './database/database.module';
import { ModerationLogModule } from './moderation-log/moderation-log.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { SCHEMA } from './schema';
import { logsEachRequest } from './common/request-logging';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { LiveModule } from './live/live.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ModerationModule } from './moderation/moderation.module';
import { PrivacyModule } from './privacy/privacy.module';
import { MutesModule } from './mutes/mutes.module';
import { RateLimitModule } from './ratelimit/rate-limit.module';
import { SettingsModule } from './settings/settings.module';
import { StaffModule } from './staff/staff.module';
import { TransferModule } from './transfer/transfer.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The composition root: the only place that sees every module (layers in docs/ARCHITECTURE.md). */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      useFactory: () => {
        const config = loadConfig();
        return {
          // Above info pino-http would write nothing (see logsEachRequest): no per-request middleware then.
          forRoutes: logsEachRequest(config.LOG_LEVEL) ? [{ path: '{*path}', method: RequestMethod.ALL }] : [],
          pinoHttp: {
            level: config.LOG_LEVEL,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // Probes are not logged. The middleware sees req.url relative to its mount ('/'); the path is originalUrl.
            autoLogging: { ignore: (req) => ((req as { originalUrl?: string }).originalUrl ?? req.url) === '/health' },
          },
        };
      },
    }),
    DatabaseModule.forRoot(SCHEMA),
    EventsModule,
    JobsModule,
    UsersModule,
    MutesModule,
    StaffModule,
    AuthModule,
    RateLimitModule,
    SettingsModule,
    ModerationLogModule,
    ArticlesModule,
    PipelineModule,
    CommentsModule,
    ModerationModule,
    PrivacyModule,
    TransferModule,
    WebhooksModule,
    NotificationsModule,
    HealthModule,
    MetricsModule,
    LiveModule,
    WebModule,
  ],
})
export class AppModule {}
