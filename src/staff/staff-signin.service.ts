import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ApiError, badRequest, conflict, forbidden, notFound, unauthorized } from '../common/api-error';
import { DEFAULT_SITE_ID } from '../common/staff-contract';
import { assertPasswordAcceptable, checkPassword, hashPassword } from './passwords';
import { newSecretToken, tokenHash } from './secret-tokens';
import { SigninLimiter } from './signin-limiter';
import { StaffAuditRepository } from './staff-audit.repository';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { StaffContext, StaffSessions } from './staff-sessions.service';
import { StaffTokenRecord, StaffTokensRepository } from './staff-tokens.repository';
import { StaffRecord, StaffRepository } from './staff.repository';
import { ClientInfo, RESET_TTL_MS, StaffRole, StaffTokenKind } from './staff-types';
import { totpCodeValid } from './totp';

/** A session just started: the token for the cookie, and who it is. */
export interface NewSession {
  token: string;
  ctx: StaffContext;
}

export interface SsoIdentity {
  /** The site the token was verified for: the role is granted there. */
  siteId: string;
  email: string;
  name: string;
  role: StaffRole;
  /** SHA-256 of the publisher's token: it is exchanged once, and remembered until it expires. */
  tokenHash: string;
  expiresAt: Date;
}

const SIGNIN_FAILED = () => unauthorized('SIGNIN_FAILED', 'Email or password is wrong');
const gone = (code: string, message: string) => new ApiError(HttpStatus.GONE, code, message);
const resetLinkInvalid = () => gone('RESET_LINK_INVALID', 'This reset link no longer names an active account');

/** Everything that starts a session (password, invitation, SSO) or sets a password from a link. */
@Injectable()
export class StaffSigninService {
  constructor(
    private readonly ds: DataSource,
    private readonly staff: StaffRepository,
    private readonly tokens: StaffTokensRepository,
    private readonly audit: StaffAuditRepository,
    private readonly sessions: StaffSessions,
    private readonly limiter: SigninLimiter,
    private readonly log: ModerationLog,
  ) {}

  /**
   * Email and password (and the TOTP code when the member has one). An unknown address and a wrong
   * password get the same answer in the same time; every failure is audited and counted.
   */
  async signIn(email: string, password: string, code: string | undefined, client: ClientInfo): Promise<NewSession> {
    const staff = await this.checkCredentials(email, password, code, client, 'signin');
    return this.ds.transaction(async (m) => {
      await this.audit.record({ action: 'signin', staffId: staff.id, email: staff.email, ip: client.ip }, m);
      return this.startSession(m, staff.id, client);
    });
  }

  /** An invitation link: creates the member (or links the existing one), sets the password, grants the role, signs in. */
  async acceptInvitation(token: string, input: { name?: string; password: string; code?: string }, client: ClientInfo): Promise<NewSession> {
    // A member who already has a password proves it (as at sign-in) rather than replacing it.
    const pending = await this.peek(token, 'invite');
    const existing = await this.staff.findByEmail(pending.email);
    if (existing?.passwordHash) await this.checkCredentials(existing.email, input.password, input.code, client, 'invitation');
    else assertPasswordAcceptable(input.password, pending.email);
    const newHash = existing?.passwordHash ? null : await hashPassword(input.password);

    try {
      return await this.ds.transaction(async (m) => {
        const link = await this.spendable(m, token, 'invite');
        let staff = await this.staff.findByEmail(link.email, m, true);
        if (staff?.disabledAt) throw forbidden('STAFF_DISABLED', 'This staff account is disabled');
        if (!staff) {
          const name = cleanName(input.name);
          if (!name) throw badRequest('NAME_REQUIRED', 'Give your name to create the account');
          staff = await this.staff.insert(m, { email: link.email, name, passwordHash: newHash });
        } else if (!staff.passwordHash) {
          if (!newHash) throw conflict('CONFLICT', 'The account changed meanwhile; try again');
          await this.staff.setPassword(m, staff.id, newHash);
          const name = cleanName(input.name);
          if (name) await this.staff.setName(m, staff.id, name);
        }
        await this.staff.grant(m, link.siteId ?? DEFAULT_SITE_ID, staff.id, link.role ?? 'moderator', true);
        await this.tokens.markUsed(m, link.id, staff.id);
        await this.audit.record({ action: 'invite_accepted', staffId: staff.id, email: staff.email, siteId: link.siteId, ip: client.ip, detail: link.role }, m);
        await this.log.write(m, {
          siteId: link.siteId ?? DEFAULT_SITE_ID,
          actorId: `staff:${staff.id}`,
          action: 'staff.joined',
          userId: `staff:${staff.id}`,
          toStatus: link.role ?? 'moderator',
          reason: staff.email,
        });
        return this.startSession(m, staff.id, client);
      });
    } catch (err) {
      // Two first acceptances for one new address at once: the second finds the address taken.
      if (err instanceof QueryFailedError && (err.driverError as { code?: string })?.code === '23505') {
        throw conflict('CONFLICT', 'The account was created meanwhile; try again');
      }
      throw err;
    }
  }

