import { Injectable } from '@nestjs/common';
import { userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { ApiError, conflict } from '../common/api-error';
import type { SiteView } from '../common/staff-contract';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { SitesService } from '../sites/sites.service';
import { Grant, LinkView, MemberResult, StaffOperator } from '../staff/staff-operator.service';
import { UsageError } from './commands';
import type { Readable } from 'node:stream';
import { TransferService, type ImportOptions, type ImportProgress, type ImportReport } from '../transfer/transfer.service';
import type { ImportFormat } from '../transfer/formats/types';
import { ExportService, type ExportFormat, type ExportProgress } from '../transfer/export.service';

export type { Grant, LinkView, MemberResult };

function operatorName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

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
    private readonly sites: SitesService,
    private readonly log: ModerationLog,
    private readonly members: StaffOperator,
    private readonly transfer: TransferService,
    private readonly exporter: ExportService,
  ) {}

  /** As an admin's GET /export: the site's export as a stream (the site must exist). */
  exportSite(siteId: string, format: ExportFormat, onProgress: (p: ExportProgress) => void): Readable {
    return this.exporter.stream(siteId, format, onProgress);
  }

  /** As an admin's POST /import: the file streamed into the site (the site must exist). */
  importFile(siteId: string, format: ImportFormat, input: Readable, options: ImportOptions, onProgress: (p: ImportProgress) => void): Promise<ImportReport> {
    this.sites.require(siteId);
    return this.transfer.import(siteId, format, input, options, onProgress);
  }

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

  /** See StaffOperator.createMember; a missing name for a new account is a usage error here. */
  async createMember(address: string, name: string | undefined, grant: Grant, password?: string): Promise<MemberResult> {
    try {
      return await this.members.createMember(this.actor, address, name, grant, password);
    } catch (err) {
      if (err instanceof ApiError && (err.getResponse() as { code?: string }).code === 'NAME_REQUIRED') {
        throw new UsageError('--name is required to create an account');
      }
      throw err;
    }
  }

  resetLink(address: string): Promise<{ staff: MemberResult['staff']; link: LinkView }> {
    return this.members.resetLink(this.actor, address);
  }

  setPassword(address: string, password: string): Promise<MemberResult['staff']> {
    return this.members.setPassword(this.actor, address, password);
  }

  private record(siteId: string, action: string, reason: string | null): Promise<void> {
    return this.log.write(this.ds.manager, { siteId, actorId: this.actor, action, reason });
  }
}
