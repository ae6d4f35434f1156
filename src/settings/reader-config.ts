import type { ReaderConfig } from '../common/contract';
import { cleanBody, renderBody } from '../common/render';
import type { SiteSettings } from './site-settings';

/** Guidelines rendered once per loaded settings object (a reload makes a new one). */
const rendered = new WeakMap<SiteSettings, string>();

/** The site's guidelines as a comment is rendered: light markdown, sanitized ('' for none). */
function guidelinesHtml(s: SiteSettings): string {
  let html = rendered.get(s);
  if (html === undefined) {
    const text = cleanBody(s.guidelines ?? '');
    html = text ? renderBody(text) : '';
    rendered.set(s, html);
  }
  return html;
}

/**
 * The public part of the site policy, field by field: a setting added to SiteSettings stays
 * private until it is named here (word lists, thresholds and rate limits never are).
 */
export function readerConfig(s: SiteSettings): ReaderConfig {
  return {
    maxLength: s.maxLength,
    maxDepth: s.maxDepth,
    editWindowSeconds: s.editWindowSeconds,
    premoderation: s.premoderation,
    guidelinesHtml: guidelinesHtml(s),
  };
}
