import { commentEvents, type CommentState } from '../../src/common/domain-events';
import { signatureHeader } from '../../src/webhooks/signing';
import { DEFAULT_RETRY_SCHEDULE, parseSchedule } from '../../src/webhooks/webhooks-config';

const base: CommentState = {
  id: 'c1',
  articleId: 'a1',
  parentId: null,
  authorId: 'u1',
  authorName: 'U',
  body: 'hello',
  html: '<p>hello</p>',
  status: 'approved',
  reasons: [],
  featured: false,
  moderated: false,
  openReportCount: 0,
  createdAt: new Date(0),
  editedAt: null,
  decidedAt: null,
};
const types = (before: CommentState | null, after: CommentState) => commentEvents('s', before, after).map((e) => e.type);

describe('commentEvents', () => {
  it('derives the events of a change from the states before and after', () => {
    expect(types(null, base)).toEqual(['comment.created', 'comment.published']);
    expect(types(null, { ...base, status: 'pending' })).toEqual(['comment.created', 'comment.held']);
    expect(types({ ...base, status: 'pending' }, { ...base, status: 'approved', moderated: true })).toEqual(['comment.published']);
    expect(types({ ...base, status: 'pending' }, { ...base, status: 'rejected' })).toEqual(['comment.rejected']);
    expect(types(base, { ...base, body: 'changed' })).toEqual(['comment.edited']);
    expect(types(base, { ...base, body: 'changed', status: 'pending' })).toEqual(['comment.edited', 'comment.held']);
    expect(types(base, { ...base, featured: true })).toEqual(['comment.featured']);
    expect(types(base, { ...base, openReportCount: 1 })).toEqual(['comment.reported']);
    expect(types({ ...base, openReportCount: 1 }, base)).toEqual([]);
    expect(types(base, { ...base, status: 'deleted' })).toEqual(['comment.deleted']);
    expect(types(base, { ...base, moderated: true })).toEqual([]);
  });

  it("carries the comment after the change (a deleted one's text gone), the status before and the site", () => {
    const [e] = commentEvents('s', base, { ...base, status: 'deleted' });
    expect(e).toMatchObject({ siteId: 's', payload: { previousStatus: 'approved', comment: { id: 'c1', status: 'deleted', body: '', html: '' } } });
  });
});

describe('webhook signing and schedule', () => {
  it('signs as the Standard Webhooks test vector says, one entry per secret', () => {
    const sig = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
    expect(signatureHeader(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(sig);
    const two = signatureHeader(['whsec_AAAA', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(two.split(' ')).toHaveLength(2);
    expect(two.split(' ')[1]).toBe(sig);
  });

  it('retries for more than a day by default; a schedule from the environment is checked', () => {
    expect(DEFAULT_RETRY_SCHEDULE.reduce((s, x) => s + x, 0)).toBeGreaterThan(24 * 3600);
    expect(parseSchedule(undefined)).toBe(DEFAULT_RETRY_SCHEDULE);
    expect(parseSchedule('0.05, 1,60')).toEqual([0.05, 1, 60]);
    for (const bad of ['a', '1,,2', '-1', '1e9', Array(31).fill('1').join(',')]) expect(() => parseSchedule(bad)).toThrow(/WEBHOOK_RETRY_SCHEDULE/);
  });
});
