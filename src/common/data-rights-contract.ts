/**
 * Readers' data rights on the wire: what GET /me/data (and an admin's GET
 * /moderation/users/{id}/data) answers, and what deleting an account takes. Shared by the server,
 * the widget and the dashboard.
 */

import type { CommentStatus } from './contract';
import type { Role } from './viewer';

/** The `confirm` a reader sends with DELETE /me, so no stray request deletes an account. */
export const DELETE_ACCOUNT_CONFIRMATION = 'delete my account';

export interface ReaderDataExport {
  exportedAt: string;
  site: { id: string; name: string };
  profile: {
    id: string;
    name: string;
    email: string | null;
    role: Role;
    status: 'active' | 'banned' | 'suspended';
    suspendedUntil: string | null;
    sanctionReason: string | null;
    premod: boolean;
    approvedCount: number;
    rejectedCount: number;
    createdAt: string;
    updatedAt: string;
  };
  /** Every comment they wrote on the site, held, rejected and deleted ones too, each with its earlier versions. */
  comments: {
    id: string;
    articleId: string;
    parentId: string | null;
    status: CommentStatus;
    reasons: string[];
    featured: boolean;
    body: string;
    html: string;
    likes: number;
    replies: number;
    createdAt: string;
    editedAt: string | null;
    decidedAt: string | null;
    revisions: { body: string; html: string; createdAt: string }[];
  }[];
  reactions: { commentId: string; kind: string; createdAt: string }[];
  /** Reports they made. */
  reports: { commentId: string; reason: string; note: string | null; createdAt: string; resolvedAt: string | null }[];
  notifications: {
    id: string;
    kind: string;
    commentId: string;
    articleId: string;
    actorName: string | null;
    reason: string | null;
    excerpt: string;
    readAt: string | null;
    createdAt: string;
  }[];
  /** Their email choice for notifications (null: never set). */
  preferences: { email: 'off' | 'immediate' | 'hourly' | 'daily' | null; updatedAt: string | null };
  /** Notification emails sent (or tried) to them. */
  emails: { mode: string; status: string; address: string | null; createdAt: string; finishedAt: string | null }[];
  /** The readers they muted. */
  mutes: { userId: string; createdAt: string }[];
  /** Moderators' warnings to them. */
  warnings: { message: string; createdAt: string; acknowledgedAt: string | null }[];
  /** Moderation decisions about them and their comments (who decided is left out). */
  moderation: {
    action: string;
    commentId: string | null;
    articleId: string | null;
    from: string | null;
    to: string | null;
    reason: string | null;
    createdAt: string;
  }[];
}

/** What a deletion did. */
export interface AccountDeletion {
  userId: string;
  mode: 'delete' | 'anonymize';
  /** Comments removed (delete) or kept under "Deleted user" (anonymize). */
  comments: number;
}
