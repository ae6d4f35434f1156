import { Article } from './articles/article.entity';
import { CommentRevision } from './comments/comment-revision.entity';
import { Comment } from './comments/comment.entity';
import { Reaction } from './comments/reaction.entity';
import { Report } from './comments/report.entity';
import { SiteCountersRow } from './comments/site-counters.entity';
import { EventRow } from './events/event.entity';
import { DomainEventRow } from './jobs/domain-event.entity';
import { JobRow } from './jobs/job.entity';
import { ModerationLogEntry } from './moderation-log/moderation-log.entity';
import { SettingsRow } from './settings/settings.entity';
import { SiteStaff } from './staff/site-staff.entity';
import { Site } from './sites/site.entity';
import { StaffAuditEntry } from './staff/staff-audit.entity';
import { StaffSession } from './staff/staff-session.entity';
import { StaffToken } from './staff/staff-token.entity';
import { Staff } from './staff/staff.entity';
import { User } from './users/user.entity';
import { WebhookDeliveryRow, WebhookEndpointRow } from './webhooks/webhook.entity';
import { ImportSource } from './transfer/import-source.entity';
import { NotificationEmailRow, NotificationPreferenceRow, NotificationRow, ServerSecretRow, StaffDigestRow } from './notifications/notification.entity';
import { Initial1732500000000 } from '../migrations/1732500000000-Initial';
import { EventsCreatedAt1732600000000 } from '../migrations/1732600000000-EventsCreatedAt';
import { EventsCommentId1732700000000 } from '../migrations/1732700000000-EventsCommentId';
import { SitesAndStaff1733000000000 } from '../migrations/1733000000000-SitesAndStaff';
import { SiteScope1733100000000 } from '../migrations/1733100000000-SiteScope';
import { ArticlesAutoClose1733200000000 } from '../migrations/1733200000000-ArticlesAutoClose';
import { ImportSources1733300000000 } from '../migrations/1733300000000-ImportSources';
import { JobsAndWebhooks1733400000000 } from '../migrations/1733400000000-JobsAndWebhooks';
import { Notifications1733500000000 } from '../migrations/1733500000000-Notifications';
import { ModerationDesk1733600000000 } from '../migrations/1733600000000-ModerationDesk';
import { CommentSearch1733700000000 } from '../migrations/1733700000000-CommentSearch';
import { UserNotes1733800000000 } from '../migrations/1733800000000-UserNotes';
import { DeskStatistics1734450000000 } from '../migrations/1734450000000-DeskStatistics';
import { StaffDigestsMentions1734000000000 } from '../migrations/1734000000000-StaffDigestsMentions';
import { UserNoteRow } from './moderation/user-note.entity';
import { UserWarnings1733900000000 } from '../migrations/1733900000000-UserWarnings';
import { UserWarningRow } from './users/user-warning.entity';
import { MuteRow } from './mutes/mute.entity';
import { Mutes1734350000000 } from '../migrations/1734350000000-Mutes';
import { ReaderDataRights1734200000000 } from '../migrations/1734200000000-ReaderDataRights';
import { SiteCounterShards1734600000000 } from '../migrations/1734600000000-SiteCounterShards';
import { StaffDigestFailures1734800000000 } from '../migrations/1734800000000-StaffDigestFailures';
import { MostReplied1734850000000 } from '../migrations/1734850000000-MostReplied';
import { WarningNotifications1734870000000 } from '../migrations/1734870000000-WarningNotifications';
import { ArticleSections1734900000000 } from '../migrations/1734900000000-ArticleSections';
import { EmailBounces1735000000000 } from '../migrations/1735000000000-EmailBounces';
import { StoreEventsFunction1735100000000 } from '../migrations/1735100000000-StoreEventsFunction';
import { CloseTransactionFunction1735200000000 } from '../migrations/1735200000000-CloseTransactionFunction';

/**
 * The schema the composition root hands to the database layer: the entities (which must match the
 * migrated schema exactly; `npm run check:schema` diffs them) and the migrations that build it.
 */
export const ENTITIES = [
  User,
  Article,
  Comment,
  CommentRevision,
  Reaction,
  Report,
  SiteCountersRow,
  ModerationLogEntry,
  SettingsRow,
  EventRow,
  Site,
  Staff,
  SiteStaff,
  StaffSession,
  StaffToken,
  StaffAuditEntry,
  DomainEventRow,
  JobRow,
  WebhookEndpointRow,
  WebhookDeliveryRow,
  ImportSource,
  NotificationRow,
  NotificationPreferenceRow,
  NotificationEmailRow,
  ServerSecretRow,
  UserNoteRow,
  UserWarningRow,
  MuteRow,
  StaffDigestRow,
];
/** Listed, not globbed, so the same list works from TypeScript (tests) and compiled JavaScript. */
export const MIGRATIONS = [
  Initial1732500000000,
  EventsCreatedAt1732600000000,
  EventsCommentId1732700000000,
  SitesAndStaff1733000000000,
  SiteScope1733100000000,
  ArticlesAutoClose1733200000000,
  ImportSources1733300000000,
  JobsAndWebhooks1733400000000,
  Notifications1733500000000,
  ModerationDesk1733600000000,
  CommentSearch1733700000000,
  UserNotes1733800000000,
  UserWarnings1733900000000,
  StaffDigestsMentions1734000000000,
  ReaderDataRights1734200000000,
  Mutes1734350000000,
  DeskStatistics1734450000000,
  SiteCounterShards1734600000000,
  StaffDigestFailures1734800000000,
  MostReplied1734850000000,
  WarningNotifications1734870000000,
  ArticleSections1734900000000,
  EmailBounces1735000000000,
  StoreEventsFunction1735100000000,
  CloseTransactionFunction1735200000000,
];

export const SCHEMA = { entities: ENTITIES, migrations: MIGRATIONS };
