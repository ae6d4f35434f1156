import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CommentsModule } from '../comments/comments.module';
import { ModerationModule } from '../moderation/moderation.module';
import { UsersModule } from '../users/users.module';
import { DemoConversation } from './demo-conversation';
import { DemoTokenController, DemoEnabledGuard } from './demo-token.controller';
import { WebController } from './web.controller';

/** Embed widget, moderator dashboard and demo page (client sources in ./client, built by scripts/build-web.js). */
@Module({
  imports: [AuthModule, CommentsModule, ModerationModule, UsersModule],
  controllers: [WebController, DemoTokenController],
  providers: [DemoEnabledGuard, DemoConversation],
})
export class WebModule {}