  /**
   * "Forgot my password": always accepted, whether or not the address is a member's, so the answer
   * says nothing about who has an account. A member gets a reset link (sent by email once the
   * service sends mail; an owner or admin can hand one out meanwhile).
   */
  async requestReset(email: string, client: ClientInfo): Promise<void> {
    const staff = await this.staff.findByEmail(email);
    if (!staff || staff.disabledAt) {
      await this.audit.record({ action: 'password_reset_requested', email, ip: client.ip, detail: 'no such account' });
      return;
    }
    await this.ds.transaction(async (m) => {
      await this.createResetLink(m, staff, null);
      await this.audit.record({ action: 'password_reset_requested', staffId: staff.id, email: staff.email, ip: client.ip }, m);
    });
  }

  /** A reset link for the member, valid RESET_TTL_MS; the token is returned once and stored hashed. */
  async createResetLink(m: EntityManager, staff: StaffRecord, createdBy: string | null): Promise<{ token: string; link: StaffTokenRecord }> {
    const token = newSecretToken();
    const link = await this.tokens.insert(m, { id: tokenHash(token), kind: 'reset', email: staff.email, staffId: staff.id, createdBy }, RESET_TTL_MS);
    return { token, link };
  }

  /**
   * Whom an unspent reset link is for, so its page can name the account (and a password manager
   * the username) before a password is typed; nothing is spent or changed.
   */
  async resetLinkFor(token: string): Promise<{ email: string; expiresAt: Date }> {
    const link = await this.peek(token, 'reset');
    const staff = link.staffId ? await this.staff.findById(link.staffId) : null;
    if (!staff || staff.disabledAt) throw resetLinkInvalid();
    return { email: staff.email, expiresAt: link.expiresAt };
  }

  /** Sets the password from a reset link and ends every session of the member. */
  async resetPassword(token: string, password: string, client: ClientInfo): Promise<void> {
    const pending = await this.peek(token, 'reset');
    assertPasswordAcceptable(password, pending.email);
    const hash = await hashPassword(password);
    await this.ds.transaction(async (m) => {
      const link = await this.spendable(m, token, 'reset');
      const staff = link.staffId ? await this.staff.findById(link.staffId, m, true) : null;
      if (!staff || staff.disabledAt) throw resetLinkInvalid();
      await this.staff.setPassword(m, staff.id, hash);
      await this.tokens.spendResets(m, staff.id);
      const ended = await this.sessions.revokeAll(staff.id, m);
      await this.audit.record({ action: 'password_reset', staffId: staff.id, email: staff.email, ip: client.ip, detail: `${ended} sessions ended` }, m);
    });
    await this.limiter.clear(pending.email);
  }

