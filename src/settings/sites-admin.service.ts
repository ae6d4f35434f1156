import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflict, forbidden } from '../common/api-error';
import type { SiteView, SiteWithSecretView } from '../common/staff-contract';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import type { SitePatch, SiteRecord } from '../sites/sites.repository';
import { SitesService } from '../sites/sites.service';
import { roleOn, StaffRecord } from '../staff/staff.repository';

/**
 * Sites as the dashboard manages them: the owner creates them; a site's admins (and the owner)
 * change its name, origins and keys. Every change is in the site's moderation log, by whom and what.
 */
@Injectable()
export class SitesAdminService {
  constructor(
    private readonly sites: SitesService,
    private readonly log: ModerationLog,
    private readonly ds: DataSource,
  ) {}

  /** The sites the member works on (every site for an owner), as their admins see them. */
  list(actor: StaffRecord): SiteView[] {
    return this.sites
      .list()
      .filter((s) => roleOn(actor, s.id))
      .map((s) => this.sites.view(s));
  }

  get(actor: StaffRecord, id: string): SiteView {
    return this.sites.view(this.requireAdmin(actor, id));
  }

  async create(actor: StaffRecord, id: string, name: string, origins: string[] = []): Promise<SiteWithSecretView> {
    if (!actor.owner) throw forbidden('NOT_OWNER', 'Only an owner creates sites');
    const made = await this.sites.create(id, name);
    if (!made) throw conflict('SITE_EXISTS', `There is a site ${id} already`);
    const site = origins.length ? await this.sites.update(id, { origins }) : made.site;
    await this.record(actor, id, 'site.created', `${name}${origins.length ? `; origins: ${origins.join(' ')}` : ''}`);
    return { site: this.sites.view(site), secret: made.secret };
  }

  async update(actor: StaffRecord, id: string, patch: SitePatch): Promise<SiteView> {
    const before = this.requireAdmin(actor, id);
    const after = await this.sites.update(id, patch);
    const what = describeSiteChanges(before, after);
    if (what.length) await this.record(actor, id, 'site.changed', what.join('; '));
    return this.sites.view(after);
  }

  async addSecret(actor: StaffRecord, id: string): Promise<SiteWithSecretView> {
    this.requireAdmin(actor, id);
    const { site, secret } = await this.sites.addSecret(id);
    const view = this.sites.view(site);
    await this.record(actor, id, 'site.secret_added', view.secrets.find((s) => s.source === 'site')?.id ?? null);
    return { site: view, secret };
  }

  async removeSecret(actor: StaffRecord, id: string, secretId: string): Promise<SiteView> {
    this.requireAdmin(actor, id);
    const site = await this.sites.removeSecret(id, secretId);
    await this.record(actor, id, 'site.secret_removed', secretId);
    return this.sites.view(site);
  }

  private requireAdmin(actor: StaffRecord, id: string): SiteRecord {
    const site = this.sites.require(id);
    if (roleOn(actor, id) !== 'admin') throw forbidden('NOT_SITE_ADMIN', 'This needs the admin role on the site');
    return site;
  }

  private record(actor: StaffRecord, siteId: string, action: string, reason: string | null): Promise<void> {
    return this.log.write(this.ds.manager, { siteId, actorId: `staff:${actor.id}`, action, reason });
  }
}

/** What differs, a line per field; keys are named by fingerprint, never by value. */
function describeSiteChanges(before: SiteRecord, after: SiteRecord): string[] {
  const out: string[] = [];
  if (before.name !== after.name) out.push(`name: ${before.name} → ${after.name}`);
  const added = after.origins.filter((o) => !before.origins.includes(o));
  const removed = before.origins.filter((o) => !after.origins.includes(o));
  if (added.length || removed.length) out.push(`origins: ${[...added.map((o) => `+${o}`), ...removed.map((o) => `-${o}`)].join(' ')}`);
  if (before.rsPublicKey !== after.rsPublicKey) out.push(after.rsPublicKey ? 'RS256 public key set' : 'RS256 public key removed');
  return out;
}
