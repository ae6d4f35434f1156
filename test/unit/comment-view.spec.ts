import type { CommentStatus } from '../../src/common/contract';
import { publiclyVisible, toView, visibleTo } from '../../src/comments/comment-view';
import { commentRecord, viewer } from '../support/records';

const author = viewer('u-author');
const other = viewer('u-other');
const moderator = viewer('u-mod', 'moderator');

describe('publiclyVisible', () => {
  it.each([
    ['approved', 'approved', 0, true],
    ['pending', 'pending', 0, false],
    ['pending with replies', 'pending', 3, false],
    ['rejected', 'rejected', 0, false],
    ['rejected with replies (tombstone)', 'rejected', 1, true],
    ['deleted', 'deleted', 0, false],
    ['deleted with replies (tombstone)', 'deleted', 2, true],
  ] as const)('%s → %s', (_label, status, replyCount, visible) => {
    expect(publiclyVisible({ status, replyCount })).toBe(visible);
  });
});

describe('visibleTo', () => {
  it.each([
    ['pending: the author', 'pending', author, true],
    ['pending: another reader', 'pending', other, false],
    ['pending: anonymous', 'pending', null, false],
    ['pending: a moderator (reader API)', 'pending', moderator, false],
    ['rejected: the author', 'rejected', author, true],
    ['rejected: another reader', 'rejected', other, false],
    ['deleted: the author', 'deleted', author, false],
    ['approved: anonymous', 'approved', null, true],
    ['approved: another reader', 'approved', other, true],
  ] as const)('%s → %s', (_label, status, who, visible) => {
    expect(visibleTo(commentRecord({ status, replyCount: 0 }), who)).toBe(visible);
  });

  it('a deleted comment with replies stays in place for everyone, as a tombstone', () => {
    expect(visibleTo(commentRecord({ status: 'deleted', replyCount: 1 }), other)).toBe(true);
  });
});

describe('toView', () => {
  const record = commentRecord({
    id: '01900000-0000-7000-8000-0000000000aa',
    parentId: '01900000-0000-7000-8000-0000000000bb',
    articleId: 'news/a',
    authorId: 'u-author',
    authorName: 'Ann Author',
    body: 'secret words',
    html: '<p>secret words</p>',
    likeCount: 4,
    replyCount: 2,
    featured: true,
    reasons: ['suspect_word:secret'],
    moderated: true,
    openReportCount: 1,
    createdAt: new Date('2024-03-01T10:00:00.000Z'),
    editedAt: new Date('2024-03-01T10:05:00.000Z'),
  });

  it('an approved comment: the contract fields only, dates as ISO strings', () => {
    expect(toView(record, null)).toEqual({
      id: record.id,
      articleId: 'news/a',
      parentId: record.parentId,
      author: { id: 'u-author', name: 'Ann Author' },
      body: 'secret words',
      html: '<p>secret words</p>',
      status: 'approved',
      createdAt: '2024-03-01T10:00:00.000Z',
      editedAt: '2024-03-01T10:05:00.000Z',
      replyCount: 2,
      reactions: { like: 4 },
      viewerReacted: false,
      featured: true,
      removedBy: null,
      statusReason: null,
    });
  });

  it('a tombstone says who removed it; the author alone hears why their comment is held or refused', () => {
    expect(toView(commentRecord({ status: 'deleted', reasons: ['deleted:author'] }), other).removedBy).toBe('author');
    expect(toView(commentRecord({ status: 'deleted', reasons: [] }), other).removedBy).toBe('moderation');
    const refused = commentRecord({ status: 'rejected', reasons: ['banned_word:plonker'], moderated: false });
    expect(toView(refused, other)).toMatchObject({ removedBy: 'moderation', statusReason: null });
    expect(toView(refused, author)).toMatchObject({ removedBy: null, statusReason: 'banned_words' });
    expect(toView(commentRecord({ status: 'rejected', reasons: ['flood'], moderated: false }), author).statusReason).toBe('repeat');
    expect(toView(commentRecord({ status: 'rejected', reasons: [], moderated: true }), author).statusReason).toBe('moderator');
    expect(toView(commentRecord({ status: 'pending', reasons: ['link'] }), author).statusReason).toBe('link');
    expect(toView(commentRecord({ status: 'pending', reasons: ['premod:site', 'link'] }), author).statusReason).toBe('review');
  });

  it('passes viewerReacted through, and a never-edited comment has editedAt null', () => {
    const v = toView(commentRecord({ editedAt: null }), other, true);
    expect(v.viewerReacted).toBe(true);
    expect(v.editedAt).toBeNull();
  });

  it.each([
    ['deleted, seen by anyone', 'deleted', other],
    ['deleted, seen by its author', 'deleted', author],
    ['deleted, seen anonymously', 'deleted', null],
    ['rejected, seen by another reader', 'rejected', other],
    ['rejected, seen anonymously', 'rejected', null],
  ] as const)('%s: a tombstone without text or author', (_label, status, who) => {
    const v = toView({ ...record, status }, who);
    expect(v).toEqual(expect.objectContaining({ author: null, body: '', html: '', status: 'deleted' }));
    // What keeps the thread in place survives.
    expect(v).toEqual(expect.objectContaining({ id: record.id, parentId: record.parentId, replyCount: 2 }));
    expect(JSON.stringify(v)).not.toContain('secret');
    expect(JSON.stringify(v)).not.toContain('Ann Author');
  });

  it.each([
    ['pending', 'pending'],
    ['rejected', 'rejected'],
  ] as const)('the author sees their own %s comment with its text and status', (status, shown: CommentStatus) => {
    const v = toView({ ...record, status }, author);
    expect(v).toEqual(
      expect.objectContaining({ author: { id: 'u-author', name: 'Ann Author' }, body: 'secret words', html: '<p>secret words</p>', status: shown }),
    );
  });
});
