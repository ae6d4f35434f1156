import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SettingsModule } from '../settings/settings.module';
import { WriteRateLimitGuard } from './write-rate-limit.guard';

/** Registered after AuthModule, so the guard sees the verified viewer. */
@Module({ imports: [SettingsModule], providers: [{ provide: APP_GUARD, useClass: WriteRateLimitGuard }] })
export class RateLimitModule {}
