/**
 * A staff session is an identity for the whole API: moderation works from the dashboard with the
 * cookie, and every cookie-authenticated write must carry the session's X-CSRF-Token. Bearer
 * requests (the publisher's tokens) are unaffected.
 */
import { startApp, TestApp } from '../support/app';
import { actors, article, patchSettings, postComment, text } from '../support/factories';
import { Browser, makeStaff } from './staff-helpers';

describe('staff sessions across the API, and CSRF', () => {
  let t: TestApp;
  let reader: string;
  let adminToken: string;

  beforeAll(async () => {
    t = await startApp();
    const a = actors(t);
    reader = a.reader('csrf-reader');
    adminToken = a.admin;
    await patchSettings(t, adminToken, { premoderation: 'all', rateLimits: { commentsPerMinute: 1000 } });
  });
  afterAll(() => t.close());

  const heldComment = async () => (await postComment(t, reader, article('csrf'), text())).id as string;

  it('approves from a staff session only with the right X-CSRF-Token: missing or wrong is 403 CSRF_TOKEN_INVALID and changes nothing', async () => {
    const m = await makeStaff(t.ds, { name: 'Dash Moderator', roles: { default: 'moderator' } });
    const b = new Browser(t);
    await b.signIn(m.email);
    const id = await heldComment();

    const missing = await b.call('POST', `/moderation/comments/${id}/approve`, { csrf: null });
    expect([missing.status, missing.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const wrong = await b.call('POST', `/moderation/comments/${id}/approve`, { csrf: 'B'.repeat(43) });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const [before] = await t.ds.query(`SELECT status FROM comments WHERE id = $1`, [id]);
    expect(before.status).toBe('pending');

    const ok = await b.call('POST', `/moderation/comments/${id}/approve`);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');

    // The moderator acts as staff:<id>: a user row from the session, and the log names them.
    const [user] = await t.ds.query(`SELECT name, email, role FROM users WHERE id = $1`, [`staff:${m.id}`]);
    expect(user).toEqual({ name: 'Dash Moderator', email: m.email, role: 'moderator' });
    const [log] = await t.ds.query(`SELECT actor_id, action FROM moderation_log WHERE comment_id = $1`, [id]);
    expect(log).toEqual({ actor_id: `staff:${m.id}`, action: 'approve' });
  });

  it('reads need no CSRF token; a session of another member’s token does not pass', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const other = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const b = new Browser(t);
    const o = new Browser(t);
    await b.signIn(m.email);
    await o.signIn(other.email);
    const queue = await b.call('GET', '/moderation/queues/pending', { csrf: null });
    expect(queue.status).toBe(200);
    const id = await heldComment();
    const crossed = await b.call('POST', `/moderation/comments/${id}/approve`, { csrf: o.csrf });
    expect([crossed.status, crossed.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
  });

  it('the role is the session’s on the site: a moderator elsewhere only is no moderator here, an owner is admin', async () => {
    const elsewhere = await makeStaff(t.ds, { roles: { 'other-paper': 'admin' } });
    const owner = await makeStaff(t.ds, { owner: true });
    const e = new Browser(t);
    const o = new Browser(t);
    await e.signIn(elsewhere.email);
    await o.signIn(owner.email);
    const refused = await e.call('GET', '/moderation/queues/pending');
    expect([refused.status, refused.body.code]).toEqual([403, 'WRONG_ROLE']);
    expect((await o.call('GET', '/settings')).status).toBe(200);
    expect((await o.call('PATCH', '/settings', { body: { maxDepth: 2 } })).status).toBe(200);
    expect((await e.call('GET', '/settings')).status).toBe(403);
  });

  it('a bearer request is the publisher’s: no CSRF token needed, and a session cookie beside it is ignored', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const b = new Browser(t);
    await b.signIn(m.email);
    const id = await heldComment();
    const res = await b.call('POST', `/moderation/comments/${id}/approve`, { csrf: null, headers: { authorization: `Bearer ${adminToken}` } });
    expect(res.status).toBe(200);
    const [log] = await t.ds.query(`SELECT actor_id FROM moderation_log WHERE comment_id = $1`, [id]);
    expect(log.actor_id).toBe('admin-1');
  });

  it('an ended session is anonymous: a write is 401 AUTH_REQUIRED, a read is served', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const b = new Browser(t);
    await b.signIn(m.email);
    const token = b.cookie;
    await b.call('DELETE', '/staff/session');
    b.cookie = token;
    const id = await heldComment();
    const write = await b.call('POST', `/moderation/comments/${id}/approve`);
    expect([write.status, write.body.code]).toEqual([401, 'AUTH_REQUIRED']);
    expect((await b.call('GET', `/comments/${id}`)).status).toBeLessThan(500);
  });

  it('sign-in routes ignore a session the browser still holds: no CSRF token needed to sign in again', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const b = new Browser(t);
    await b.signIn(m.email);
    const again = await b.call('POST', '/staff/session', { body: { email: m.email, password: 'correct horse battery staple' }, csrf: null });
    expect(again.status).toBe(200);
  });
});
