import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { badRequest, conflict, forbidden, notFound } from '../common/api-error';
import { EnvConfig } from '../config/config';
import { hashPassword } from './passwords';
import { RESET_PATH } from './staff-admin.service';
import { StaffAuditRepository } from './staff-audit.repository';
import { StaffSigninService } from './staff-signin.service';
import { roleOn, StaffRecord, StaffRepository } from './staff.repository';
import type { ClientInfo } from './staff-types';

/** A one-time link as printed: its path on the service, and the full URL when the service's address is known. */
export interface LinkView {
  path: string;
  url: string | null;
  expiresAt: string;
}

export interface MemberResult {
  staff: { id: string; email: string; name: string; owner: boolean; roles: StaffRecord['roles']; hasPassword: boolean };
  created: boolean;
  /** Whether the grant was new (false: the member had it already). */
  granted: boolean;
  passwordSet: boolean;
  /** The set-password link, when the member has no password yet. */
  link: LinkView | null;
}

export type Grant = { owner: true } | { siteId: string };

/** What an operator's changes are recorded with in the staff audit trail. */
const CLIENT: ClientInfo = { ip: null, userAgent: 'parley operator' };

const memberView = (s: StaffRecord): MemberResult['staff'] => ({
  id: s.id,
  email: s.email,
  name: s.name,
  owner: s.owner,
  roles: s.roles,
  hasPassword: s.passwordHash !== null,
});

/**
 * Staff accounts as an operator makes them, outside any session: the command line, and the
 * embedded default's development owner. The operator is trusted as an owner is (they hold the
 * database); every change is recorded in the staff audit trail by `actor`.
 */
@Injectable()
export class StaffOperator {
  constructor(
    private readonly ds: DataSource,
    private readonly config: EnvConfig,
    private readonly staff: StaffRepository,
    private readonly audit: StaffAuditRepository,
    private readonly signin: StaffSigninService,
  ) {}

  /**
   * Creates the member with a grant (owner, or admin of a site), or grants it to the member with the
   * address. With `password` (already checked against the policy) the password is set, which only a
   * member without one may get this way; otherwise a member without a password gets a set-password link.
   * One transaction: on any refusal nothing is written.
   */
  async createMember(actor: string, address: string, name: string | undefined, grant: Grant, password?: string): Promise<MemberResult> {
    if ('siteId' in grant && !(await this.staff.siteExists(grant.siteId))) throw notFound('SITE_NOT_FOUND', `No site ${grant.siteId}`);
    const passwordHash = password === undefined ? null : await hashPassword(password);
    try {
      return await this.ds.transaction(async (m) => {
        let member = await this.staff.findByEmail(address, m, true);
        const created = !member;
        let granted = false;
        if (!member) {
          if (!name) throw badRequest('NAME_REQUIRED', 'A name is required to create an account');
          member = await this.staff.insert(m, { email: address, name, passwordHash, owner: 'owner' in grant });
          if ('siteId' in grant) await this.staff.grant(m, grant.siteId, member.id, 'admin');
          granted = true;
        } else {
          if (member.disabledAt) throw forbidden('STAFF_DISABLED', `The staff account ${member.email} is disabled`);
          if (passwordHash && member.passwordHash) {
            throw conflict(
              'HAS_PASSWORD',
              `${member.email} has a password already: \`parley staff:reset-password ${member.email} --password-stdin\` replaces it`,
            );
          }
          if (passwordHash) await this.staff.setPassword(m, member.id, passwordHash);
          granted = await this.grant(m, member, grant);
        }
        if (granted && 'owner' in grant) {
          await this.audit.record({ action: created ? 'owner_created' : 'owner_granted', staffId: member.id, email: member.email, detail: actor }, m);
        } else if (granted && 'siteId' in grant) {
          const before = created ? 'none' : (roleOn(member, grant.siteId) ?? 'none');
          await this.audit.record(
            { action: 'role_changed', email: member.email, siteId: grant.siteId, detail: `${member.id}: ${before} -> admin (${actor})` },
            m,
          );
        }
        if (passwordHash) {
          await this.audit.record({ action: 'password_reset', staffId: member.id, email: member.email, detail: `set by ${actor}` }, m);
        }
        const link = !passwordHash && !member.passwordHash ? await this.resetLinkIn(m, member, actor) : null;
        const after = (await this.staff.findById(member.id, m))!;
        return { staff: memberView(after), created, granted, passwordSet: passwordHash !== null, link };
      });
    } catch (err) {
      // Someone created the address between the look-up and the insert.
      if (err instanceof QueryFailedError && (err.driverError as { code?: string })?.code === '23505') {
        throw conflict('CONFLICT', 'The account was created meanwhile; run the command again');
      }
      throw err;
    }
  }

  /** A password-reset link for the member with the address (as an owner's POST /staff/{id}/password-reset-link). */
  async resetLink(actor: string, address: string): Promise<{ staff: MemberResult['staff']; link: LinkView }> {
    const member = await this.requireActiveMember(address);
    const link = await this.ds.transaction((m) => this.resetLinkIn(m, member, actor));
    return { staff: memberView(member), link };
  }

  /** Sets the password through a reset link spent at once: the same rules and effects (every session ends). */
  async setPassword(actor: string, address: string, password: string): Promise<MemberResult['staff']> {
    const member = await this.requireActiveMember(address);
    const token = await this.ds.transaction(async (m) => {
      const { token } = await this.signin.createResetLink(m, member, null);
      await this.audit.record({ action: 'password_reset_requested', email: member.email, detail: `link for ${member.id}, spent at once (${actor})` }, m);
      return token;
    });
    await this.signin.resetPassword(token, password, CLIENT);
    return memberView((await this.staff.findById(member.id))!);
  }

  /** The dashboard's address, when known: PUBLIC_URL, or the local one the service prints outside production. */
  publicBase(): string | null {
    const base = this.config.PUBLIC_URL ?? (this.config.production ? null : `http://localhost:${this.config.PORT}`);
    return base ? base.replace(/\/+$/, '') : null;
  }

  private async requireActiveMember(address: string): Promise<StaffRecord> {
    const member = await this.staff.findByEmail(address);
    if (!member) throw notFound('STAFF_NOT_FOUND', `No staff member has the address ${address}`);
    if (member.disabledAt) throw forbidden('STAFF_DISABLED', `The staff account ${member.email} is disabled`);
    return member;
  }

  /** Grants what is missing; false when the member had it already (an owner is admin of every site). */
  private async grant(m: EntityManager, member: StaffRecord, grant: Grant): Promise<boolean> {
    if (member.owner) return false;
    if ('owner' in grant) {
      await this.staff.setOwner(m, member.id, true);
      return true;
    }
    if (roleOn(member, grant.siteId) === 'admin') return false;
    await this.staff.grant(m, grant.siteId, member.id, 'admin');
    return true;
  }

  private async resetLinkIn(m: EntityManager, member: StaffRecord, actor: string): Promise<LinkView> {
    const { token, link } = await this.signin.createResetLink(m, member, null);
    await this.audit.record({ action: 'password_reset_requested', email: member.email, detail: `link for ${member.id} (${actor})` }, m);
    const path = `${RESET_PATH}${token}`;
    const base = this.publicBase();
    return { path, url: base ? `${base}${path}` : null, expiresAt: link.expiresAt.toISOString() };
  }
}
