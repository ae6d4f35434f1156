import { Injectable } from '@nestjs/common';
import { SettingsService } from '../settings/settings.service';
import { SitesService } from '../sites/sites.service';
import type { OutgoingEmail } from './mail-transport';

/** Who a site's emails (readers' and staff digests) are from: the site's name, at its `mailFrom` setting or the deployment's MAIL_FROM. */
@Injectable()
export class SiteSender {
  constructor(
    private readonly sites: SitesService,
    private readonly settings: SettingsService,
  ) {}

  name(siteId: string): string {
    return this.sites.get(siteId)?.name ?? siteId;
  }

  of(siteId: string): OutgoingEmail['from'] {
    return { name: this.name(siteId), address: this.settings.get(siteId).mailFrom ?? null };
  }
}
