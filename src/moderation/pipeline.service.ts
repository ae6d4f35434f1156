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
  /** A new comment's flood check runs in its insert transaction instead (confirmFlood). */
  floodCheckedAtInsert?: boolean;
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
/** Advisory lock class for the per-user flood check at insert time. */
const FLOOD_LOCK = 720_417_003;

@Injectable()
export class PipelineService {
  private banned = new WordFilter([]);
  private suspect = new WordFilter([]);

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
    if (isStaff(user)) return { status: 'approved', reasons: [] };
    const s = this.settings.get();
    const reject: string[] = [];
    const hold: string[] = [];

    for (const w of this.banned.matches(body)) reject.push(`banned_word:${w}`);
    if (!input.floodCheckedAtInsert && (await this.isFlood(m, input, s))) reject.push('flood');
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

  /**
   * The flood check again, inside the insert's transaction, under a per-user lock held to commit.
   * The pipeline ran before the transaction (it may wait on the scorer), so parallel posts from
   * one user, on any instance, could all have read the same count; here they take turns and each
   * sees the ones committed before it.
   */
  async confirmFlood(m: EntityManager, input: PipelineInput, verdict: Verdict): Promise<Verdict> {
    if (isStaff(input.user) || verdict.reasons.includes('flood')) return verdict;
    await m.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [FLOOD_LOCK, input.user.id]);
    if (!(await this.isFlood(m, input, this.settings.get()))) return verdict;
    const banned = verdict.reasons.filter((r) => r.startsWith('banned_word:'));
    const rest = verdict.reasons.filter((r) => !r.startsWith('banned_word:'));
    return { status: 'rejected', reasons: [...banned, 'flood', ...rest] };
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
    if (row.repeat) return true;
    return !input.commentId && row.last_minute >= s.rateLimits.commentsPerMinute;
  }
}

const isStaff = (user: User) => user.role === 'moderator' || user.role === 'admin';