  /**
   * The publisher's SSO token (already verified by the caller) for one session: links the member
   * with that address or creates them, with the token's role on the token's site (never lowering
   * one they have). The token is spent: a second exchange is refused.
   */
  async exchangeSso(identity: SsoIdentity, client: ClientInfo): Promise<NewSession> {
    const used = () => unauthorized('SSO_TOKEN_USED', 'This token was exchanged already; sign a new one');
    if (await this.tokens.ssoSpent(identity.tokenHash)) throw used();
    try {
      return await this.ds.transaction(async (m) => {
        let staff = await this.staff.findByEmail(identity.email, m, true);
        if (staff?.disabledAt) throw forbidden('STAFF_DISABLED', 'This staff account is disabled');
        staff ??= await this.staff.insert(m, { email: identity.email, name: identity.name, passwordHash: null });
        await this.staff.grant(m, identity.siteId, staff.id, identity.role, true);
        if (!(await this.tokens.spendSso(m, identity.tokenHash, identity.email, staff.id, identity.expiresAt))) throw used();
        await this.audit.record({ action: 'signin', staffId: staff.id, email: staff.email, siteId: identity.siteId, ip: client.ip, detail: 'sso' }, m);
        return this.startSession(m, staff.id, client);
      });
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string })?.code === '23505') throw used();
      throw err;
    }
  }

  /** Password (and TOTP) check shared by sign-in and accepting an invitation as an existing member. */
  private async checkCredentials(email: string, password: string, code: string | undefined, client: ClientInfo, via: string): Promise<StaffRecord> {
    const fail = async (detail: string, staffId: string | null, counts = true) => {
      if (counts) await this.limiter.fail(email, client.ip);
      await this.audit.record({ action: 'signin_failed', staffId, email, ip: client.ip, detail: `${via}: ${detail}` });
    };
    try {
      await this.limiter.check(email, client.ip);
    } catch (err) {
      await fail('rate limited', null, false);
      throw err;
    }
    const staff = await this.staff.findByEmail(email);
    const usable = staff && !staff.disabledAt ? staff : null;
    // The hash is checked even when there is none to check, so an unknown address takes as long.
    const ok = await checkPassword(usable?.passwordHash ?? null, password);
    if (!ok || !usable) {
      await fail(!staff ? 'unknown email' : staff.disabledAt ? 'disabled' : !staff.passwordHash ? 'no password set' : 'wrong password', staff?.id ?? null);
      throw SIGNIN_FAILED();
    }
    if (usable.totpEnabled) {
      if (!code) {
        await fail('totp code missing', usable.id, false);
        throw unauthorized('TOTP_REQUIRED', 'Enter the code from your authenticator app');
      }
      if (!totpCodeValid(usable.totpSecret ?? '', code)) {
        await fail('wrong totp code', usable.id);
        throw unauthorized('TOTP_INVALID', 'The authenticator code is wrong or expired');
      }
    }
    await this.limiter.clear(email);
    return usable;
  }

  private async startSession(m: EntityManager, staffId: string, client: ClientInfo): Promise<NewSession> {
    const { token, session } = await this.sessions.start(m, staffId, client);
    const staff = (await this.staff.findById(staffId, m))!;
    return { token, ctx: { session, staff } };
  }

  /** A link's row, checked (not locked): for the work done before the transaction (hashing a password). */
  private async peek(token: string, kind: StaffTokenKind): Promise<StaffTokenRecord> {
    return this.ds.transaction((m) => this.spendable(m, token, kind));
  }

  /** The link row, locked and checked: known, unused, unexpired. */
  private async spendable(m: EntityManager, token: string, kind: StaffTokenKind): Promise<StaffTokenRecord> {
    const what = kind === 'invite' ? 'INVITATION' : 'RESET_LINK';
    const label = kind === 'invite' ? 'invitation' : 'reset link';
    const link = /^[A-Za-z0-9_-]{43}$/.test(token) ? await this.tokens.lock(m, tokenHash(token), kind) : null;
    if (!link) throw notFound(`${what}_NOT_FOUND`, `No such ${label}`);
    if (link.usedAt) throw gone(`${what}_USED`, `This ${label} was used already`);
    if (link.expiresAt.getTime() <= Date.now()) throw gone(`${what}_EXPIRED`, `This ${label} has expired`);
    return link;
  }
}

/** A display name: control characters dropped, trimmed; empty means none given. */
export function cleanName(name: string | undefined): string {
  return (name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
}
