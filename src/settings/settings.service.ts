import { Injectable, OnModuleInit } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { LiveBus } from '../events/live-bus';
import { SettingsRepository } from './settings.repository';
import { SiteSettings, SiteSettingsPatch } from './site-settings';

type Listener = (s: SiteSettings) => void;

/**
 * Site policy, cached in memory. Writers update the row and announce the change; every instance
 * reloads on the announcement (see live/), so a change is in force everywhere at once.
 */
@Injectable()
export class SettingsService implements OnModuleInit {
  private current = new SiteSettings();
  private readonly listeners: Listener[] = [];

  constructor(
    private readonly repo: SettingsRepository,
    private readonly bus: LiveBus,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  get(): SiteSettings {
    return this.current;
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  async reload(): Promise<SiteSettings> {
    this.current = merge(new SiteSettings(), await this.repo.load());
    for (const l of this.listeners) l(this.current);
    return this.current;
  }

  async update(patch: SiteSettingsPatch): Promise<SiteSettings> {
    // Merge inside the row lock so two admins' patches to different fields both survive.
    await this.repo.change((stored) => merge(merge(new SiteSettings(), stored), patch));
    const settings = await this.reload();
    // Answer only once the other instances have reloaded too: the new policy holds everywhere.
    await this.bus.toOtherInstances('settings.changed', {});
    return settings;
  }
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
