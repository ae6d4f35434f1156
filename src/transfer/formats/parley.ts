/**
 * Parley's own export (NDJSON, docs/API.md "Export"): a manifest line, then one record per line,
 * each with its `type`. Times are ISO 8601 in UTC with microseconds, as PostgreSQL keeps them, so
 * an export re-imported and exported again is the same text (but for the site and the time of
 * export).
 */

export const PARLEY_FORMAT = 'parley';
export const PARLEY_VERSION = 1;

export interface ManifestRecord {
  type: 'manifest';
  format: typeof PARLEY_FORMAT;
  version: number;
  site: { id: string; name: string };
  exportedAt: string;
  counts: {
    users: number;
    articles: number;
    comments: number;
    revisions: number;
    reactions: number;
    reports: number;
    log: number;
    staff: number;
    webhooks: number;
    notes: number;
  };
}

export interface SettingsRecord {
  type: 'settings';
  value: Record<string, unknown>;
}

export interface UserRecord {
  type: 'user';
  id: string;
  name: string;
  email: string | null;
  role: string;
  status: string;
  suspendedUntil: string | null;
  sanctionReason: string | null;
  premod: boolean;
  createdAt: string;
  /** A deleted account: its row stays, scrubbed, and refuses the tokens issued before this time. */
  deletedAt: string | null;
  /** When the stored email was last given (the retention setting counts from it). */
  emailSeenAt: string;
}

/**
 * A staff member with a role on the site (owners, who hold every site, are not the site's to
 * export). Never a password hash, a second factor's secret or a session: a member restored
 * without an account gets one without a password, set through a reset link.
 */
export interface StaffRecord {
  type: 'staff';
  id: string;
  email: string;
  name: string;
  role: 'moderator' | 'admin';
  disabled: boolean;
}

/** A webhook endpoint, without its secret (restored disabled, with a new secret to rotate before enabling). */
export interface WebhookRecord {
  type: 'webhook';
  kind: 'standard' | 'slack';
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  createdAt: string;
}

/** A moderator's note on a user. */
export interface NoteRecord {
  type: 'note';
  userId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface ArticleRecord {
  type: 'article';
  id: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  premoderation: boolean;
  createdAt: string;
  reopenedAt: string | null;
}

export interface RevisionRecord {
  body: string;
  html: string;
  createdAt: string;
}

export interface ReactionRecord {
  userId: string;
  kind: string;
  createdAt: string;
}

export interface ReportRecord {
  userId: string;
  reason: string;
  note: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

/** A comment with what hangs off it: its earlier versions (oldest first), reactions and reports. */
export interface CommentRecord {
  type: 'comment';
  id: string;
  articleId: string;
  parentId: string | null;
  depth: number;
  authorId: string;
  body: string;
  html: string;
  status: 'pending' | 'approved' | 'rejected' | 'deleted';
  reasons: string[];
  featured: boolean;
  moderated: boolean;
  createdAt: string;
  editedAt: string | null;
  decidedAt: string | null;
  revisions: RevisionRecord[];
  reactions: ReactionRecord[];
  reports: ReportRecord[];
}

export interface LogRecord {
  type: 'log';
  actorId: string;
  action: string;
  commentId: string | null;
  userId: string | null;
  articleId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  prior: unknown;
  createdAt: string;
}

export type ParleyRecord = ManifestRecord | SettingsRecord | StaffRecord | WebhookRecord | UserRecord | NoteRecord | ArticleRecord | CommentRecord | LogRecord;
