import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EntityManager } from 'typeorm';
import { forbidden } from '../common/api-error';
import { CSRF_HEADER, SESSION_COOKIE, StaffSessionView } from '../common/staff-contract';
import { requestSiteId } from '../sites/request-site';
import type { Viewer } from '../common/viewer';
import { EnvConfig } from '../config/config';
import { newSecretToken, sameSecret, tokenHash } from './secret-tokens';
import { clearedSessionCookie, sessionCookie, sessionTokenFrom } from './session-cookie';
import { StaffAuditRepository } from './staff-audit.repository';
import { StaffSessionsRepository, SessionRecord } from './staff-sessions.repository';
import { roleOn, StaffRecord, StaffRepository } from './staff.repository';
import type { ClientInfo } from './staff-types';

/** The staff member a request's session cookie names, with that session. */
export interface StaffContext {
  session: SessionRecord;
  staff: StaffRecord;
}

const SESSION_NOT_READ = 'parley:staff-session-not-read';
/**
 * For the routes that sign in (password, invitation, reset, SSO): they authenticate by what they
 * are sent, so a session cookie the browser still holds is not read, and no CSRF token is asked.
 */
export const SessionNotRead = () => SetMetadata(SESSION_NOT_READ, true);

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function clientOf(req: FastifyRequest): ClientInfo {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

/** The identity a staff member has on a site for the rest of the API; the owner is admin everywhere. */
export function staffViewer(staff: StaffRecord, siteId: string): Viewer {
  return { siteId, id: `staff:${staff.id}`, name: staff.name, email: staff.email, role: roleOn(staff, siteId) ?? 'reader' };
}

/**
 * Staff sessions: an opaque random token in the `parley_session` cookie, stored as its SHA-256,
 * ending after 12 h idle or 7 days; a CSRF token per session that every cookie-authenticated write
 * must echo in X-CSRF-Token. Requests with a bearer token are the publisher's, never a session's.
 */
@Injectable()
export class StaffSessions {
  /** One lookup per request, whichever guard asks first. */
  private readonly resolved = new WeakMap<object, Promise<StaffContext | null>>();
  private readonly secure: boolean;

  constructor(
    private readonly sessions: StaffSessionsRepository,
    private readonly staff: StaffRepository,
    private readonly audit: StaffAuditRepository,
    private readonly reflector: Reflector,
    config: EnvConfig,
  ) {
    this.secure = config.NODE_ENV !== 'development' && config.NODE_ENV !== 'test';
  }

  /** Starts a session inside the caller's transaction; the token goes in the cookie and nowhere else. */
  async start(m: EntityManager, staffId: string, client: ClientInfo): Promise<{ token: string; session: SessionRecord }> {
    const token = newSecretToken();
    const session = await this.sessions.insert(m, tokenHash(token), staffId, newSecretToken(), client);
    return { token, session };
  }

  /** Sets the cookie and answers with what the dashboard needs: who, their roles, the CSRF token. */
  signedIn(reply: FastifyReply, token: string, ctx: StaffContext): StaffSessionView {
    void reply.header('set-cookie', sessionCookie(token, ctx.session.expiresAt, this.secure));
    return this.view(ctx);
  }

  signedOut(reply: FastifyReply): void {
    void reply.header('set-cookie', clearedSessionCookie(this.secure));
  }

  view({ session, staff }: StaffContext): StaffSessionView {
    return {
      staff: { id: staff.id, email: staff.email, name: staff.name, owner: staff.owner, totpEnabled: staff.totpEnabled, roles: staff.roles },
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  /** The live session and its staff member for a session token, or null. */
  async resolve(token: string | null): Promise<StaffContext | null> {
    if (!token) return null;
    const session = await this.sessions.findLive(tokenHash(token));
    if (!session) return null;
    const staff = await this.staff.findById(session.staffId);
    return staff && !staff.disabledAt ? { session, staff } : null;
  }

  /**
   * The identity a Cookie header's session has on a site, or null (no cookie, or a session that
   * ended). For callers that check CSRF themselves or only read, such as a socket handshake.
   */
  async viewerFromSession(cookieHeader: string | undefined, siteId: string): Promise<Viewer | null> {
    const ctx = await this.resolve(sessionTokenFrom(cookieHeader));
    return ctx ? staffViewer(ctx.staff, siteId) : null;
  }

  /**
   * The session behind an HTTP request, once per request: null with a bearer token, without a
   * live session cookie, or on a route that signs in. A write on a session must carry the
   * session's CSRF token: 403 CSRF_TOKEN_INVALID otherwise.
   */
  authenticate(ctx: ExecutionContext): Promise<StaffContext | null> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    // Most requests (readers, the publisher's tokens) carry no session: settle those at once.
    if (req.headers.authorization || !req.headers.cookie?.includes(SESSION_COOKIE)) return Promise.resolve(null);
    let found = this.resolved.get(req);
    if (!found) {
      const notRead = this.reflector.getAllAndOverride<boolean | undefined>(SESSION_NOT_READ, [ctx.getHandler(), ctx.getClass()]);
      found = notRead ? Promise.resolve(null) : this.resolve(sessionTokenFrom(req.headers.cookie));
      this.resolved.set(req, found);
    }
    return found.then((staff) => {
      if (staff && !READS.has(req.method)) {
        const sent = req.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameSecret(sent, staff.session.csrfToken)) {
          throw forbidden('CSRF_TOKEN_INVALID', 'Send the session’s csrfToken in the X-CSRF-Token header');
        }
      }
      return staff;
    });
  }

  /** For the global AuthGuard: the request's staff identity on its site, or null. */
  async viewerFor(ctx: ExecutionContext): Promise<Viewer | null> {
    const staff = await this.authenticate(ctx);
    return staff ? staffViewer(staff.staff, requestSiteId(ctx.switchToHttp().getRequest<FastifyRequest>())) : null;
  }

  /** Ends this session. */
  async signOut({ session, staff }: StaffContext, client: ClientInfo): Promise<void> {
    await this.sessions.revoke(session.id);
    await this.audit.record({ action: 'signout', staffId: staff.id, email: staff.email, ip: client.ip });
  }

  /** Ends every session of the member, this one included. */
  async signOutEverywhere({ staff }: StaffContext, client: ClientInfo): Promise<void> {
    const ended = await this.sessions.revokeAll(staff.id);
    await this.audit.record({ action: 'signout_all', staffId: staff.id, email: staff.email, ip: client.ip, detail: `${ended} sessions ended` });
  }

  revokeAll(staffId: string, m?: EntityManager): Promise<number> {
    return this.sessions.revokeAll(staffId, m);
  }
}
