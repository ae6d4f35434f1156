import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { unauthorized } from '../common/api-error';
import { clientOf, StaffContext, StaffSessions } from './staff-sessions.service';

type WithStaff = FastifyRequest & { staffContext?: StaffContext | null };

/** Routes of one's own account and of staff management: a staff session is required (a bearer token is not one). */
@Injectable()
export class StaffSessionGuard implements CanActivate {
  constructor(private readonly sessions: StaffSessions) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const staff = await this.sessions.authenticate(ctx);
    if (!staff) throw unauthorized('STAFF_SESSION_REQUIRED', 'Sign in as a staff member first (POST /api/v1/staff/session)');
    ctx.switchToHttp().getRequest<WithStaff>().staffContext = staff;
    return true;
  }
}

/** Sign-out: a session when there is one (its CSRF token then required), none otherwise. */
@Injectable()
export class OptionalStaffSessionGuard implements CanActivate {
  constructor(private readonly sessions: StaffSessions) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    ctx.switchToHttp().getRequest<WithStaff>().staffContext = await this.sessions.authenticate(ctx);
    return true;
  }
}

/** The session and staff member a staff guard found (null only behind OptionalStaffSessionGuard). */
export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffContext | null => {
  return ctx.switchToHttp().getRequest<WithStaff>().staffContext ?? null;
});

/** Where the request came from (IP as the proxy settings resolve it, User-Agent), for sessions and the audit. */
export const Client = createParamDecorator((_: unknown, ctx: ExecutionContext) => clientOf(ctx.switchToHttp().getRequest<FastifyRequest>()));

/** Documents the CSRF header a cookie-authenticated write needs. */
export const CsrfHeader = () => ApiHeader({ name: 'X-CSRF-Token', required: true, description: "the session's csrfToken (from sign-in or GET /staff/me)" });
