import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ArticleView } from '../articles/article.dto';
import type { CommentStatus } from '../comments/comment.entity';
import { hasLink } from '../comments/render';
import { SettingsService } from '../settings/settings.service';
import { SiteSettings } from '../settings/site-settings';
import type { User } from '../users/user.entity';
import { ToxicityClient } from './toxicity.client';
import { WordFilter } from './word-filter';

export interface PipelineInput {
  user: User;
  article: ArticleView;
  body: string;
  html: string;
  /** Set when re-checking an edit: the comment itself is not its own repeat. */
  commentId?: string;
}

export interface Verdict {
  status: Extract<CommentStatus, 'approved' | 'pending' | 'rejected'>;
  reasons: string[];
}

/**
 * The ordered checks every new or edited comment passes. Banned and suspended users and closed
 * articles are refused before this runs (403, nothing stored). Each check adds reasons; the
 * strictest verdict wins.
 */
@Injectable()
export class PipelineService {
  private banned = new WordFilter([]);
  private suspect = new WordFilter([]);
  /**
   * New comments this instance has judged, per user, for the flood check's window. A comment is
   * only inserted after the pipeline (and the scorer) finished, so parallel posts would all read
   * the same count from the table; these entries count them from the moment they are judged.
   */
  private readonly judged = new Map<string, { at: number; body: string }[]>();
  private judgedCalls = 0;

  constructor(private readonly settings: SettingsService, private readonly toxicity: ToxicityClient) {
    this.rebuild(settings.get());
    settings.onChange((s) => this.rebuild(s));
  }

  private rebuild(s: SiteSettings): void {
    this.banned = new WordFilter(s.bannedWords);
    this.suspect = new WordFilter(s.suspectWords);
  }

  async run(m: EntityManager, input: PipelineInput): Promise<Verdict> {
    const { user, article, body, html } = input;
    if (user.role === 'moderator' || user.role === 'admin') return { status: 'approved', reasons: [] };
    const s = this.settings.get();
    const reject: string[] = [];
    const hold: string[] = [];

    for (const w of this.banned.matches(body)) reject.push(`banned_word:${w}`);
    if (await this.isFlood(m, input, s)) reject.push('flood');
    for (const w of this.suspect.matches(body)) hold.push(`suspect_word:${w}`);
    if (s.premoderation === 'links' && hasLink(html)) hold.push('link');
    if (!reject.length && this.toxicity.enabled) {
      const result = await this.toxicity.score(body);
      if (result && 'unavailable' in result) hold.push('toxicity:unavailable');
      else if (result && result.score > s.toxicityThreshold) hold.push(`toxicity:${result.score.toFixed(2)}`);
    }
    if (s.premoderation === 'all') hold.push('premod:site');
    if (article.premoderation) hold.push('premod:article');
    if (user.premod) hold.push('premod:user');
    if (s.premodNewUsers > 0 && user.approvedCount < s.premodNewUsers) hold.push('premod:new_user');

    const reasons = [...reject, ...hold];
    return { status: reject.length ? 'rejected' : hold.length ? 'pending' : 'approved', reasons };
  }

  /** The same text again within the window, or more comments in the last minute than allowed. */
  private async isFlood(m: EntityManager, input: PipelineInput, s: SiteSettings): Promise<boolean> {
    const window = Math.max(60, s.rateLimits.duplicateWindowSeconds);
    const [row] = await m.query(
      `SELECT count(*) FILTER (WHERE created_at > now() - interval '60 seconds')::int AS last_minute,
              coalesce(bool_or(body = $2 AND created_at > now() - make_interval(secs => $3)), false) AS repeat
       FROM comments
       WHERE author_id = $1 AND created_at > now() - make_interval(secs => $4) AND id IS DISTINCT FROM $5::uuid`,
      [input.user.id, input.body, s.rateLimits.duplicateWindowSeconds, window, input.commentId ?? null],
    );
    if (input.commentId) return row.repeat;
    // Synchronous from here on: parallel requests for one user take turns and see each other.
    const now = Date.now();
    const mine = (this.judged.get(input.user.id) ?? []).filter((e) => now - e.at < window * 1000);
    const repeat = s.rateLimits.duplicateWindowSeconds > 0 && mine.some((e) => e.body === input.body && now - e.at < s.rateLimits.duplicateWindowSeconds * 1000);
    const lastMinute = Math.max(row.last_minute, mine.filter((e) => now - e.at < 60_000).length);
    mine.push({ at: now, body: input.body });
    this.judged.set(input.user.id, mine);
    if (++this.judgedCalls % 1000 === 0) this.forgetOld(now, window);
    return row.repeat || repeat || lastMinute >= s.rateLimits.commentsPerMinute;
  }

  private forgetOld(now: number, windowSeconds: number): void {
    for (const [user, entries] of this.judged) {
      const kept = entries.filter((e) => now - e.at < windowSeconds * 1000);
      if (kept.length) this.judged.set(user, kept);
      else this.judged.delete(user);
    }
  }
}
