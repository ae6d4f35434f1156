import { Injectable } from '@nestjs/common';
import { userInfo } from 'node:os';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { conflict, forbidden, notFound } from '../common/api-error';
import type { SiteView } from '../common/staff-contract';
import { EnvConfig } from '../config/config';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { SitesService } from '../sites/sites.service';
import { hashPassword } from '../staff/passwords';
import { RESET_PATH } from '../staff/staff-admin.service';
import { StaffAuditRepository } from '../staff/staff-audit.repository';
import { StaffSigninService } from '../staff/staff-signin.service';
import { roleOn, StaffRecord, StaffRepository } from '../staff/staff.repository';
import type { ClientInfo } from '../staff/staff-types';
import { UsageError } from './commands';

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

/** What the command line's changes are recorded as, in the staff audit trail and the moderation log. */
const CLIENT: ClientInfo = { ip: null, userAgent: 'parley command line' };

function operatorName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

const memberView = (s: StaffRecord): MemberResult['staff'] => ({
  id: s.id,
  email: s.email,
  name: s.name,
  owner: s.owner,
  roles: s.roles,
  hasPassword: s.passwordHash !== null,
});

/**
 * What an operator does from the command line, on the services the API uses: sites and their
 * secrets, owners and admins, password links. The operator is trusted as an owner is (they hold
 * the database); every change is recorded, by `cli:<user>`, where the dashboard's are.
 */
@Injectable()
export class OperatorService {
  private readonly actor = `cli:${operatorName()}`;

  constructor(
    private readonly ds: DataSource,
    private readonly config: EnvConfig,
    private readonly sites: SitesService,
    private readonly log: ModerationLog,
    private readonly staff: StaffRepository,
    private readonly audit: StaffAuditRepository,
    private readonly signin: StaffSigninService,
  ) {}

  listSites(): SiteView[] {
    return this.sites.list().map((s) => this.sites.view(s));
  }

  /** As an owner's POST /sites: the site, its settings and counters, and a first secret (returned once). */
  async createSite(id: string, name: string, origins: string[]): Promise<{ site: SiteView; secret: string }> {
    const made = await this.sites.create(id, name);
    if (!made) throw conflict('SITE_EXISTS', `There is a site ${id} already`);
    const site = origins.length ? await this.sites.update(id, { origins }) : made.site;
    await this.record(id, 'site.created', `${name}${origins.length ? `; origins: ${origins.join(' ')}` : ''}`);
    return { site: this.sites.view(site), secret: made.secret };
  }

  /** Rotation, step one: a new secret Parley signs with from now on; returns it (once) and its fingerprint. */
  async addSecret(id: string): Promise<{ site: SiteView; secret: string; fingerprint: string }> {
    const { site, secret } = await this.sites.addSecret(id);
    const view = this.sites.view(site);
    const fingerprint = view.secrets.find((s) => s.source === 'site')?.id ?? '';
    await this.record(id, 'site.secret_added', fingerprint);
    return { site: view, secret, fingerprint };
  }

  /** Rotation, step two (the service refuses to remove a site's last key). */
  async removeSecret(id: string, fingerprint: string): Promise<SiteView> {
    const site = await this.sites.removeSecret(id, fingerprint);
    await this.record(id, 'site.secret_removed', fingerprint);
    return this.sites.view(site);
  }

  /**
   * Creates the member with a grant (owner, or admin of a site), or grants it to the member with the
   * address. With `password` (already checked against the policy) the password is set, which only a
   * member without one may get this way; otherwise a member without a password gets a set-password link.
   * One transaction: on any refusal nothing is written.
   */
  async createMember(address: string, name: string | undefined, grant: Grant, password?: string): Promise<MemberResult> {
    if ('siteId' in grant && !(await this.staff.siteExists(grant.siteId))) throw notFound('SITE_NOT_FOUND', `No site ${grant.siteId}`);
    const passwordHash = password === undefined ? null : await hashPassword(password);
    try {
      return await this.ds.transaction(async (m) => {
        let member = await this.staff.findByEmail(address, m, true);
        const created = !member;
        let granted = false;
        if (!member) {
          if (!name) throw new UsageError('--name is required to create an account');
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
          // As StaffAdminService.ensureOwner records an operator's owner.
          await this.audit.record({ action: created ? 'owner_created' : 'owner_granted', staffId: member.id, email: member.email, detail: this.actor }, m);
        } else if (granted && 'siteId' in grant) {
          const before = created ? 'none' : (roleOn(member, grant.siteId) ?? 'none');
          await this.audit.record(
            { action: 'role_changed', email: member.email, siteId: grant.siteId, detail: `${member.id}: ${before} -> admin (${this.actor})` },
            m,
          );
        }
        if (passwordHash) {
          await this.audit.record({ action: 'password_reset', staffId: member.id, email: member.email, detail: `set by ${this.actor}` }, m);
        }
        const link = !passwordHash && !member.passwordHash ? await this.resetLinkIn(m, member) : null;
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
  async resetLink(address: string): Promise<{ staff: MemberResult['staff']; link: LinkView }> {
    const member = await this.requireActiveMember(address);
    const link = await this.ds.transaction((m) => this.resetLinkIn(m, member));
    return { staff: memberView(member), link };
  }

  /** Sets the password through a reset link spent at once: the same rules and effects (every session ends). */
  async setPassword(address: string, password: string): Promise<MemberResult['staff']> {
    const member = await this.requireActiveMember(address);
    const token = await this.ds.transaction(async (m) => {
      const { token } = await this.signin.createResetLink(m, member, null);
      await this.audit.record({ action: 'password_reset_requested', email: member.email, detail: `link for ${member.id}, spent at once (${this.actor})` }, m);
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

  private async resetLinkIn(m: EntityManager, member: StaffRecord): Promise<LinkView> {
    const { token, link } = await this.signin.createResetLink(m, member, null);
    await this.audit.record({ action: 'password_reset_requested', email: member.email, detail: `link for ${member.id} (${this.actor})` }, m);
    const path = `${RESET_PATH}${token}`;
    const base = this.publicBase();
    return { path, url: base ? `${base}${path}` : null, expiresAt: link.expiresAt.toISOString() };
  }

  private record(siteId: string, action: string, reason: string | null): Promise<void> {
    return this.log.write(this.ds.manager, { siteId, actorId: this.actor, action, reason });
  }
}
