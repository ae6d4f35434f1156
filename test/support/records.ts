/**
 * In-memory records for the unit tier: plain objects shaped like the rows the service works
 * with, each with overridable defaults. No database, no app, no I/O: only type imports from src.
 */
import type { ArticleView } from '../../src/common/contract';
import type { Viewer } from '../../src/common/viewer';
import type { CommentRecord } from '../../src/comments/comment-view';
import type { UserRecord } from '../../src/users/users.repository';

const CREATED = new Date('2024-03-01T10:00:00.000Z');

export function commentRecord(overrides: Partial<CommentRecord> = {}): CommentRecord {
  return {
    id: '01900000-0000-7000-8000-000000000001',
    siteId: 'default',
    articleId: 'news/story-1',
    parentId: null,
    depth: 0,
    authorId: 'u-author',
    authorName: 'Ann Author',
    body: 'The *body* as written',
    html: '<p>The <em>body</em> as written</p>',
    status: 'approved',
    reasons: [],
    featured: false,
    moderated: false,
    likeCount: 0,
    replyCount: 0,
    openReportCount: 0,
    createdAt: CREATED,
    editedAt: null,
    decidedAt: null,
    ...overrides,
  };
}

export function viewer(id: string, role: Viewer['role'] = 'reader'): Viewer {
  return { siteId: 'default', id, name: `Name of ${id}`, email: null, role };
}

export function userRecord(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    siteId: 'default',
    id: 'u-1',
    name: 'User One',
    email: null,
    role: 'reader',
    status: 'active',
    suspendedUntil: null,
    sanctionReason: null,
    premod: false,
    approvedCount: 0,
    rejectedCount: 0,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

export function articleView(overrides: Partial<ArticleView> = {}): ArticleView {
  return { id: 'news/story-1', title: null, url: null, section: null, closed: false, premoderation: false, commentCount: 0, ...overrides };
}
