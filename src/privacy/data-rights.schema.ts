import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DELETE_ACCOUNT_CONFIRMATION, type AccountDeletion, type ReaderDataExport } from '../common/data-rights-contract';
import type { CommentStatus } from '../common/contract';

const COMMENT_STATUSES: CommentStatus[] = ['pending', 'approved', 'rejected', 'deleted'];

/** OpenAPI classes of the data-rights answers; each implements its contract type, so the two cannot drift. */

type Data = ReaderDataExport;
type Profile = Data['profile'];
type CommentOut = Omit<Data['comments'][number], 'revisions'>;
type Reaction = Data['reactions'][number];
type Report = Data['reports'][number];
type Note = Data['notifications'][number];
type Prefs = Data['preferences'];
type Email = Data['emails'][number];
type Entry = Data['moderation'][number];
type Mute = Data['mutes'][number];
type Warning = Data['warnings'][number];
const when = { type: String, format: 'date-time' } as const;
const maybeWhen = { type: String, format: 'date-time', nullable: true } as const;
const maybe = { type: String, nullable: true } as const;

@ApiSchema({ name: 'ReaderProfile' })
class ProfileSchema implements Profile {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty(maybe) email: string | null;
  @ApiProperty({ enum: ['reader', 'moderator', 'admin'] }) role: Data['profile']['role'];
  @ApiProperty({ enum: ['active', 'banned', 'suspended'] }) status: Data['profile']['status'];
  @ApiProperty(maybeWhen) suspendedUntil: string | null;
  @ApiProperty(maybe) sanctionReason: string | null;
  @ApiProperty() premod: boolean;
  @ApiProperty({ type: 'integer' }) approvedCount: number;
  @ApiProperty({ type: 'integer' }) rejectedCount: number;
  @ApiProperty(when) createdAt: string;
  @ApiProperty(when) updatedAt: string;
}

@ApiSchema({ name: 'ReaderCommentRevision' })
class RevisionSchema {
  @ApiProperty() body: string;
  @ApiProperty() html: string;
  @ApiProperty(when) createdAt: string;
}

@ApiSchema({ name: 'ReaderComment' })
class ReaderCommentSchema implements CommentOut {
  @ApiProperty() id: string;
  @ApiProperty() articleId: string;
  @ApiProperty(maybe) parentId: string | null;
  @ApiProperty({ enum: COMMENT_STATUSES }) status: CommentStatus;
  @ApiProperty({ type: [String] }) reasons: string[];
  @ApiProperty() featured: boolean;
  @ApiProperty() body: string;
  @ApiProperty() html: string;
  @ApiProperty({ type: 'integer' }) likes: number;
  @ApiProperty({ type: 'integer' }) replies: number;
  @ApiProperty(when) createdAt: string;
  @ApiProperty(maybeWhen) editedAt: string | null;
  @ApiProperty(maybeWhen) decidedAt: string | null;
  @ApiProperty({ type: [RevisionSchema], description: 'earlier versions, oldest first' }) revisions: RevisionSchema[];
}

@ApiSchema({ name: 'ReaderReaction' })
class ReactionSchema implements Reaction {
  @ApiProperty() commentId: string;
  @ApiProperty() kind: string;
  @ApiProperty(when) createdAt: string;
}

@ApiSchema({ name: 'ReaderReport' })
class ReportSchema implements Report {
  @ApiProperty() commentId: string;
  @ApiProperty() reason: string;
  @ApiProperty(maybe) note: string | null;
  @ApiProperty(when) createdAt: string;
  @ApiProperty(maybeWhen) resolvedAt: string | null;
}

@ApiSchema({ name: 'ReaderNotification' })
class NotificationSchema implements Note {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty() commentId: string;
  @ApiProperty() articleId: string;
  @ApiProperty(maybe) actorName: string | null;
  @ApiProperty(maybe) reason: string | null;
  @ApiProperty() excerpt: string;
  @ApiProperty(maybeWhen) readAt: string | null;
  @ApiProperty(when) createdAt: string;
}

