import { Injectable } from '@nestjs/common';
import type { EmailLocale } from '../common/notification-contract';
import { SettingsService } from '../settings/settings.service';
import { DEFAULT_LOCALE, EmailStrings, emailLocale, STRINGS } from './strings';

export interface EmailLanguage {
  locale: EmailLocale;
  strings: EmailStrings;
}

/**
 * The language an email is written in: the reader's own (their token's `locale` claim, kept when
 * they last used notifications) when we write it, else the site's `locale` setting, else English.
 * Staff digests and the unsubscribe page use the site's.
 */
@Injectable()
export class EmailLocales {
  constructor(private readonly settings: SettingsService) {}

  forSite(siteId: string): EmailLanguage {
    return this.language(emailLocale(this.settings.get(siteId).locale) ?? DEFAULT_LOCALE);
  }

  forReader(siteId: string, readerLocale: string | null | undefined): EmailLanguage {
    const own = emailLocale(readerLocale);
    return own ? this.language(own) : this.forSite(siteId);
  }

  private language(locale: EmailLocale): EmailLanguage {
    return { locale, strings: STRINGS[locale] };
  }
}
