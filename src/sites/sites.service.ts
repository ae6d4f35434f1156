import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHash, createPublicKey, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { badRequest, notFound } from '../common/api-error';
import { DEFAULT_SITE_ID, SITE_ID, type SiteView } from '../common/staff-contract';
import { EnvConfig } from '../config/config';
import { resolveJwtSecret } from './jwt-secret';
import { SitePatch, SiteRecord, SitesRepository } from './sites.repository';

/** How often each instance checks whether a site changed elsewhere (one tiny query). */
export const SITES_POLL_MS = 1000;

/** The keys a site's reader tokens are verified with. */
export interface SiteKeys {
  hs: KeyObject[];
  rs: KeyObject | null;
}

interface Loaded {
  record: SiteRecord;
  keys: SiteKeys;
  /** The secret Parley signs its own tokens with (the demo, the start-up banner). */
  signing: string | null;
}

const fingerprint = (secret: string): string => createHash('sha256').update(secret).digest('hex').slice(0, 12);
export const newSiteSecret = (): string => randomBytes(32).toString('base64url');

/**
 * The registry of sites, in memory on every instance: what a request's `site` names, its origins
 * and its token keys. The table is the truth; each instance reloads when its version moves
 * (checked each SITES_POLL_MS), so a rotated secret or a new site is known everywhere within a second.
 * The default site also accepts the deployment's JWT_SECRET / JWT_PUBLIC_KEY, as before sites.
 */
