import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { MutesController } from './mutes.controller';
import { MutesRepository } from './mutes.repository';
import { MutesService } from './mutes.service';

/** Readers' mutes (GET/POST/DELETE /me/mutes); MutesRepository answers other features whether a reader muted an author. */
@Module({ imports: [UsersModule], controllers: [MutesController], providers: [MutesRepository, MutesService], exports: [MutesRepository] })
export class MutesModule {}
