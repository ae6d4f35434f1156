import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { CommentSchema } from '../comments/comment.schema';
import type {
  BulkResult,
  CommentFocusView,
  DecisionInfo,
  LogEntryView,
  ModeratedUserView,
  Page,
  QueueCounts,
  QueueItem,
  ReportHistory,
  ReportNote,
  UserNoteView,
  UserPanelView,
} from '../common/contract';
import type { ModerationService } from './moderation.service';
import type { SanctionUndo } from './sanction-undo';
import { UserWarningSchema } from '../users/warning.schema';

/**
 * OpenAPI schemas of what the moderation routes answer. Each class implements its contract
 * interface (src/common/contract.ts), so the compiler keeps the two in step.
 */

type QueueItemArticle = QueueItem['article'];
type AuthorSummary = QueueItem['authorSummary'];
type BulkError = NonNullable<BulkResult['error']>;

const USER_STATUSES = ['active', 'banned', 'suspended'];
const ROLES = ['reader', 'moderator', 'admin'];

@ApiSchema({ name: 'QueueItemArticle' })
export class QueueItemArticleSchema implements QueueItemArticle {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
}

@ApiSchema({ name: 'AuthorSummary' })
export class AuthorSummarySchema implements AuthorSummary {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: USER_STATUSES }) status: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'approved comments by this author' }) approved: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'rejected comments by this author' }) rejected: number;
}

@ApiSchema({ name: 'QueueReportNote', description: "A reader's report note" })
export class QueueReportNoteSchema implements ReportNote {
  @ApiProperty({ enum: ['spam', 'abuse', 'off_topic', 'other'] }) reason: ReportNote['reason'];
  @ApiProperty() note: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'DecisionInfo', description: 'The latest decision on a comment, from the log' })
export class DecisionInfoSchema implements DecisionInfo {
  @ApiProperty({ example: 'reject', description: 'approve, reject, feature, unfeature or undo' }) action: string;
  @ApiProperty() actorId: string;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

@ApiSchema({ name: 'ReportHistory', description: 'Every report a comment had, answered ones included' })
export class ReportHistorySchema implements ReportHistory {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { spam: 2 } }) counts: Record<string, number>;
  @ApiProperty({ type: () => [QueueReportNoteSchema], description: 'oldest first, at most 20' }) notes: QueueReportNoteSchema[];
}

@ApiSchema({ name: 'QueueItem', description: 'A comment as moderators see it: full text, article, author record, reports and reasons' })
export class QueueItemSchema extends CommentSchema implements QueueItem {
  @ApiProperty({ type: () => QueueItemArticleSchema }) article: QueueItemArticleSchema;
  @ApiProperty({ type: () => AuthorSummarySchema }) authorSummary: AuthorSummarySchema;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'open reports, counted per reason',
    example: { spam: 2, abuse: 1 },
  })
  reports: Record<string, number>;
  @ApiProperty({
    type: [String],
    description: 'the machine-readable list of why it is in a queue',
    example: ['premod:article', 'suspect_word:traitor', 'link', 'toxicity:0.91', 'reports:3'],
  })
  reasons: string[];
  @ApiProperty({ description: 'a moderator has decided on it' }) moderated: boolean;
  @ApiPropertyOptional({ type: () => [QueueReportNoteSchema], description: 'the notes of open reports, oldest first (at most 20)' })
  reportNotes?: QueueReportNoteSchema[];
  @ApiPropertyOptional({ type: () => DecisionInfoSchema, nullable: true, description: 'approved and rejected queues: the decision that put it there' })
  decision?: DecisionInfoSchema | null;
  @ApiPropertyOptional({ type: () => ReportHistorySchema, description: 'approved and rejected queues: every report it had' })
  reportHistory?: ReportHistorySchema;
}

@ApiSchema({ name: 'QueueItemPage' })
export class QueueItemPageSchema implements Page<QueueItem> {
  @ApiProperty({ type: () => [QueueItemSchema] }) items: QueueItemSchema[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}

@ApiSchema({ name: 'QueueCounts', description: 'Queue sizes, site-wide or for one article' })
export class QueueCountsSchema implements QueueCounts {
  @ApiProperty({ type: 'integer', minimum: 0 }) pending: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) reported: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) unmoderated: number;
}

@ApiSchema({ name: 'LogEntry', description: 'One moderation decision' })
export class LogEntrySchema implements LogEntryView {
  @ApiProperty({ description: 'entries sort newest first by this id' }) id: string;
  @ApiProperty({ description: 'the moderator (or author, for a delete) who acted' }) actorId: string;
  @ApiProperty({ example: 'approve', description: 'approve, reject, feature, unfeature, undo, delete, user.<sanction>, article.<setting>' }) action: string;
  @ApiProperty({ type: String, nullable: true }) commentId: string | null;
  @ApiProperty({ type: String, nullable: true }) userId: string | null;
  @ApiProperty({ type: String, nullable: true }) articleId: string | null;
  @ApiProperty({ type: String, nullable: true }) fromStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) toStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'who acted, by name, when known' }) actorName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the user it is about, by name' }) userName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) articleTitle?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) articleUrl?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the first 140 characters of the comment, while it exists' }) commentExcerpt?:
    string | null;
}

