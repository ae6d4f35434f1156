/**
 * SSO: the publisher's signed token of a moderator or admin is exchanged once for a staff session,
 * linking or creating the member by email with that role on the default site.
 */
import jwt from 'jsonwebtoken';
import { startApp, TEST_SECRET, TestApp } from '../support/app';
import { auditFor, Browser, email, makeStaff } from './staff-helpers';

describe('SSO exchange', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const exchange = (token: string) => new Browser(t).call('POST', '/staff/sso', { body: { token } });

  it('creates the member from a moderator token and signs in; the same token a second time is 401 SSO_TOKEN_USED', async () => {
    const address = email('sso');
    const token = t.token({ sub: 'pub-77', name: 'Pub Moderator', email: address, role: 'moderator' });
    const b = new Browser(t);
    const first = await b.call('POST', '/staff/sso', { body: { token } });
    expect(first.status).toBe(200);
    expect(first.body.staff).toMatchObject({ email: address, name: 'Pub Moderator', owner: false, roles: [{ siteId: 'default', role: 'moderator' }] });
    expect(first.setCookie[0]).toMatch(/^parley_session=.*HttpOnly.*SameSite=Strict/);
    expect((await b.call('GET', '/staff/me')).status).toBe(200);

    const second = await exchange(token);
    expect([second.status, second.body.code]).toEqual([401, 'SSO_TOKEN_USED']);
    expect(second.setCookie).toEqual([]);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM staff WHERE lower(email) = lower($1)`, [address]);
    expect(n).toBe(1);
    const [{ sessions }] = await t.ds.query(`SELECT count(*)::int AS sessions FROM staff_sessions s JOIN staff st ON st.id = s.staff_id WHERE st.email = $1`, [
      address,
    ]);
    expect(sessions).toBe(1);
    expect(await auditFor(t.ds, address)).toEqual([expect.objectContaining({ action: 'signin', detail: 'sso' })]);
  });

  it('the same token sent twice at once is exchanged once', async () => {
    const token = t.token({ sub: 'pub-race', name: 'Racer', email: email('race'), role: 'admin' });
    const answers = await Promise.all([exchange(token), exchange(token), exchange(token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401]);
    // For a member who exists already, too (no account is being created to collide on).
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const theirs = t.token({ sub: 'pub-race-2', name: 'Racer', email: m.email, role: 'moderator' });
    const again = await Promise.all([exchange(theirs), exchange(theirs), exchange(theirs)]);
    expect(again.map((a) => [a.status, a.body.code ?? 'ok']).sort()).toEqual([
      [200, 'ok'],
      [401, 'SSO_TOKEN_USED'],
      [401, 'SSO_TOKEN_USED'],
    ]);
  });

  it('links an existing member by address (any case), raising the role but never lowering it', async () => {
    const m = await makeStaff(t.ds, { name: 'Kept Name', roles: { default: 'admin' } });
    const res = await exchange(t.token({ sub: 'pub-9', name: 'Other Name', email: m.email.toUpperCase(), role: 'moderator' }));
    expect(res.status).toBe(200);
    expect(res.body.staff).toMatchObject({ id: m.id, name: 'Kept Name', roles: [{ siteId: 'default', role: 'admin' }] });
    const mod = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const up = await exchange(t.token({ sub: 'pub-10', name: 'Up', email: mod.email, role: 'admin' }));
    expect(up.body.staff.roles).toEqual([{ siteId: 'default', role: 'admin' }]);
  });

  it('refuses a reader token, a token without email or exp, a bad signature, and a disabled member', async () => {
    const reader = await exchange(t.token({ sub: 'r', name: 'Reader', email: email(), role: 'reader' }));
    expect([reader.status, reader.body.code]).toEqual([403, 'SSO_NOT_STAFF']);
    const noEmail = await exchange(t.token({ sub: 'm', name: 'No Mail', role: 'moderator' }));
    expect([noEmail.status, noEmail.body.code]).toEqual([401, 'SSO_EMAIL_REQUIRED']);
    const noExp = await exchange(jwt.sign({ sub: 'm', name: 'Forever', role: 'moderator', email: email() }, TEST_SECRET, { algorithm: 'HS256' }));
    expect([noExp.status, noExp.body.code]).toEqual([401, 'TOKEN_INVALID']);
    const forged = await exchange(t.token({ sub: 'm', name: 'F', role: 'admin', email: email() }).slice(0, -2) + 'xx');
    expect([forged.status, forged.body.code]).toEqual([401, 'TOKEN_INVALID']);
    const expired = await exchange(t.token({ sub: 'm', name: 'Old', role: 'admin', email: email() }, { expiresIn: -10 }));
    expect([expired.status, expired.body.code]).toEqual([401, 'TOKEN_EXPIRED']);
    const off = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    await t.ds.query(`UPDATE staff SET disabled_at = now() WHERE id = $1`, [off.id]);
    const disabled = await exchange(t.token({ sub: 'd', name: 'D', role: 'moderator', email: off.email }));
    expect([disabled.status, disabled.body.code]).toEqual([403, 'STAFF_DISABLED']);
  });
});