@ApiSchema({ name: 'ReaderPreferences' })
class PreferencesSchema implements Prefs {
  @ApiProperty({ enum: ['off', 'immediate', 'hourly', 'daily'], nullable: true }) email: Data['preferences']['email'];
  @ApiProperty(maybeWhen) updatedAt: string | null;
}

@ApiSchema({ name: 'ReaderEmail' })
class EmailSchema implements Email {
  @ApiProperty() mode: string;
  @ApiProperty() status: string;
  @ApiProperty(maybe) address: string | null;
  @ApiProperty(when) createdAt: string;
  @ApiProperty(maybeWhen) finishedAt: string | null;
}

@ApiSchema({ name: 'ReaderModerationEntry' })
class ModerationEntrySchema implements Entry {
  @ApiProperty({ example: 'reject' }) action: string;
  @ApiProperty(maybe) commentId: string | null;
  @ApiProperty(maybe) articleId: string | null;
  @ApiProperty(maybe) from: string | null;
  @ApiProperty(maybe) to: string | null;
  @ApiProperty(maybe) reason: string | null;
  @ApiProperty(when) createdAt: string;
}

@ApiSchema({ name: 'ReaderMute' })
class MuteSchema implements Mute {
  @ApiProperty({ description: 'the muted reader' }) userId: string;
  @ApiProperty(when) createdAt: string;
}

@ApiSchema({ name: 'ReaderWarning' })
class WarningSchema implements Warning {
  @ApiProperty() message: string;
  @ApiProperty(when) createdAt: string;
  @ApiProperty(maybeWhen) acknowledgedAt: string | null;
}

@ApiSchema({ name: 'ReaderSite' })
class SiteSchema {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

@ApiSchema({ name: 'ReaderDataExport', description: 'Everything Parley holds about one reader on one site' })
export class ReaderDataExportSchema implements Data {
  @ApiProperty(when) exportedAt: string;
  @ApiProperty({ type: SiteSchema }) site: SiteSchema;
  @ApiProperty({ type: ProfileSchema }) profile: ProfileSchema;
  @ApiProperty({ type: [ReaderCommentSchema], description: 'every comment they wrote, held, rejected and deleted ones too' }) comments: ReaderCommentSchema[];
  @ApiProperty({ type: [ReactionSchema] }) reactions: ReactionSchema[];
  @ApiProperty({ type: [ReportSchema], description: 'reports they made' }) reports: ReportSchema[];
  @ApiProperty({ type: [NotificationSchema] }) notifications: NotificationSchema[];
  @ApiProperty({ type: PreferencesSchema }) preferences: PreferencesSchema;
  @ApiProperty({ type: [EmailSchema], description: 'notification emails sent or tried' }) emails: EmailSchema[];
  @ApiProperty({ type: [MuteSchema], description: 'the readers they muted' }) mutes: MuteSchema[];
  @ApiProperty({ type: [WarningSchema], description: "moderators' warnings to them" }) warnings: WarningSchema[];
  @ApiProperty({ type: [ModerationEntrySchema], description: 'decisions about them and their comments' }) moderation: ModerationEntrySchema[];
}

@ApiSchema({ name: 'AccountDeletion' })
export class AccountDeletionSchema implements AccountDeletion {
  @ApiProperty() userId: string;
  @ApiProperty({ enum: ['delete', 'anonymize'], description: "the site's `accountDeletion` setting at the time" }) mode: AccountDeletion['mode'];
  @ApiProperty({ type: 'integer', description: 'comments removed (delete) or kept under "Deleted user" (anonymize)' }) comments: number;
}

export class DeleteAccountDto {
  @ApiPropertyOptional({
    example: DELETE_ACCOUNT_CONFIRMATION,
    description: `must be "${DELETE_ACCOUNT_CONFIRMATION}" (DELETE /me) or the user's id (an admin's deletion)`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  confirm?: string;
}
