import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { LiveBus } from '../events/live-bus';
import { SettingsRepository } from './settings.repository';
import { SiteSettings, SiteSettingsPatch } from './site-settings';

type Listener = (siteId: string, s: SiteSettings) => void;

/** How often each instance checks whether the stored settings changed (one tiny query). */
export const SETTINGS_POLL_MS = 1000;
/** The longest a change waits for the other instances to say they reloaded; they poll anyway. */
export const SETTINGS_NUDGE_WAIT_MS = 2000;

const DEFAULTS = new SiteSettings();

/**
 * Each site's policy, cached in memory. The database rows are the truth: every instance checks their
 * versions each SETTINGS_POLL_MS and reloads when one moved, so a change is in force everywhere
 * within about a second whatever Redis does. A change also nudges the other instances to reload at
 * once (see live/) and waits a bounded time for them, so with Redis up it is in force everywhere on
 * answering.
 */
@Injectable()
export class SettingsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Settings');
  private readonly current = new Map<string, SiteSettings>();
  /** The stored version each site's settings were loaded from. */
  private readonly versions = new Map<string, string>();
  private readonly listeners: Listener[] = [];
  private timer?: NodeJS.Timeout;
  private polling = false;
  private failing = false;

  constructor(
    private readonly repo: SettingsRepository,
    private readonly bus: LiveBus,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.poll(), SETTINGS_POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The site's policy (the defaults for a site whose row this instance has not loaded yet). */
  get(siteId: string): SiteSettings {
    return this.current.get(siteId) ?? DEFAULTS;
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Reloads every site whose stored version moved (or all, the first time). */
  async reload(): Promise<void> {
    for (const row of await this.repo.loadAll()) {
      const had = this.versions.get(row.siteId);
      // Two loads that overlapped: the one of the older version does not undo the newer one.
      if (had !== undefined && BigInt(row.version) <= BigInt(had)) continue;
      const settings = merge(new SiteSettings(), row.value);
      this.current.set(row.siteId, settings);
      this.versions.set(row.siteId, row.version);
      for (const l of this.listeners) l(row.siteId, settings);
    }
  }

  /** `actorId`: who changes it, named with what changed in the moderation log (`settings.changed`). */
  async update(siteId: string, patch: SiteSettingsPatch, actorId?: string): Promise<SiteSettings> {
    // Merge inside the row lock so two admins' patches to different fields both survive.
    await this.repo.change(
      siteId,
      (stored) => merge(merge(new SiteSettings(), stored), patch),
      (stored, next) => {
        if (!actorId) return null;
        const what = describeChanges(merge(new SiteSettings(), stored), next as SiteSettings);
        return what.length ? { siteId, actorId, action: 'settings.changed', reason: what.join('; ') } : null;
      },
    );
    await this.reload();
    // Answer once the other instances have reloaded too (the new policy holds everywhere), or
    // after a bound: they notice the new version by themselves within SETTINGS_POLL_MS.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.bus.toOtherInstances('settings.changed', {}),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTINGS_NUDGE_WAIT_MS))),
    ]).finally(() => clearTimeout(timer));
    return this.get(siteId);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const stored = await this.repo.versions();
      if ([...stored].some(([site, v]) => this.versions.get(site) !== v)) await this.reload();
      if (this.failing) this.logger.log('Settings can be read again');
      this.failing = false;
    } catch (err) {
      // Logged once per outage; the settings in memory stay in force meanwhile.
      if (!this.failing) this.logger.warn(`Could not check the settings for changes: ${(err as Error).message}`);
      this.failing = true;
    } finally {
      this.polling = false;
    }
  }
}

/** What differs, a line per setting: `maxLength: 5000 → 1200`, `bannedWords: 2 added, 1 removed`. */
export function describeChanges(before: SiteSettings, after: SiteSettings): string[] {
  const flat = (s: SiteSettings): [string, unknown][] => {
    const { rateLimits, ...rest } = s;
    return [...Object.entries(rest), ...Object.entries(rateLimits ?? {}).map(([k, v]): [string, unknown] => [`rateLimits.${k}`, v])];
  };
  const old = new Map(flat(before));
  const out: string[] = [];
  for (const [key, value] of flat(after)) {
    const was = old.get(key);
    if (JSON.stringify(was) === JSON.stringify(value)) continue;
    if (Array.isArray(value) && Array.isArray(was)) {
      const added = value.filter((w) => !was.includes(w)).length;
      const removed = was.filter((w) => !value.includes(w)).length;
      out.push(`${key}: ${added} added, ${removed} removed`);
    } else if (key === 'guidelines') {
      // A few KB of text are no log line.
      out.push(`${key}: ${value ? (was ? 'changed' : 'added') : 'removed'}`);
    } else {
      out.push(`${key}: ${String(was)} → ${String(value)}`);
    }
  }
  return out;
}

function merge(base: SiteSettings, patch: SiteSettingsPatch): SiteSettings {
  const { rateLimits, ...rest } = patch;
  const next = plainToInstance(SiteSettings, { ...base, ...defined(rest), rateLimits: { ...base.rateLimits, ...defined(rateLimits ?? {}) } });
  return next;
}

/**
 * The fields actually sent. A validated patch is a class instance whose omitted fields exist as
 * own properties set to undefined; spread as they are, they would reset the stored values
 * (a patch of one rate limit used to put the other back to its default).
 */
function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
