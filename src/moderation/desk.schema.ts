import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { REPORT_REASONS, type ReportReason } from '../common/contract';
import type {
  HistoryReport,
  ModerationStatsView,
  SanctionEntry,
  StatsArticle,
  StatsCount,
  StatsDay,
  StatsModerator,
  StatsPoint,
  UserHistoryView,
} from '../common/desk-contract';
import { ModeratedUserSchema, UserNoteSchema } from './moderation.schema';

/** OpenAPI schemas of the statistics and user-history routes; each implements its contract interface (src/common/desk-contract.ts). */

const int = { type: 'integer', minimum: 0 } as const;
const perReason = { type: 'object', additionalProperties: { type: 'integer' }, example: { spam: 2, abuse: 0, off_topic: 1, other: 0 } } as const;

@ApiSchema({ name: 'StatsDay', description: 'Comments posted on one UTC day (or in the whole window), by the status each has now' })
export class StatsDaySchema implements StatsDay {
  @ApiProperty({ example: '2026-12-01', description: '`YYYY-MM-DD` (UTC), or `all` for the totals' }) day: string;
  @ApiProperty({ ...int, description: 'published (approved)' }) published: number;
  @ApiProperty({ ...int, description: 'held: still waiting for a decision' }) held: number;
  @ApiProperty(int) rejected: number;
  @ApiProperty({ ...int, description: 'deleted by their authors' }) deleted: number;
}

@ApiSchema({ name: 'StatsPoint', description: 'One hour or day of the window: comments posted and first decisions made in it, and the queue at its end' })
export class StatsPointSchema implements StatsPoint {
  @ApiProperty({ format: 'date-time', description: "the bucket's start" }) at: string;
  @ApiProperty({ ...int, description: 'posted in the bucket and published now' }) published: number;
  @ApiProperty({ ...int, description: 'posted in the bucket and still pending' }) held: number;
  @ApiProperty(int) rejected: number;
  @ApiProperty(int) deleted: number;
  @ApiProperty({
    ...int,
    description:
      "comments waiting for a first decision at the bucket's end (the window's end for the last): posted by then, held at posting, not yet approved or rejected",
  })
  queue: number;
  @ApiProperty({ ...int, description: 'comments given their first approve or reject (in the window) during the bucket' }) decisions: number;
  @ApiProperty({ type: Number, nullable: true, description: 'their median wait from posting, in seconds' }) medianDecisionSeconds: number | null;
}

@ApiSchema({ name: 'StatsTotals' })
export class StatsTotalsSchema extends StatsDaySchema {
  @ApiProperty({ enum: ['all'] }) declare day: 'all';
}

@ApiSchema({ name: 'StatsModerator', description: "One staff member's decisions in the window" })
export class StatsModeratorSchema implements StatsModerator {
  @ApiProperty() actorId: string;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty(int) approved: number;
  @ApiProperty(int) rejected: number;
  @ApiProperty({ ...int, description: 'feature, unfeature and undo' }) other: number;
  @ApiProperty(int) total: number;
}

@ApiSchema({ name: 'StatsCount' })
export class StatsCountSchema implements StatsCount {
  @ApiProperty({ example: 'suspect_word:walrus' }) reason: string;
  @ApiProperty(int) count: number;
}

@ApiSchema({ name: 'StatsDecisionTime', description: "Moderators' first approve or reject of each comment in the window: seconds after posting" })
export class StatsDecisionTimeSchema {
  @ApiProperty(int) decisions: number;
  @ApiProperty({ type: 'integer', nullable: true }) medianSeconds: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) p90Seconds: number | null;
}

@ApiSchema({ name: 'StatsReports', description: "Readers' reports made in the window" })
export class StatsReportsSchema {
  @ApiProperty(int) total: number;
  @ApiProperty({ ...int, description: 'not answered yet' }) open: number;
  @ApiProperty(perReason) byReason: Record<ReportReason, number>;
}

@ApiSchema({ name: 'StatsArticle', description: 'An article by the comments posted on it in the window' })
export class StatsArticleSchema implements StatsArticle {
  @ApiProperty() articleId: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
  @ApiProperty({ ...int, description: 'comments posted on it in the window, whatever their status now' }) comments: number;
}