@ApiSchema({ name: 'LogEntryPage' })
export class LogEntryPageSchema implements Page<LogEntryView> {
  @ApiProperty({ type: () => [LogEntrySchema] }) items: LogEntrySchema[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}

@ApiSchema({ name: 'CommentFocus', description: 'One comment on its own for a moderator' })
export class CommentFocusSchema implements CommentFocusView {
  @ApiProperty({ type: () => QueueItemSchema }) item: QueueItemSchema;
  @ApiProperty({ type: () => [LogEntrySchema], description: 'every log entry about it, newest first (at most 100)' }) log: LogEntrySchema[];
}

@ApiSchema({ name: 'ModeratedUser', description: 'A user as moderators see them' })
export class ModeratedUserSchema implements ModeratedUserView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ enum: USER_STATUSES }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) suspendedUntil: string | null;
  @ApiProperty({ type: String, nullable: true }) sanctionReason: string | null;
  @ApiProperty({ description: 'every new comment by this user is held for a moderator' }) premod: boolean;
  @ApiProperty({ type: 'integer', minimum: 0 }) approved: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) rejected: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'UserNote', description: "A staff member's note on a user" })
export class UserNoteSchema implements UserNoteView {
  @ApiProperty() id: string;
  @ApiProperty() authorId: string;
  @ApiProperty() authorName: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'UserPanel', description: 'The user, their latest comments and the log entries about them' })
export class UserPanelSchema implements UserPanelView {
  @ApiProperty({ type: () => ModeratedUserSchema }) user: ModeratedUserSchema;
  @ApiProperty({ type: () => [QueueItemSchema] }) comments: QueueItemSchema[];
  @ApiProperty({ type: () => [LogEntrySchema] }) log: LogEntrySchema[];
  @ApiPropertyOptional({ type: () => [UserNoteSchema], description: 'staff notes on the user, newest first' }) notes?: UserNoteSchema[];
  @ApiPropertyOptional({ type: () => [UserWarningSchema], description: 'warnings sent to the user, newest first' }) warnings?: UserWarningSchema[];
}

@ApiSchema({ name: 'BulkError', description: 'Why one id of a bulk decision was refused (the error body of a single decision)' })
export class BulkErrorSchema implements BulkError {
  @ApiProperty({ type: 'integer', example: 404 }) statusCode: number;
  @ApiProperty({ example: 'COMMENT_NOT_FOUND' }) code: string;
  @ApiProperty() message: string;
}

@ApiSchema({ name: 'BulkResult', description: "One id's outcome in a bulk decision" })
export class BulkResultSchema implements BulkResult {
  @ApiProperty() id: string;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional({ description: "the comment's status after the decision, when ok" }) status?: string;
  @ApiPropertyOptional({ type: () => BulkErrorSchema, description: 'when not ok' }) error?: BulkErrorSchema;
}

@ApiSchema({ name: 'BulkResponse' })
export class BulkResponseSchema implements Awaited<ReturnType<ModerationService['bulk']>> {
  @ApiProperty({ type: () => [BulkResultSchema], description: 'one result per id, in the order sent' }) results: BulkResultSchema[];
}

@ApiSchema({ name: 'SanctionResult' })
export class SanctionResultSchema implements Awaited<ReturnType<ModerationService['sanction']>> {
  @ApiProperty({ type: () => ModeratedUserSchema }) user: ModeratedUserSchema;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'comments rejected with the ban: rejectedPending + rejectedPublished' }) rejectedComments: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'held comments rejected with the ban (`rejectPending`)' }) rejectedPending: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'published comments rejected with the ban (`rejectPublished`)' }) rejectedPublished: number;
  @ApiProperty({
    type: [String],
    description: 'the ids of the comments rejected with the ban, held ones first; each may be undone by its moderator (POST /moderation/bulk with action undo)',
  })
  rejectedIds: string[];
}

@ApiSchema({ name: 'SanctionUndo', description: 'A sanction undone: the user as they now stand again' })
export class SanctionUndoSchema implements Awaited<ReturnType<SanctionUndo['undo']>> {
  @ApiProperty({ type: () => ModeratedUserSchema }) user: ModeratedUserSchema;
  @ApiProperty({ example: 'user.suspend', description: 'the log action of the sanction undone' }) undone: string;
}

@ApiSchema({ name: 'ModerationReasons', description: "The site's reasons a moderator picks from (Settings: rejectReasons)" })
export class ReasonsSchema implements ReturnType<ModerationService['reasons']> {
  @ApiProperty({ type: [String] }) rejectReasons: string[];
}

@ApiSchema({ name: 'RecountResult', description: 'How many counter rows were off in each table (all 0 when nothing drifted)' })
export class RecountResultSchema implements Awaited<ReturnType<ModerationService['recount']>> {
  @ApiProperty({ type: 'integer', minimum: 0 }) articles: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) site: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) replies: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) users: number;
}
