import { Module } from '@nestjs/common';
import { ModerationLogModule } from '../moderation-log/moderation-log.module';
import { SigninLimiter } from './signin-limiter';
import { StaffAdminService } from './staff-admin.service';
import { StaffAuditRepository } from './staff-audit.repository';
import { OptionalStaffSessionGuard, StaffSessionGuard } from './staff-request';
import { StaffSessionsRepository } from './staff-sessions.repository';
import { StaffSessions } from './staff-sessions.service';
import { StaffSigninService } from './staff-signin.service';
import { StaffTokensRepository } from './staff-tokens.repository';
import { StaffTotpService } from './staff-totp.service';
import { StaffOperator } from './staff-operator.service';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';

/**
 * Staff accounts: passwords, sessions, TOTP, invitations, resets, roles per site. The routes that
 * sign in without a session (password, SSO, links) are AuthModule's, which sees both this and the
 * publisher's tokens; StaffSessions is what the global AuthGuard asks about a session cookie.
 */
@Module({
  imports: [ModerationLogModule],
  controllers: [StaffController],
  providers: [
    StaffRepository,
    StaffSessionsRepository,
    StaffTokensRepository,
    StaffAuditRepository,
    SigninLimiter,
    StaffSessions,
    StaffSigninService,
    StaffAdminService,
    StaffTotpService,
    StaffOperator,
    StaffSessionGuard,
    OptionalStaffSessionGuard,
  ],
  exports: [
    StaffSessions,
    StaffSigninService,
    StaffAdminService,
    StaffOperator,
    StaffSessionGuard,
    OptionalStaffSessionGuard,
    StaffRepository,
    StaffAuditRepository,
  ],
})
export class StaffModule {}
