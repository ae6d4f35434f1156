import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { REMOVED_BY, STATUS_REASONS } from '../common/contract';
import type { CommentContext, CommentStatus, CommentView, Page, ReaderStanding, RemovedBy, StatusReason } from '../common/contract';
import type { CommentsController } from './comments.controller';
import type { CommentsService } from './comments.service';
import { UserWarningSchema } from '../users/warning.schema';

/**
 * OpenAPI schemas of what the comment routes answer. Each class implements its contract
 * interface (src/common/contract.ts), so the compiler keeps the two in step.
 */

type CommentAuthor = NonNullable<CommentView['author']>;
type ReactionCounts = CommentView['reactions'];

/** Every status once: a status added to the contract fails to compile here until it is listed. */
const STATUSES: Record<CommentStatus, true> = { pending: true, approved: true, rejected: true, deleted: true };
export const COMMENT_STATUSES = Object.keys(STATUSES) as CommentStatus[];

@ApiSchema({ name: 'CommentAuthor' })
export class CommentAuthorSchema implements CommentAuthor {
  @ApiProperty({ example: 'u-42' }) id: string;
  @ApiProperty({ example: 'Olena' }) name: string;
}

@ApiSchema({ name: 'ReactionCounts' })
export class ReactionCountsSchema implements ReactionCounts {
  @ApiProperty({ type: 'integer', minimum: 0 }) like: number;
}

@ApiSchema({ name: 'Comment', description: "The contract's comment object" })
export class CommentSchema implements CommentView {
  @ApiProperty({ description: 'time-ordered id', example: '0193f6b2-7c1e-7a3b-9c1d-2f4e5a6b7c8d' }) id: string;
  @ApiProperty({ example: 'world-europe-65300000' }) articleId: string;
  @ApiProperty({ type: String, nullable: true, description: 'the comment this replies to; null at top level' }) parentId: string | null;
  @ApiProperty({ type: () => CommentAuthorSchema, nullable: true, description: 'null on a tombstone' }) author: CommentAuthorSchema | null;
  @ApiProperty({ description: 'original text as written (plain text with light markdown); empty on a tombstone' }) body: string;
  @ApiProperty({ description: 'sanitized rendering: the only field a client may insert as HTML' }) html: string;
  @ApiProperty({ enum: COMMENT_STATUSES, enumName: 'CommentStatus' }) status: CommentStatus;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) editedAt: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) replyCount: number;
  @ApiProperty({ type: () => ReactionCountsSchema }) reactions: ReactionCountsSchema;
  @ApiProperty({ description: 'whether the signed-in viewer liked it (false when anonymous)' }) viewerReacted: boolean;
  @ApiProperty({ description: "pinned as an editor's pick" }) featured: boolean;
  @ApiProperty({
    enum: REMOVED_BY,
    enumName: 'RemovedBy',
    nullable: true,
    description: 'on a tombstone: `author` when its author deleted it, `moderation` when a moderator removed or rejected it; null otherwise',
  })
  removedBy: RemovedBy | null;
  @ApiProperty({
    enum: STATUS_REASONS,
    enumName: 'StatusReason',
    nullable: true,
    description:
      "on the viewer's own held or refused comment, why: `moderator` (a moderator's decision), `banned_words`, `repeat` (the same text again), `link` (held for its link), `review` (any other hold); null otherwise",
  })
  statusReason: StatusReason | null;
}

@ApiSchema({ name: 'CommentPage', description: 'A cursor page of comments' })
export class CommentPageSchema implements Page<CommentView> {
  @ApiProperty({ type: () => [CommentSchema] }) items: CommentSchema[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}

@ApiSchema({ name: 'ArticleCommentPage', description: "Top-level comments of an article, with the article's total" })
export class ArticleCommentPageSchema extends CommentPageSchema implements Awaited<ReturnType<CommentsService['list']>> {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'visible comments in the article, all depths' }) total: number;
}

@ApiSchema({ name: 'ReactionState' })
export class ReactionStateSchema implements Awaited<ReturnType<CommentsService['react']>> {
  @ApiProperty({ type: () => ReactionCountsSchema }) reactions: ReactionCountsSchema;
  @ApiProperty() viewerReacted: boolean;
}

@ApiSchema({ name: 'ReportAccepted' })
export class ReportAcceptedSchema implements Awaited<ReturnType<CommentsController['report']>> {
  @ApiProperty({ type: Boolean, enum: [true] }) accepted: true;
  @ApiProperty({ description: 'this reader had already reported the comment: nothing changed' }) alreadyReported: boolean;
}

@ApiSchema({ name: 'ReaderStanding', description: 'The signed-in reader on this site: whether they may post, and if not why' })
export class ReaderStandingSchema implements ReaderStanding {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['reader', 'moderator', 'admin'] }) role: string;
  @ApiProperty({ enum: ['active', 'banned', 'suspended'], description: 'a suspension that has run out reads `active`' }) status:
    'active' | 'banned' | 'suspended';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when a running suspension ends' }) suspendedUntil: string | null;
  @ApiProperty({ description: "false while banned, suspended, or a moderator's warning waits to be acknowledged" }) canPost: boolean;
  @ApiProperty({
    type: () => UserWarningSchema,
    nullable: true,
    description: "a moderator's warning to read and acknowledge (POST /me/warning/ack) before posting again; null when none",
  })
  warning: UserWarningSchema | null;
}

@ApiSchema({ name: 'CommentPreview', description: 'A comment body rendered as it would be published' })
export class CommentPreviewSchema implements Awaited<ReturnType<CommentsService['preview']>> {
  @ApiProperty({ description: 'the sanitized HTML a comment with this body would have as its `html`' }) html: string;
}

@ApiSchema({ name: 'CommentContext', description: 'A comment with the thread above it' })
export class CommentContextSchema implements CommentContext {
  @ApiProperty({ type: () => [CommentSchema], description: 'the top-level comment first, down to the comment itself (last)' }) thread: CommentSchema[];
}
