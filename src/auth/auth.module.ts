import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { StaffModule } from '../staff/staff.module';
import { StaffSigninController } from './staff-signin.controller';
import { SitesModule } from '../sites/sites.module';

/**
 * Verifies the publisher's tokens and staff sessions; the guard runs on every route (APP_GUARD)
 * before the rate limit. The staff sign-in routes live here: SSO verifies a publisher token.
 */
@Module({
  imports: [SitesModule, StaffModule],
  controllers: [StaffSigninController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
