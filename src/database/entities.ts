import { Article } from '../articles/article.entity';
import { CommentRevision } from '../comments/comment-revision.entity';
import { Comment } from '../comments/comment.entity';
import { Reaction } from '../comments/reaction.entity';
import { Report } from '../comments/report.entity';
import { EventRow } from '../events/event.entity';
import { ModerationLogEntry } from '../moderation/moderation-log.entity';
import { SettingsRow } from '../settings/settings.entity';
import { User } from '../users/user.entity';
import { Initial1732500000000 } from '../../migrations/1732500000000-Initial';
import { EventsCreatedAt1732600000000 } from '../../migrations/1732600000000-EventsCreatedAt';

export const ENTITIES = [User, Article, Comment, CommentRevision, Reaction, Report, ModerationLogEntry, SettingsRow, EventRow];
/** Listed, not globbed, so the same list works from TypeScript (tests) and compiled JavaScript. */
export const MIGRATIONS = [Initial1732500000000, EventsCreatedAt1732600000000];
