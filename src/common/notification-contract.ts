/**
 * Readers' notifications as they cross the wire (docs/API.md, "Notifications"): the API's answers
 * and the socket's `notification` event. No server imports, so the widget can share them.
 */

export const NOTIFICATION_KINDS = ['reply', 'approved', 'rejected', 'featured', 'mention', 'warning'] as const;
/**
 * `reply`: someone replied to the reader's comment; `mention`: a published comment names the reader (`@Name`); `warning`: a moderator
 * warned the reader (who must acknowledge it before posting again: GET /me, POST /me/warning/ack); the others: a moderator's decision on it.
 */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The languages notification emails are written in (a site's `locale` setting, a reader token's `locale` claim). */
export const EMAIL_LOCALES = ['en', 'de', 'fr', 'es'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

export const EMAIL_MODES = ['off', 'immediate', 'hourly', 'daily'] as const;
/** Email per site: none, one per notification, or a digest at most hourly / daily. */
export type EmailMode = (typeof EMAIL_MODES)[number];

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** The reply (kind `reply`), the mentioning comment (kind `mention`) or the reader's own comment (the decisions): open it by `#comment-<id>`; null for a warning. */
  commentId: string | null;
  /** Null for a warning (it is about the reader, not a comment). */
  articleId: string | null;
  articleTitle: string | null;
  /** The article's page, when known: the permalink is `${articleUrl}#comment-${commentId}`. */
  articleUrl: string | null;
  /** Who replied (kind `reply`), mentioned the reader (kind `mention`) or warned them (kind `warning`). */
  actorName: string | null;
  /** The moderator's reason (kind `rejected`), when one was given. */
  reason: string | null;
  /** The start of the comment's text, empty once a reply is no longer published; for a warning, the start of the moderator's message. */
  excerpt: string;
  read: boolean;
  createdAt: string;
}

export interface NotificationPageView {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

/** The socket event `notification`, sent to the reader's own sockets on the site. */
export interface NotificationEvent {
  notification: NotificationView;
  unreadCount: number;
}

export interface NotificationPreferencesView {
  email: EmailMode;
  /** The address emails go to (from the reader's token), or null when the token carries none. */
  address: string | null;
  /** Whether this deployment sends email at all. */
  emailAvailable: boolean;
}

/** An email that failed through its retries, or bounced (admins: GET /notifications/failures). */
export interface EmailFailureView {
  id: string;
  /** The reader's id; for a staff queue digest (`kind` staff-digest), the staff member's. */
  userId: string;
  /** A reader's email (a reply, decision or mention, or their digest), or a staff member's queue digest. */
  kind: 'reader' | 'staff-digest';
  address: string | null;
  /** `failed`: refused or unreachable through every retry; `bounced`: the receiving server refused the address for good (no retry), `lastError` its reply. */
  status: 'failed' | 'bounced';
  mode: Exclude<EmailMode, 'off'>;
  notificationCount: number;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  failedAt: string | null;
}

export const STAFF_DIGEST_FREQUENCIES = ['off', 'hourly', 'daily'] as const;
/** A staff member's email digest of a site's queues: none, at the top of each hour, or at midnight UTC. */
export type StaffDigestFrequency = (typeof STAFF_DIGEST_FREQUENCIES)[number];

/** GET/PUT /notifications/staff-digest: the signed-in staff member's queue digest on the site. */
export interface StaffDigestView {
  frequency: StaffDigestFrequency;
  /** Where it goes: the address of the staff account (or of the moderator's token); null when there is none. */
  address: string | null;
  /** Whether this deployment sends email at all. */
  emailAvailable: boolean;
}
