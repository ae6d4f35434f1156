import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthorized } from '../common/api-error';
import type { Role } from '../common/viewer';
import { AuthService } from './auth.service';
import { Viewer } from '../common/viewer';
import { StaffSessions } from '../staff/staff-sessions.service';
import { SESSION_COOKIE } from '../common/staff-contract';
import type { FastifyRequest } from 'fastify';
import { SiteScopedRequest, siteParam } from '../sites/request-site';
import { SitesService } from '../sites/sites.service';

const ROLES_KEY = 'parley:roles';
/** Restricts a handler to the given roles (moderation: moderator/admin; settings: admin). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

const ANONYMOUS_KEY = 'parley:anonymous';
/** A write anyone may send without a token (the demo sign-in); every other write needs one. */
export const AllowAnonymous = () => SetMetadata(ANONYMOUS_KEY, true);

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: verifies a bearer token when one is sent (a bad token is a 401 even on reads);
 * without one, a staff session cookie names the viewer (its CSRF token required on writes). It
 * refuses a write without a token unless the handler is @AllowAnonymous, and enforces @Roles.
 * Guards run before pipes: an anonymous write is refused before its body is transformed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    private readonly staff: StaffSessions,
    private readonly sites: SitesService,
  ) {}

  /** Synchronous unless a session cookie has to be looked up: most requests (readers, tokens) carry none. */
  canActivate(ctx: ExecutionContext): boolean | Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<SiteScopedRequest & { viewer?: Viewer | null }>();
    // The site first: an unknown one is a 404 whoever asks, and a page of an origin the site does
    // not list may not use it (the widget's requests carry the page's Origin).
    const site = this.sites.require(siteParam(req));
    if (!this.sites.originAllowed(site, req.headers.origin, req.headers.host)) {
      throw forbidden('ORIGIN_NOT_ALLOWED', 'This site does not allow pages of this origin');
    }
    req.siteId = site.id;
    const header = req.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw unauthorized('TOKEN_INVALID', 'Authorization header must be `Bearer <token>`');
      return this.admit(ctx, req, this.auth.verify(match[1], site.id));
    }
    if (!req.headers.cookie?.includes(SESSION_COOKIE)) return this.admit(ctx, req, null);
    return this.staff.viewerFor(ctx).then((viewer) => this.admit(ctx, req, viewer));
  }

  /** Names the viewer on the request, then applies @AllowAnonymous and @Roles. */
  private admit(ctx: ExecutionContext, req: FastifyRequest & { viewer?: Viewer | null }, viewer: Viewer | null): boolean {
    req.viewer = viewer;
    const anonymousOk = this.reflector.getAllAndOverride<boolean | undefined>(ANONYMOUS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!viewer && !READS.has(req.method) && !anonymousOk) {
      throw unauthorized('AUTH_REQUIRED', 'Sign in to do this (Authorization: Bearer <token>)');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (roles?.length) {
      if (!viewer) throw unauthorized('AUTH_REQUIRED', 'Sign in to do this (Authorization: Bearer <token>)');
      if (!roles.includes(viewer.role)) throw forbidden('WRONG_ROLE', `This needs the ${roles.join(' or ')} role`);
    }
    return true;
  }
}
