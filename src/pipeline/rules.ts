import type { ArticleView } from '../common/contract';
import { hasLink } from '../common/render';
import type { SiteSettings } from '../settings/site-settings';
import type { UserRecord } from '../users/users.repository';
import type { Verdict } from './pipeline';
import type { ToxicityResult } from './toxicity.client';

/** The pure rules of the pipeline: each turns facts already gathered into reasons. */

export const isStaff = (user: Pick<UserRecord, 'role'>): boolean => user.role === 'moderator' || user.role === 'admin';

/** A hold for a scored comment: above the threshold, or no score at all (never lose a comment). */
export function toxicityReason(result: ToxicityResult | null, threshold: number): string | null {
  if (!result) return null;
  if ('unavailable' in result) return 'toxicity:unavailable';
  return result.score > threshold ? `toxicity:${result.score.toFixed(2)}` : null;
}

/** The site's link policy and the four kinds of pre-moderation, in the contract's order. */
export function policyHolds(
  s: Pick<SiteSettings, 'premoderation' | 'premodNewUsers'>,
  article: Pick<ArticleView, 'premoderation'>,
  user: Pick<UserRecord, 'premod' | 'approvedCount'>,
  html: string,
): { link: string[]; premod: string[] } {
  const premod: string[] = [];
  if (s.premoderation === 'all') premod.push('premod:site');
  if (article.premoderation) premod.push('premod:article');
  if (user.premod) premod.push('premod:user');
  if (s.premodNewUsers > 0 && user.approvedCount < s.premodNewUsers) premod.push('premod:new_user');
  return { link: s.premoderation === 'links' && hasLink(html) ? ['link'] : [], premod };
}

/** Any reject reason rejects; otherwise any hold holds. Rejections are listed first. */
export function verdictOf(reject: string[], hold: string[]): Verdict {
  return { status: reject.length ? 'rejected' : hold.length ? 'pending' : 'approved', reasons: [...reject, ...hold] };
}

/** A flood found at insert time: rejected, the reason placed after any banned words, as run() orders it. */
export function withFlood(verdict: Verdict): Verdict {
  const banned = verdict.reasons.filter((r) => r.startsWith('banned_word:'));
  const rest = verdict.reasons.filter((r) => !r.startsWith('banned_word:'));
  return { status: 'rejected', reasons: [...banned, 'flood', ...rest] };
}
