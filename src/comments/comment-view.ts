import type { Viewer } from '../common/viewer';
import type { CommentStatus, CommentView, RemovedBy, StatusReason } from '../common/contract';

export type { CommentView };

/** A comments row joined with its author's name, as every comment query selects it. */
export interface CommentRecord {
  id: string;
  siteId: string;
  articleId: string;
  parentId: string | null;
  depth: number;
  authorId: string;
  authorName: string;
  body: string;
  html: string;
  status: CommentStatus;
  reasons: string[];
  featured: boolean;
  moderated: boolean;
  likeCount: number;
  replyCount: number;
  openReportCount: number;
  createdAt: Date;
  editedAt: Date | null;
  decidedAt: Date | null;
}

/** Shown to the public: approved, or a tombstone that keeps visible replies in place. */
export function publiclyVisible(c: Pick<CommentRecord, 'status' | 'replyCount'>): boolean {
  return c.status === 'approved' || ((c.status === 'deleted' || c.status === 'rejected') && c.replyCount > 0);
}

/** The SQL twin is VISIBLE_TO_$2 in comments.repository.ts: keep the two saying the same. */
export function visibleTo(c: CommentRecord, viewer: Viewer | null): boolean {
  if (viewer && c.authorId === viewer.id && (c.status === 'pending' || c.status === 'rejected')) return true;
  return publiclyVisible(c);
}

/** The reason an author deletes with: kept in `reasons`, so a tombstone can say who removed it. */
export const DELETED_BY_AUTHOR = 'deleted:author';

/** Whether the viewer sees the comment as a tombstone (text and author hidden). */
export function isTombstoneFor(c: Pick<CommentRecord, 'status' | 'authorId'>, viewer: Pick<Viewer, 'id'> | null): boolean {
  return c.status === 'deleted' || (c.status === 'rejected' && (!viewer || viewer.id !== c.authorId));
}

function removedBy(c: Pick<CommentRecord, 'status' | 'reasons'>): RemovedBy {
  return c.status === 'deleted' && c.reasons.includes(DELETED_BY_AUTHOR) ? 'author' : 'moderation';
}

/** Why the author's own held or refused comment is so, without naming words or thresholds. */
export function statusReason(c: Pick<CommentRecord, 'status' | 'reasons' | 'moderated'>): StatusReason | null {
  if (c.status === 'rejected') {
    if (c.moderated) return 'moderator';
    if (c.reasons.some((r) => r.startsWith('banned_word:'))) return 'banned_words';
    if (c.reasons.includes('flood')) return 'repeat';
    return 'moderator';
  }
  if (c.status === 'pending') return c.reasons.length === 1 && c.reasons[0] === 'link' ? 'link' : 'review';
  return null;
}

/** Renders a record for one viewer: tombstones hide text and author; authors see their own held text. */
export function toView(c: CommentRecord, viewer: Viewer | null, viewerReacted = false): CommentView {
  const own = !!viewer && viewer.id === c.authorId;
  const tombstone = isTombstoneFor(c, viewer);
  return {
    id: c.id,
    articleId: c.articleId,
    parentId: c.parentId,
    author: tombstone ? null : { id: c.authorId, name: c.authorName },
    body: tombstone ? '' : c.body,
    html: tombstone ? '' : c.html,
    status: tombstone ? 'deleted' : c.status,
    createdAt: c.createdAt.toISOString(),
    editedAt: c.editedAt ? c.editedAt.toISOString() : null,
    replyCount: c.replyCount,
    reactions: { like: c.likeCount },
    viewerReacted,
    featured: c.featured,
    removedBy: tombstone ? removedBy(c) : null,
    statusReason: own && !tombstone ? statusReason(c) : null,
  };
}
