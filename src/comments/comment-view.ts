import type { Viewer } from '../auth/viewer';
import type { CommentStatus, CommentView } from '../common/contract';

export type { CommentView };

/** A comments row joined with its author's name, as every comment query selects it. */
export interface CommentRecord {
  id: string;
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

export const COMMENT_COLUMNS = `c.id, c.article_id, c.parent_id, c.depth, c.author_id, u.name AS author_name, c.body, c.html,
  c.status, c.reasons, c.featured, c.moderated, c.like_count, c.reply_count, c.open_report_count,
  c.created_at, c.edited_at, c.decided_at`;
export const COMMENT_FROM = `comments c JOIN users u ON u.id = c.author_id`;

export function toRecord(r: Record<string, any>): CommentRecord {
  return {
    id: r.id,
    articleId: r.article_id,
    parentId: r.parent_id,
    depth: Number(r.depth),
    authorId: r.author_id,
    authorName: r.author_name,
    body: r.body,
    html: r.html,
    status: r.status,
    reasons: r.reasons ?? [],
    featured: r.featured,
    moderated: r.moderated,
    likeCount: Number(r.like_count),
    replyCount: Number(r.reply_count),
    openReportCount: Number(r.open_report_count),
    createdAt: new Date(r.created_at),
    editedAt: r.edited_at ? new Date(r.edited_at) : null,
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
  };
}

/** Shown to the public: approved, or a tombstone that keeps visible replies in place. */
export function publiclyVisible(c: Pick<CommentRecord, 'status' | 'replyCount'>): boolean {
  return c.status === 'approved' || ((c.status === 'deleted' || c.status === 'rejected') && c.replyCount > 0);
}

export function visibleTo(c: CommentRecord, viewer: Viewer | null): boolean {
  if (viewer && c.authorId === viewer.id && (c.status === 'pending' || c.status === 'rejected')) return true;
  return publiclyVisible(c);
}

/** SQL twin of visibleTo for list queries; $n is the viewer's id or null. */
export const visibleSql = (viewerParam: string) =>
  `(c.status = 'approved' OR (c.status IN ('deleted','rejected') AND c.reply_count > 0)
    OR (c.author_id = ${viewerParam} AND c.status IN ('pending','rejected')))`;

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
