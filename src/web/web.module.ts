import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DemoTokenController, DemoEnabledGuard } from './demo-token.controller';
import { WebController } from './web.controller';

/** Embed widget, moderator dashboard and demo page (client sources in ./client, built by scripts/build-web.js). */
@Module({ imports: [AuthModule], controllers: [WebController, DemoTokenController], providers: [DemoEnabledGuard] })
export class WebModule {}
