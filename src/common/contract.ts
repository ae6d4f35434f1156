/**
 * The shapes of API.md that cross the wire, with no server imports, so the web pages
 * (src/web/client) type-check against exactly what the service sends.
 */

export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'deleted';

/** The contract's comment object. */
export interface CommentView {
  id: string;
  articleId: string;
  parentId: string | null;
  author: { id: string; name: string } | null;
  body: string;
  html: string;
  status: CommentStatus;
  createdAt: string;
  editedAt: string | null;
  replyCount: number;
  reactions: { like: number };
  viewerReacted: boolean;
  featured: boolean;
  /** On a tombstone: whether its author deleted it or moderation removed it; null otherwise. */
  removedBy: RemovedBy | null;
  /** On the viewer's own held or refused comment: why, in words a reader may see; null otherwise. */
  statusReason: StatusReason | null;
}

export const REMOVED_BY = ['author', 'moderation'] as const;
export type RemovedBy = (typeof REMOVED_BY)[number];
/**
 * Why a comment its author sees is held or not published: a moderator's decision, a banned word
 * (never which), the same text posted again, a link (held), or review (any other hold).
 */
export const STATUS_REASONS = ['moderator', 'banned_words', 'repeat', 'link', 'review'] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

/** A cursor page; the article list adds `total`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `featured`: editors' picks first (newest first), then the rest, newest first. `replied`: most direct replies first. */
export const SORTS = ['newest', 'oldest', 'top', 'featured', 'replied'] as const;
export type Sort = (typeof SORTS)[number];

export interface ArticleView {
  id: string;
  title: string | null;
  url: string | null;
  /** The publisher's section ("World", "Sport"), or null when none was sent. */
  section: string | null;
  closed: boolean;
  premoderation: boolean;
  commentCount: number;
}

/** How a site holds new comments for a moderator: none of them, all of them, or those with links. */
export type PremoderationPolicy = 'none' | 'all' | 'links';

/**
 * The site's policy as a reader's client needs it to behave as the service will (GET /config):
 * limits and what is held, never word lists, thresholds or rate limits.
 */
export interface ReaderConfig {
  maxLength: number;
  maxDepth: number;
  editWindowSeconds: number;
  premoderation: PremoderationPolicy;
  /** The site's community guidelines, rendered and sanitized like a comment's `html` ('': none). */
  guidelinesHtml: string;
}

/** The site's reader policy with one article's own state (GET /articles/{id}/config). */
export interface ArticleReaderConfig extends ReaderConfig {
  article: Pick<ArticleView, 'id' | 'closed' | 'premoderation'>;
}

export const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const QUEUES = ['pending', 'reported', 'unmoderated', 'approved', 'rejected'] as const;
export type Queue = (typeof QUEUES)[number];
/** The queues whose sizes are kept as counters, per article and site-wide. */
export const COUNTED_QUEUES = ['pending', 'reported', 'unmoderated'] as const;
export type CountedQueue = (typeof COUNTED_QUEUES)[number];
export type QueueCounts = Record<CountedQueue, number>;

/** A reader's open report with a note, as moderators see it. */
export interface ReportNote {
  reason: ReportReason;
  note: string;
  createdAt: string;
}

/** A comment as moderators see it in a queue. */
export interface QueueItem extends CommentView {
  article: { id: string; title: string | null; url: string | null };
  authorSummary: { id: string; name: string; status: string; approved: number; rejected: number };
  reports: Record<string, number>;
  reasons: string[];
  moderated: boolean;
  /** The notes readers added to their open reports, oldest first (at most 20). */
  reportNotes?: ReportNote[];
  /** In the approved and rejected queues: the decision that put it there (null when no moderator decided). */
  decision?: DecisionInfo | null;
  /** In the approved and rejected queues: every report it had, answered ones included, with their notes. */
  reportHistory?: ReportHistory;
}

/** The latest decision on a comment, from the moderation log. */
export interface DecisionInfo {
  action: string;
  actorId: string;
  actorName: string | null;
  reason: string | null;
  at: string;
}

/** Reports a comment had, open or answered: counts per reason and the notes (oldest first, at most 20). */
export interface ReportHistory {
  counts: Record<string, number>;
  notes: ReportNote[];
}

/** The signed-in reader's standing on the site (GET /me): whether they may write, and if not why. */
export interface ReaderStanding {
  id: string;
  name: string;
  role: string;
  status: 'active' | 'banned' | 'suspended';
  suspendedUntil: string | null;
  /** False while banned, suspended, or a moderator's warning waits to be acknowledged. */
  canPost: boolean;
  /** A moderator's warning the reader must acknowledge (POST /me/warning/ack) before posting again; null when none. */
  warning: UserWarningView | null;
}

/** A moderator's warning to a reader. */
export interface UserWarningView {
  id: string;
  message: string;
  /** The moderator's display name. */
  from: string;
  createdAt: string;
  acknowledgedAt: string | null;
}

/** A comment with the thread above it, root first (GET /comments/{id}/context). */
export interface CommentContext {
  /** The top-level comment first, down to the comment itself (last). */
  thread: CommentView[];
}

/** One entry of the moderation log. */
export interface LogEntryView {
  id: string;
  actorId: string;
  action: string;
  commentId: string | null;
  userId: string | null;
  articleId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  createdAt: string;
  /** Who acted, by name, when known (a reader account or a staff member of the site). */
  actorName?: string | null;
  /** The user the entry is about, by name, when known. */
  userName?: string | null;
  /** The article's title and address, when known. */
  articleTitle?: string | null;
  articleUrl?: string | null;
  /** The first words of the comment the entry is about, when it still exists. */
  commentExcerpt?: string | null;
}

/** One comment on its own for a moderator (GET /moderation/comments/{id}): the item with its decision and reports, and its log. */
export interface CommentFocusView {
  item: QueueItem;
  log: LogEntryView[];
}

/** A user as moderators see them. */
export interface ModeratedUserView {
  id: string;
  name: string;
  role: string;
  status: string;
  suspendedUntil: string | null;
  sanctionReason: string | null;
  premod: boolean;
  approved: number;
  rejected: number;
  createdAt: string;
}

/** The user panel: the user, their latest comments and the log entries about them. */
export interface UserPanelView {
  user: ModeratedUserView;
  comments: QueueItem[];
  log: LogEntryView[];
  /** Staff notes on the user, newest first (every moderator and admin of the site sees them). */
  notes?: UserNoteView[];
  /** Warnings sent to the user, newest first, each with when (if) they acknowledged it. */
  warnings?: UserWarningView[];
}

/** A moderator's note on a user. */
export interface UserNoteView {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
}

/** One id's outcome in a bulk decision. */
export interface BulkResult {
  id: string;
  ok: boolean;
  status?: string;
  error?: { statusCode: number; code: string; message: string };
}

/** Every error answer: Nest's shape plus the stable machine `code`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string | string[];
}
