import type { Viewer } from '../common/viewer';
import type { CommentStatus, CommentView } from '../common/contract';

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

/** Renders a record for one viewer: tombstones hide text and author; authors see their own held text. */
export function toView(c: CommentRecord, viewer: Viewer | null, viewerReacted = false): CommentView {
  const own = !!viewer && viewer.id === c.authorId;
  const tombstone = c.status === 'deleted' || (c.status === 'rejected' && !own);
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
  };
}
