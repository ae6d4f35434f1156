import type { Sort } from '../../../common/contract';

/**
 * The widget's settings, read from the embed script's data attributes (see main.ts). The three
 * limits start as the attributes' fallbacks and follow the site's policy once the service says it
 * (widget.ts applyPolicy); whatever reads them reads them when it needs them.
 */
export interface Options {
  base: string;
  /** `data-site`: the publisher's site on a deployment that serves several; none: the default site. */
  site?: string;
  articleId: string;
  title?: string;
  /** data-section: the publisher's section, sent with each comment (spaces folded, 100 characters). */
  section?: string;
  url?: string;
  sort: Sort;
  pageSize: number;
  maxLength: number;
  maxDepth: number;
  editWindowSeconds: number;
  /** `data-heading="off"`: the widget's heading is for screen readers only (the page has its own). */
  heading?: 'off';
  /** The language the widget speaks (data-locale, the page's lang, the browser's; see locale.ts). */
  locale?: string;
}
