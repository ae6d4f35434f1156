import { Module } from '@nestjs/common';
import { ModerationLogModule } from '../moderation-log/moderation-log.module';
import { UserWarnings } from './user-warnings.repository';
import { WarningsController } from './warnings.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [ModerationLogModule],
  controllers: [WarningsController],
  providers: [UsersRepository, UsersService, UserWarnings],
  exports: [UsersRepository, UsersService, UserWarnings],
})
export class UsersModule {}
