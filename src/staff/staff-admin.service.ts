import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflict, forbidden, notFound } from '../common/api-error';
import { validate as isUuid } from 'uuid';
import type { InvitationView, StaffLinkView, StaffMemberView } from '../common/staff-contract';
import { newSecretToken, tokenHash } from './secret-tokens';
import { StaffAuditRepository } from './staff-audit.repository';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { StaffSigninService } from './staff-signin.service';
import { StaffTokensRepository } from './staff-tokens.repository';
import { roleOn, StaffRecord, StaffRepository } from './staff.repository';
import { ClientInfo, INVITATION_TTL_MS, StaffRole } from './staff-types';

/** Where the dashboard takes a link's token: in the fragment, which browsers never send nor servers log. */
export const INVITATION_PATH = '/moderate/accept#';
export const RESET_PATH = '/moderate/reset#';

/** Staff management by a site's admins and the owner: invitations, the staff list, roles, reset links. */
@Injectable()
export class StaffAdminService {
  constructor(
    private readonly ds: DataSource,
    private readonly staff: StaffRepository,
    private readonly tokens: StaffTokensRepository,
    private readonly audit: StaffAuditRepository,
    private readonly signin: StaffSigninService,
    private readonly log: ModerationLog,
  ) {}

  /** An invitation link to a role on a site, valid INVITATION_TTL_MS; the token is returned here once. */
  async invite(actor: StaffRecord, email: string, role: StaffRole, siteId: string, client: ClientInfo): Promise<InvitationView> {
    await this.requireSiteAdmin(actor, siteId);
    const address = email.trim();
    const existing = await this.staff.findByEmail(address);
    if (existing && roleOn(existing, siteId)) {
      throw conflict('ALREADY_STAFF', 'This address already has a role on the site; change it with PATCH /staff/{id}/roles');
    }
    const token = newSecretToken();
    const link = await this.ds.transaction(async (m) => {
      const row = await this.tokens.insert(m, { id: tokenHash(token), kind: 'invite', email: address, siteId, role, createdBy: actor.id }, INVITATION_TTL_MS);
      await this.audit.record({ action: 'invite', staffId: actor.id, email: address, siteId, ip: client.ip, detail: role }, m);
      await this.log.write(m, { siteId, actorId: `staff:${actor.id}`, action: 'staff.invited', reason: `${address} as ${role}` });
      return row;
    });
    return { token, path: `${INVITATION_PATH}${token}`, email: address, siteId, role, expiresAt: link.expiresAt.toISOString() };
  }

  /** The site's staff (and every owner), for its admins. */
  async list(actor: StaffRecord, siteId: string): Promise<StaffMemberView[]> {
    await this.requireSiteAdmin(actor, siteId);
    const members = await this.staff.listForSite(siteId);
    return members.map((s) => ({
      id: s.id,
      email: s.email,
      name: s.name,
      owner: s.owner,
      role: roleOn(s, siteId) ?? 'moderator',
      hasPassword: s.passwordHash !== null,
      totpEnabled: s.totpEnabled,
      disabled: s.disabledAt !== null,
      createdAt: s.createdAt.toISOString(),
    }));
  }

  /**
   * Changes or removes (null) a member's role on a site. Nobody changes their own role, the owner's
   * role is fixed, and the site keeps at least one admin or an owner: checked under a per-site lock,
   * with the actor's own authority re-read there, so concurrent changes cannot undo the rule.
   */
  async changeRole(
    actor: StaffRecord,
    targetId: string,
    siteId: string,
    role: StaffRole | null,
    client: ClientInfo,
  ): Promise<{ id: string; siteId: string; role: StaffRole | null }> {
    if (!(await this.staff.siteExists(siteId))) throw notFound('SITE_NOT_FOUND', `No site ${siteId}`);
    if (targetId === actor.id) throw forbidden('OWN_ROLE', 'Nobody changes their own role; ask another admin');
    return this.ds.transaction(async (m) => {
      await this.staff.lockSiteRoles(m, siteId);
      const me = await this.staff.findById(actor.id, m);
      if (!me || me.disabledAt || roleOn(me, siteId) !== 'admin') throw forbidden('NOT_SITE_ADMIN', 'This needs the admin role on the site');
      const target = isUuid(targetId) ? await this.staff.findById(targetId, m, true) : null;
      if (!target) throw notFound('STAFF_NOT_FOUND', 'No such staff member');
      if (target.owner) throw forbidden('OWNER_ROLE_FIXED', 'The owner administers every site; their role cannot be changed');
      const before = roleOn(target, siteId);
      if (before === role) return { id: target.id, siteId, role };
      if (role) await this.staff.grant(m, siteId, target.id, role);
      else await this.staff.revoke(m, siteId, target.id);
      if (before === 'admin' && (await this.staff.countAdministrators(m, siteId)) === 0) {
        throw conflict('LAST_ADMIN', 'The site would be left without an admin');
      }
      await this.audit.record(
        {
          action: role ? 'role_changed' : 'removed',
          staffId: actor.id,
          email: target.email,
          siteId,
          ip: client.ip,
          detail: `${target.id}: ${before ?? 'none'} -> ${role ?? 'none'}`,
        },
        m,
      );
      await this.log.write(m, {
        siteId,
        actorId: `staff:${actor.id}`,
        action: role ? 'staff.role_changed' : 'staff.removed',
        userId: `staff:${target.id}`,
        fromStatus: before ?? 'none',
        toStatus: role ?? 'none',
        reason: target.email,
      });
      return { id: target.id, siteId, role };
    });
  }

  /**
   * A password-reset link for a member, to hand over until the service sends mail. Only someone
   * who administers every site the member works on may make one (it takes over the account), and
   * only an owner for an owner.
   */
  async resetLink(actor: StaffRecord, targetId: string, client: ClientInfo): Promise<StaffLinkView> {
    const target = isUuid(targetId) ? await this.staff.findById(targetId) : null;
    if (!target) throw notFound('STAFF_NOT_FOUND', 'No such staff member');
    const allowed = actor.owner || (!target.owner && target.roles.length > 0 && target.roles.every((r) => roleOn(actor, r.siteId) === 'admin'));
    if (!allowed) throw forbidden('NOT_SITE_ADMIN', 'This needs the admin role on every site the member works on');
    const { token, link } = await this.ds.transaction(async (m) => {
      const made = await this.signin.createResetLink(m, target, actor.id);
      await this.audit.record(
        { action: 'password_reset_requested', staffId: actor.id, email: target.email, ip: client.ip, detail: `link for ${target.id}` },
        m,
      );
      return made;
    });
    return { token, path: `${RESET_PATH}${token}`, email: target.email, expiresAt: link.expiresAt.toISOString() };
  }

  private async requireSiteAdmin(actor: StaffRecord, siteId: string): Promise<void> {
    if (!(await this.staff.siteExists(siteId))) throw notFound('SITE_NOT_FOUND', `No site ${siteId}`);
    if (roleOn(actor, siteId) !== 'admin') throw forbidden('NOT_SITE_ADMIN', 'This needs the admin role on the site');
  }
}
