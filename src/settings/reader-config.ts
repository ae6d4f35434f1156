import type { ReaderConfig } from '../common/contract';
import type { SiteSettings } from './site-settings';

/**
 * The public part of the site policy, field by field: a setting added to SiteSettings stays
 * private until it is named here (word lists, thresholds and rate limits never are).
 */
export function readerConfig(s: SiteSettings): ReaderConfig {
  return { maxLength: s.maxLength, maxDepth: s.maxDepth, editWindowSeconds: s.editWindowSeconds, premoderation: s.premoderation };
}