@Injectable()
export class SitesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Sites');
  private sites = new Map<string, Loaded>();
  private version = '';
  private timer?: NodeJS.Timeout;
  private polling = false;
  private readonly envSecret: string | undefined;
  private readonly envPublicKey: KeyObject | null;

  constructor(
    private readonly repo: SitesRepository,
    config: EnvConfig,
  ) {
    this.envSecret = resolveJwtSecret(config);
    this.envPublicKey = config.JWT_PUBLIC_KEY ? createPublicKey(config.JWT_PUBLIC_KEY) : null;
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.poll(), SITES_POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The site of this id, or undefined. */
  get(id: string): SiteRecord | undefined {
    return this.sites.get(id)?.record;
  }

  /** The site a request names: 404 SITE_NOT_FOUND for one that does not exist (or is not a site id at all). */
  require(id: string): SiteRecord {
    const site = typeof id === 'string' && SITE_ID.test(id) ? this.get(id) : undefined;
    if (!site) throw notFound('SITE_NOT_FOUND', 'No such site');
    return site;
  }

  list(): SiteRecord[] {
    return [...this.sites.values()].map((s) => s.record);
  }

  keys(id: string): SiteKeys {
    return this.sites.get(id)?.keys ?? { hs: [], rs: null };
  }

  signingSecret(id: string): string | null {
    return this.sites.get(id)?.signing ?? null;
  }

  /**
   * May the widget of `site` run on a page of `origin`? Any origin when the site lists none; the
   * service's own pages (the dashboard, the demo) always.
   */
  originAllowed(site: SiteRecord, origin: string | undefined, host: string | undefined): boolean {
    if (!origin || !site.origins.length || site.origins.includes(origin)) return true;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }

  view(site: SiteRecord): SiteView {
    const loaded = this.sites.get(site.id);
    const secrets: SiteView['secrets'] = site.hsSecrets.map((s) => ({ id: fingerprint(s), source: 'site', signing: loaded?.signing === s }));
    if (site.id === DEFAULT_SITE_ID && this.envSecret) {
      secrets.unshift({ id: fingerprint(this.envSecret), source: 'environment', signing: loaded?.signing === this.envSecret });
    }
    return { id: site.id, name: site.name, origins: site.origins, secrets, rsPublicKey: site.rsPublicKey, createdAt: site.createdAt.toISOString() };
  }

  /** A new site with a first secret; null when the id is taken. */
  async create(id: string, name: string): Promise<{ site: SiteRecord; secret: string } | null> {
    if (!SITE_ID.test(id)) throw badRequest('INVALID_SITE_ID', 'A site id is 1-63 lower-case letters, digits and dashes, starting with a letter or digit');
    const secret = newSiteSecret();
    const site = await this.repo.create(id, name, secret);
    await this.reload();
    return site ? { site, secret } : null;
  }

  async update(id: string, patch: SitePatch): Promise<SiteRecord> {
    if (patch.rsPublicKey) assertPublicKey(patch.rsPublicKey);
    if (patch.rsPublicKey === null) {
      const site = this.require(id);
      const others = site.hsSecrets.length + (id === DEFAULT_SITE_ID && this.envSecret ? 1 : 0);
      if (!others) throw badRequest('LAST_SECRET', 'A site keeps at least one way to verify tokens: add a secret before removing the public key');
    }
    const site = await this.repo.update(id, patch);
    if (!site) throw notFound('SITE_NOT_FOUND', 'No such site');
    await this.reload();
    return site;
  }

  /** Rotation, step one: a new secret signs from now on; the old ones stay valid until removed. */
  async addSecret(id: string): Promise<{ site: SiteRecord; secret: string }> {
    const secret = newSiteSecret();
    const site = await this.repo.addSecret(id, secret);
    if (!site) throw notFound('SITE_NOT_FOUND', 'No such site');
    await this.reload();
    return { site, secret };
  }

  /** Rotation, step two: tokens signed with the secret of this fingerprint are refused from now on. */
  async removeSecret(id: string, secretId: string): Promise<SiteRecord> {
    const site = this.require(id);
    const kept = site.hsSecrets.filter((s) => fingerprint(s) !== secretId);
    if (kept.length === site.hsSecrets.length) {
      const env = id === DEFAULT_SITE_ID && this.envSecret && fingerprint(this.envSecret) === secretId;
      throw env
        ? badRequest('SECRET_FROM_ENVIRONMENT', 'This secret is JWT_SECRET of the deployment: change it there')
        : notFound('SECRET_NOT_FOUND', 'The site has no secret with this id');
    }
    const remaining = kept.length + (id === DEFAULT_SITE_ID && this.envSecret ? 1 : 0) + (site.rsPublicKey ? 1 : 0);
    if (!remaining) throw badRequest('LAST_SECRET', 'A site keeps at least one way to verify tokens: add a new secret first');
    const updated = await this.repo.setSecrets(id, kept);
    if (!updated) throw notFound('SITE_NOT_FOUND', 'No such site');
    await this.reload();
    return updated;
  }

  async reload(): Promise<void> {
    const version = await this.repo.version();
    const records = await this.repo.list();
    this.sites = new Map(records.map((r) => [r.id, this.load(r)]));
    this.version = version;
  }

  private load(record: SiteRecord): Loaded {
    const isDefault = record.id === DEFAULT_SITE_ID;
    const secrets = [...(isDefault && this.envSecret ? [this.envSecret] : []), ...record.hsSecrets];
    let rs: KeyObject | null = isDefault ? this.envPublicKey : null;
    if (record.rsPublicKey) {
      try {
        rs = createPublicKey(record.rsPublicKey);
      } catch {
        this.logger.warn(`Site ${record.id}: its RS256 public key cannot be read; RS256 tokens are refused`);
      }
    }
    // The default site keeps signing with the deployment's secret, as it did before sites.
    const signing = isDefault && this.envSecret ? this.envSecret : (record.hsSecrets[0] ?? null);
    return { record, keys: { hs: secrets.map((s) => createSecretKey(Buffer.from(s, 'utf8'))), rs }, signing };
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if ((await this.repo.version()) !== this.version) await this.reload();
    } catch (err) {
      this.logger.debug(`Could not check the sites for changes: ${(err as Error).message}`);
    } finally {
      this.polling = false;
    }
  }
}

function assertPublicKey(pem: string): void {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
  } catch {
    throw badRequest('INVALID_PUBLIC_KEY', 'rsPublicKey must be an RSA public key in PEM form');
  }
}
