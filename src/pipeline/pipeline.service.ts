import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { readings } from '../common/visible-text';
import { SettingsService } from '../settings/settings.service';
import { SiteSettings } from '../settings/site-settings';
import { AuthorActivity, RecentActivity } from './author-activity';
import { ModerationPipeline, PipelineInput, Verdict } from './pipeline';
import { floodError } from './posting-rate';
import { isStaff, policyHolds, toxicityReason, verdictOf, withFlood } from './rules';
import { ToxicityClient } from './toxicity.client';
import { WordFilter } from './word-filter';

/**
 * The ordered checks every new or edited comment passes. Banned and suspended users and closed
 * articles are refused before this runs (403, nothing stored). Each check adds reasons; the
 * strictest verdict wins.
 */
@Injectable()
export class PipelineService implements ModerationPipeline {
  /** Each site's word filters, built when its settings are loaded (or first needed). */
  private readonly filters = new WeakMap<SiteSettings, { banned: WordFilter; suspect: WordFilter }>();

  constructor(
    private readonly settings: SettingsService,
    private readonly toxicity: ToxicityClient,
    private readonly activity: AuthorActivity,
  ) {
    settings.onChange((_site, s) => this.filtersOf(s));
  }

  private filtersOf(s: SiteSettings): { banned: WordFilter; suspect: WordFilter } {
    let f = this.filters.get(s);
    if (!f) this.filters.set(s, (f = { banned: new WordFilter(s.bannedWords), suspect: new WordFilter(s.suspectWords) }));
    return f;
  }

  async run(input: PipelineInput): Promise<Verdict> {
    const { user, article, body, html } = input;
    if (isStaff(user)) return verdictOf([], []);
    const s = this.settings.get(user.siteId);
    const { banned, suspect } = this.filtersOf(s);
    // The words are matched in what was written and in what a reader sees (markup, entities,
    // invisible characters, accents and direction controls can hide a word from the raw text).
    // Past the posting limit: refused (429 FLOOD) before anything is stored, by confirmFlood at the
    // insert. Read here too only when the scorer would be asked: a flood must not reach it, and
    // without it the early read would be a round trip the insert's check repeats anyway.
    if (input.floodCheckedAtInsert && this.toxicity.enabled) {
      const { waitSeconds } = await this.recent(input, s);
      if (waitSeconds > 0) throw floodError(waitSeconds);
    }
    const texts = readings(body, html);
    const reject = banned.matchesAny(texts).map((w) => `banned_word:${w}`);
    if (!input.floodCheckedAtInsert && (await this.isRepeat(input, s))) reject.push('flood');
    const hold = suspect.matchesAny(texts).map((w) => `suspect_word:${w}`);
    const policy = policyHolds(s, article, user, html);
    hold.push(...policy.link);
    // No scorer call for what is rejected anyway.
    if (!reject.length && this.toxicity.enabled) {
      const reason = toxicityReason(await this.toxicity.score(body), s.toxicityThreshold);
      if (reason) hold.push(reason);
    }
    hold.push(...policy.premod);
    return verdictOf(reject, hold);
  }

  /**
   * The flood checks again, inside the insert's transaction, under the author's row lock that the
   * caller took first (UsersService.lockPoster) and holds to commit. The pipeline ran before the
   * transaction (it may wait on the scorer), so parallel posts from one user, on any instance,
   * could all have read the same count; here they take turns and each sees the ones committed before it. Past the posting limit throws 429 `FLOOD` (the transaction
   * stores nothing); the same text again is rejected with the reason `flood`.
   */
  async confirmFlood(m: EntityManager, input: PipelineInput, verdict: Verdict): Promise<Verdict> {
    if (isStaff(input.user)) return verdict;
    const s = this.settings.get(input.user.siteId);
    const recent = await this.recent(input, s, m);
    if (recent.waitSeconds > 0) throw floodError(recent.waitSeconds);
    if (verdict.reasons.includes('flood')) return verdict;
    return recent.repeat ? withFlood(verdict) : verdict;
  }

  /** The same text again within the duplicate window (an edit is not its own repeat). */
  private async isRepeat(input: PipelineInput, s: SiteSettings): Promise<boolean> {
    return (await this.recent(input, s)).repeat;
  }

  private recent(input: PipelineInput, s: SiteSettings, m?: EntityManager): Promise<RecentActivity> {
    return this.activity.recent(
      {
        siteId: input.user.siteId,
        authorId: input.user.id,
        body: input.body,
        duplicateWindowSeconds: s.rateLimits.duplicateWindowSeconds,
        excludeId: input.commentId ?? null,
        perMinuteLimit: s.rateLimits.commentsPerMinute,
      },
      m,
    );
  }
}
