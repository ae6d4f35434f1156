import type { ArticleView, CommentStatus, UserWarningView } from './contract';

/**
 * Domain events: what happened on a site, told to the publisher's systems (webhooks) and, later,
 * to people (notifications). Recorded with `Tx.event(s)` in the transaction of the change and
 * stored in `domain_events`; they are never replayed to readers. Each carries its site.
 */
export interface DomainEvent {
  type: DomainEventType;
  siteId: string;
  payload: Record<string, unknown>;
}

export const DOMAIN_EVENT_TYPES = [
  'comment.created',
  'comment.held',
  'comment.published',
  'comment.rejected',
  'comment.edited',
  'comment.deleted',
  'comment.reported',
  'comment.featured',
  'user.banned',
  'user.suspended',
  'user.warned',
  'article.closed',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export const isDomainEventType = (t: unknown): t is DomainEventType => typeof t === 'string' && (DOMAIN_EVENT_TYPES as readonly string[]).includes(t);

/** The comment fields the events are derived from and carry (a comments record has them all). */
export interface CommentState {
  id: string;
  articleId: string;
  parentId: string | null;
  authorId: string;
  authorName: string;
  body: string;
  html: string;
  status: CommentStatus;
  reasons: string[];
  featured: boolean;
  moderated: boolean;
  openReportCount: number;
  createdAt: Date;
  editedAt: Date | null;
  decidedAt: Date | null;
}

/** A comment as the events carry it: everything an admin's systems may know; a deleted comment's text is gone. */
export interface CommentEventData {
  id: string;
  articleId: string;
  parentId: string | null;
  author: { id: string; name: string };
  body: string;
  html: string;
  status: CommentStatus;
  reasons: string[];
  featured: boolean;
  openReports: number;
  createdAt: string;
  editedAt: string | null;
  decidedAt: string | null;
}

export function commentEventData(c: CommentState): CommentEventData {
  const deleted = c.status === 'deleted';
  return {
    id: c.id,
    articleId: c.articleId,
    parentId: c.parentId,
    author: { id: c.authorId, name: c.authorName },
    body: deleted ? '' : c.body,
    html: deleted ? '' : c.html,
    status: c.status,
    reasons: c.reasons,
    featured: c.featured,
    openReports: c.openReportCount,
    createdAt: c.createdAt.toISOString(),
    editedAt: c.editedAt ? c.editedAt.toISOString() : null,
    decidedAt: c.decidedAt ? c.decidedAt.toISOString() : null,
  };
}

/**
 * The events one change of a comment's state makes, from its state before (null: new) and after:
 * created; edited (its text changed); held (it entered the pending queue); published, rejected,
 * deleted (it reached that status); featured; reported (it gained an open report).
 */
export function commentEvents(siteId: string, before: CommentState | null, after: CommentState): DomainEvent[] {
  const types: DomainEventType[] = [];
  const reached = (s: CommentStatus) => after.status === s && before?.status !== s;
  if (!before) types.push('comment.created');
  if (before && before.body !== after.body) types.push('comment.edited');
  if (reached('pending')) types.push('comment.held');
  if (reached('approved')) types.push('comment.published');
  if (reached('rejected')) types.push('comment.rejected');
  if (after.featured && !before?.featured) types.push('comment.featured');
  if (after.openReportCount > (before?.openReportCount ?? 0)) types.push('comment.reported');
  if (reached('deleted')) types.push('comment.deleted');
  if (!types.length) return [];
  const comment = commentEventData(after);
  const previousStatus = before?.status ?? null;
  return types.map((type) => ({ type, siteId, payload: { comment, previousStatus } }));
}

/** The fields of a user a sanction event carries. */
export interface SanctionedUser {
  id: string;
  name: string;
  suspendedUntil: Date | null;
  sanctionReason: string | null;
}

/** `user.banned` / `user.suspended` for those sanctions; nothing for the others (unban, premod, …). */
export function sanctionEvents(siteId: string, action: string, user: SanctionedUser, by: string): DomainEvent[] {
  const type = action === 'ban' ? 'user.banned' : action === 'suspend' ? 'user.suspended' : null;
  if (!type) return [];
  const data = { id: user.id, name: user.name, suspendedUntil: user.suspendedUntil ? user.suspendedUntil.toISOString() : null, reason: user.sanctionReason };
  return [{ type, siteId, payload: { user: data, by } }];
}

/** `user.warned`: a moderator warned a reader, who must acknowledge it before posting again (the reader's notification comes from it). */
export function warnedEvents(siteId: string, user: { id: string; name: string }, warning: UserWarningView, by: string): DomainEvent[] {
  const data = { id: user.id, name: user.name, suspendedUntil: null, reason: warning.message };
  return [{ type: 'user.warned', siteId, payload: { user: data, warning, by } }];
}

/** `article.closed` when an article that was open is closed (by a moderator, or by `system:auto-close`). */
export function articleClosedEvents(siteId: string, wasClosed: boolean, article: ArticleView, by: string): DomainEvent[] {
  return !wasClosed && article.closed ? [{ type: 'article.closed', siteId, payload: { article, by } }] : [];
}
