/**
 * The moderator's desk beyond the queues, as it crosses the wire: a site's statistics
 * (GET /moderation/stats) and a user's full history (GET /moderation/users/{userId}/history).
 * Server and dashboard import these types; the OpenAPI schema classes implement them.
 */
import type { ModeratedUserView, ReportReason, UserNoteView } from './contract';

/** The windows the statistics are asked for, in days (the dashboard offers 7 and 30). */
export const STATS_MAX_DAYS = 90;

/** Comments posted on one UTC day, by the status each has now. */
export interface StatsDay {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** Published (approved). */
  published: number;
  /** Held: still waiting for a decision (pending). */
  held: number;
  rejected: number;
  /** Deleted by their authors. */
  deleted: number;
}

/** The statistics over time, per bucket of an hour (windows of two days or less) or a day. */
export type StatsBucket = 'hour' | 'day';

/** One bucket of the window: what was posted and decided in it, and the queue at its end. */
export interface StatsPoint {
  /** The bucket's start (ISO-8601); it lasts an hour or a day (`bucket`). */
  at: string;
  /** Comments posted in the bucket by the status each has now, as in `perDay`. */
  published: number;
  held: number;
  rejected: number;
  deleted: number;
  /** Comments waiting for a first decision at the bucket's end (the window's end for the last): posted by then, held at posting, not yet approved or rejected. */
  queue: number;
  /** Comments given their first approve or reject (in the window) during the bucket. */
  decisions: number;
  /** Their median wait from posting, in seconds, or null when none. */
  medianDecisionSeconds: number | null;
}

/** One moderator's decisions in the window. */
export interface StatsModerator {
  actorId: string;
  actorName: string | null;
  approved: number;
  rejected: number;
  /** feature, unfeature and undo. */
  other: number;
  total: number;
}

export interface StatsCount {
  /** A pipeline reason (`suspect_word:walrus`, `premod:article`) or a moderator's reason text. */
  reason: string;
  count: number;
}

/** An article by the comments posted on it in the window. */
export interface StatsArticle {
  articleId: string;
  title: string | null;
  url: string | null;
  /** Comments posted on it in the window, whatever their status now. */
  comments: number;
}

export interface ModerationStatsView {
  site: string;
  /** The window's length in days (a free range: rounded up). */
  days: number;
  /** The window: with `days`, from the start of the first UTC day to the moment of the answer; a free range as asked (`to` exclusive). */
  from: string;
  to: string;
  /** The length of each point of `series`. */
  bucket: StatsBucket;
  /** The window in buckets, oldest first, empty ones included; only those begun by the moment of the answer. */
  series: StatsPoint[];
  /** One entry per UTC day of the window, oldest first, days without comments included. */
  perDay: StatsDay[];
  totals: StatsDay & { day: 'all' };
  /** Of the comments posted in the window that are published or rejected: the share published (0-1), or null when none. */
  approvalRate: number | null;
  /** The share rejected (0-1), or null. */
  rejectionRate: number | null;
  /** Moderators' first approve or reject of each comment, made in the window: how long after posting. */
  decisionTime: { decisions: number; medianSeconds: number | null; p90Seconds: number | null };
  /** Every staff decision in the window (approve, reject, feature, unfeature, undo) by who made it, most first. */
  moderators: StatsModerator[];
  /** The pipeline's reasons on comments posted in the window that were held or rejected, most first (top 10). */
  holdReasons: StatsCount[];
  /** The reasons moderators gave when rejecting in the window, most first (top 10). */
  rejectReasons: StatsCount[];
  /** Readers' reports made in the window. */
  reports: { total: number; open: number; byReason: Record<ReportReason, number> };
  /** The articles with the most comments posted in the window, most first (top 10). */
  articles: StatsArticle[];
}

/** A sanction from the log: a ban, unban, suspension, premod or unpremod, with who and when. */
export interface SanctionEntry {
  id: string;
  /** `user.ban`, `user.unban`, `user.suspend`, `user.premod`, `user.unpremod`. */
  action: string;
  actorId: string;
  actorName: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  at: string;
}

/** A report, made by the user or on one of their comments. */
export interface HistoryReport {
  id: string;
  commentId: string;
  reason: ReportReason;
  note: string | null;
  createdAt: string;
  resolvedAt: string | null;
  /** Who reported (for reports received) or whose comment it was (for reports made). */
  otherId: string;
  otherName: string | null;
  commentExcerpt: string;
  commentStatus: string;
}

export interface UserHistoryView {
  user: ModeratedUserView;
  /** The user's comments by the status each has now. */
  comments: { pending: number; approved: number; rejected: number; deleted: number };
  /** Every sanction, newest first (at most 100). */
  sanctions: SanctionEntry[];
  /** Reports this user made, newest first (at most 50 listed; `total` counts all). */
  reportsMade: { total: number; items: HistoryReport[] };
  /** Reports on this user's comments, newest first (at most 50 listed), with counts per reason. */
  reportsReceived: { total: number; byReason: Record<ReportReason, number>; items: HistoryReport[] };
  notes: UserNoteView[];
}
