import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  EMAIL_MODES,
  NOTIFICATION_KINDS,
  STAFF_DIGEST_FREQUENCIES,
  type StaffDigestFrequency,
  type StaffDigestView,
  type EmailFailureView,
  type EmailMode,
  type NotificationKind,
  type NotificationPageView,
  type NotificationPreferencesView,
  type NotificationView,
} from '../common/notification-contract';

/** OpenAPI classes for the notifications answers; each implements its contract type, so the two cannot drift. */

@ApiSchema({ name: 'Notification' })
export class NotificationSchema implements NotificationView {
  @ApiProperty({ example: '42' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the reply (kind reply), the mentioning comment (kind mention) or the reader’s own comment (the decisions); null for a warning',
  })
  commentId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null for a warning' }) articleId: string | null;
  @ApiProperty({ type: String, nullable: true }) articleTitle: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the permalink is `${articleUrl}#comment-${commentId}`' }) articleUrl: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'who replied (kind reply), mentioned the reader (kind mention) or warned them (kind warning)' })
  actorName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the moderator’s reason (kind rejected)' }) reason: string | null;
  @ApiProperty({ description: 'the start of the comment’s text, empty once a reply is no longer published; for a warning, the start of its message' })
  excerpt: string;
  @ApiProperty() read: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'NotificationPage' })
export class NotificationPageSchema implements NotificationPageView {
  @ApiProperty({ type: [NotificationSchema] }) items: NotificationSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ description: 'all the reader’s unread notifications on the site' }) unreadCount: number;
}

@ApiSchema({ name: 'UnreadCount' })
export class UnreadCountSchema {
  @ApiProperty() unreadCount: number;
}

@ApiSchema({ name: 'NotificationPreferences' })
export class NotificationPreferencesSchema implements NotificationPreferencesView {
  @ApiProperty({ enum: EMAIL_MODES }) email: EmailMode;
  @ApiProperty({ type: String, nullable: true, description: 'the address from the reader’s token' }) address: string | null;
  @ApiProperty({ description: 'whether this deployment sends email (SMTP_URL)' }) emailAvailable: boolean;
}

@ApiSchema({ name: 'StaffDigest' })
export class StaffDigestSchema implements StaffDigestView {
  @ApiProperty({ enum: STAFF_DIGEST_FREQUENCIES }) frequency: StaffDigestFrequency;
  @ApiProperty({ type: String, nullable: true, description: 'where the digest goes: the staff account’s address (or the moderator token’s email)' }) address:
    string | null;
  @ApiProperty({ description: 'whether this deployment sends email (SMTP_URL)' }) emailAvailable: boolean;
}

@ApiSchema({ name: 'EmailFailure' })
export class EmailFailureSchema implements EmailFailureView {
  @ApiProperty({ example: '7' }) id: string;
  @ApiProperty({ description: 'the reader; for a staff queue digest, the staff member' }) userId: string;
  @ApiProperty({ enum: ['reader', 'staff-digest'], description: 'a reader’s email, or a staff member’s queue digest' }) kind: 'reader' | 'staff-digest';
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({
    enum: ['failed', 'bounced'],
    description:
      '`failed`: refused or unreachable through every retry; `bounced`: the receiving server refused the address for good (not retried), or the mail provider reported a bounce',
  })
  status: 'failed' | 'bounced';
  @ApiProperty({ enum: ['immediate', 'hourly', 'daily'] }) mode: Exclude<EmailMode, 'off'>;
  @ApiProperty() notificationCount: number;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true, description: "what the SMTP server (or the connection) said last; a bounce's reply or reported reason" })
  lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failedAt: string | null;
}

@ApiSchema({ name: 'EmailFailurePage' })
export class EmailFailurePageSchema {
  @ApiProperty({ type: [EmailFailureSchema] }) items: EmailFailureSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
