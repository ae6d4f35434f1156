import type { ArticleReaderConfig } from '../../../common/contract';
import { call, enc } from '../shared/api';

/** How often the policy is asked for again while the page is visible. */
export const POLICY_REFRESH_MS = 60_000;
/** How long a cache may hand out an older copy (the service's max-age). */
export const POLICY_MAX_AGE_MS = 30_000;

/**
 * Follows the site's policy for the article (GET /articles/{id}/config): asked for at once, then
 * every minute while the page is visible (on its return when it was hidden), and sooner after a
 * failure, backing off up to the minute; the caller keeps what it had meanwhile. Asked without
 * the reader's token: the answer is public, so the browser and any CDN may keep it 30 s.
 * `apply` gets each answer and when it was asked for.
 */
export function followPolicy(base: string, site: string | undefined, articleId: string, apply: (c: ArticleReaderConfig, askedAt: number) => void): void {
  let failures = 0;
  let due = false;
  const ask = async () => {
    due = false;
    const askedAt = Date.now();
    try {
      apply(await call<ArticleReaderConfig>(base, 'GET', `/articles/${enc(articleId)}/config`, { site }), askedAt);
      failures = 0;
    } catch (e) {
      if (!failures++) console.warn('parley: could not load the comment policy; retrying', e);
    }
    setTimeout(() => (document.hidden ? (due = true) : void ask()), failures ? Math.min(POLICY_REFRESH_MS, 1000 * 2 ** failures) : POLICY_REFRESH_MS);
  };
  document.addEventListener('visibilitychange', () => {
    if (due && !document.hidden) void ask();
  });
  void ask();
}