@ApiSchema({ name: 'ModerationStats', description: "A site's moderation over the last `days` UTC days" })
export class ModerationStatsSchema implements ModerationStatsView {
  @ApiProperty() site: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 90 }) days: number;
  @ApiProperty({ format: 'date-time', description: 'the start of the first day (UTC), or the range as asked' }) from: string;
  @ApiProperty({ format: 'date-time', description: 'the moment of the answer, or the end of the range asked (exclusive)' }) to: string;
  @ApiProperty({ enum: ['hour', 'day'], description: 'hour for windows of two days or less' }) bucket: 'hour' | 'day';
  @ApiProperty({
    type: () => [StatsPointSchema],
    description: 'the window in buckets, oldest first, empty ones included; only those begun by the moment of the answer',
  })
  series: StatsPointSchema[];
  @ApiProperty({ type: () => [StatsDaySchema], description: 'one entry per day, oldest first, empty days included' }) perDay: StatsDaySchema[];
  @ApiProperty({ type: () => StatsTotalsSchema }) totals: StatsTotalsSchema;
  @ApiProperty({ type: Number, nullable: true, description: 'published / (published + rejected) of the comments posted in the window (0-1)' })
  approvalRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'rejected / (published + rejected) (0-1)' }) rejectionRate: number | null;
  @ApiProperty({ type: () => StatsDecisionTimeSchema }) decisionTime: StatsDecisionTimeSchema;
  @ApiProperty({ type: () => [StatsModeratorSchema], description: 'most decisions first' }) moderators: StatsModeratorSchema[];
  @ApiProperty({ type: () => [StatsCountSchema], description: "the pipeline's reasons on comments held or refused in the window (top 10)" })
  holdReasons: StatsCountSchema[];
  @ApiProperty({ type: () => [StatsCountSchema], description: 'the reasons moderators gave when rejecting in the window (top 10)' })
  rejectReasons: StatsCountSchema[];
  @ApiProperty({ type: () => StatsReportsSchema }) reports: StatsReportsSchema;
  @ApiProperty({ type: () => [StatsArticleSchema], description: 'the most active articles: most comments posted in the window first (top 10)' })
  articles: StatsArticleSchema[];
}

@ApiSchema({ name: 'SanctionEntry', description: 'A sanction from the log, with who and when' })
export class SanctionEntrySchema implements SanctionEntry {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'user.ban', description: 'user.ban, user.unban, user.suspend, user.premod or user.unpremod' }) action: string;
  @ApiProperty() actorId: string;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true }) fromStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) toStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

@ApiSchema({ name: 'HistoryReport', description: 'A report made by the user or on one of their comments' })
export class HistoryReportSchema implements HistoryReport {
  @ApiProperty() id: string;
  @ApiProperty() commentId: string;
  @ApiProperty({ enum: REPORT_REASONS }) reason: ReportReason;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) resolvedAt: string | null;
  @ApiProperty({ description: 'reports received: who reported; reports made: whose comment it was' }) otherId: string;
  @ApiProperty({ type: String, nullable: true }) otherName: string | null;
  @ApiProperty({ description: 'the first 140 characters of the comment' }) commentExcerpt: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'deleted'] }) commentStatus: string;
}

@ApiSchema({ name: 'UserCommentCounts', description: "The user's comments by the status each has now" })
export class UserCommentCountsSchema {
  @ApiProperty(int) pending: number;
  @ApiProperty(int) approved: number;
  @ApiProperty(int) rejected: number;
  @ApiProperty(int) deleted: number;
}

@ApiSchema({ name: 'ReportsMade' })
export class ReportsMadeSchema {
  @ApiProperty(int) total: number;
  @ApiProperty({ type: () => [HistoryReportSchema], description: 'newest first, at most 50' }) items: HistoryReportSchema[];
}

@ApiSchema({ name: 'ReportsReceived' })
export class ReportsReceivedSchema extends ReportsMadeSchema {
  @ApiProperty(perReason) byReason: Record<ReportReason, number>;
}

@ApiSchema({ name: 'UserHistory', description: "A user's full history on the site (their comments themselves: GET /moderation/search?authorId=)" })
export class UserHistorySchema implements UserHistoryView {
  @ApiProperty({ type: () => ModeratedUserSchema }) user: ModeratedUserSchema;
  @ApiProperty({ type: () => UserCommentCountsSchema }) comments: UserCommentCountsSchema;
  @ApiProperty({ type: () => [SanctionEntrySchema], description: 'newest first, at most 100' }) sanctions: SanctionEntrySchema[];
  @ApiProperty({ type: () => ReportsMadeSchema }) reportsMade: ReportsMadeSchema;
  @ApiProperty({ type: () => ReportsReceivedSchema }) reportsReceived: ReportsReceivedSchema;
  @ApiProperty({ type: () => [UserNoteSchema], description: 'newest first, at most 100' }) notes: UserNoteSchema[];
}
