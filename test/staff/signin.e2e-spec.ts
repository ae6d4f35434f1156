/**
 * Staff sign-in with a password: the session cookie and its attributes, the same refusal for an
 * unknown address and a wrong password, the audit trail, /staff/me with roles per site, sign-out
 * and sign-out everywhere.
 */
import { startApp, TestApp } from '../support/app';
import { auditFor, Browser, email, makeStaff, PASSWORD } from './staff-helpers';

describe('staff sign-in', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('signs in: 200 with who, roles and a CSRF token, and an HttpOnly SameSite=Strict cookie (no Secure in test)', async () => {
    const m = await makeStaff(t.ds, { name: 'Mo Staff', roles: { default: 'moderator' } });
    const b = new Browser(t);
    const res = await b.call('POST', '/staff/session', { body: { email: m.email.toUpperCase(), password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.staff).toEqual({
      id: m.id,
      email: m.email,
      name: 'Mo Staff',
      owner: false,
      totpEnabled: false,
      roles: [{ siteId: 'default', role: 'moderator' }],
    });
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6.9 * 24 * 3600 * 1000);

    expect(res.setCookie).toHaveLength(1);
    const attrs = res.setCookie[0].split(';').map((s) => s.trim());
    expect(attrs[0]).toMatch(/^parley_session=[A-Za-z0-9_-]{43}$/);
    expect(attrs).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(attrs.some((a) => /^Expires=/i.test(a))).toBe(true);
    expect(attrs.some((a) => /^Secure$/i.test(a))).toBe(false);

    // Only the token's hash is stored.
    const [row] = await t.ds.query(`SELECT id, ip FROM staff_sessions WHERE staff_id = $1`, [m.id]);
    expect(row.id).toMatch(/^[0-9a-f]{64}$/);
    expect(row.id).not.toContain(b.cookie);
    expect(row.ip).toBe('127.0.0.1');

    const me = await b.call('GET', '/staff/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(res.body);
    expect((await auditFor(t.ds, m.email)).map((r) => r.action)).toEqual(['signin']);
  });

  it('refuses an unknown address and a wrong password with the same 401 SIGNIN_FAILED, and audits both', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'admin' } });
    const unknown = email('nobody');
    const b = new Browser(t);
    const wrong = await b.call('POST', '/staff/session', { body: { email: m.email, password: 'not the password at all' } });
    const missing = await b.call('POST', '/staff/session', { body: { email: unknown, password: 'not the password at all' } });
    expect(wrong.status).toBe(401);
    expect(missing.status).toBe(401);
    expect(wrong.body).toEqual(missing.body);
    expect(wrong.body.code).toBe('SIGNIN_FAILED');
    expect(wrong.setCookie).toEqual([]);
    expect(b.cookie).toBeNull();

    const a = await auditFor(t.ds, m.email);
    expect(a).toEqual([{ action: 'signin_failed', detail: 'signin: wrong password', staff_id: m.id }]);
    expect(await auditFor(t.ds, unknown)).toEqual([{ action: 'signin_failed', detail: 'signin: unknown email', staff_id: null }]);
  });

  it('refuses a member with no password yet, and a disabled one, the same way', async () => {
    const invited = await makeStaff(t.ds, { password: null });
    const disabled = await makeStaff(t.ds);
    await t.ds.query(`UPDATE staff SET disabled_at = now() WHERE id = $1`, [disabled.id]);
    for (const [address, password] of [
      [invited.email, ''],
      [disabled.email, PASSWORD],
    ]) {
      const res = await new Browser(t).call('POST', '/staff/session', { body: { email: address, password } });
      expect([res.status, res.body.code]).toEqual([401, 'SIGNIN_FAILED']);
    }
  });

  it('GET /staff/me without a session, with a made-up cookie or with a bearer token is 401 STAFF_SESSION_REQUIRED', async () => {
    const b = new Browser(t);
    expect((await b.call('GET', '/staff/me')).body.code).toBe('STAFF_SESSION_REQUIRED');
    b.cookie = 'A'.repeat(43);
    const forged = await b.call('GET', '/staff/me');
    expect([forged.status, forged.body.code]).toEqual([401, 'STAFF_SESSION_REQUIRED']);
    const bearer = await t.api('GET', '/staff/me', { token: t.token({ sub: 'pub-admin', role: 'admin' }) });
    expect([bearer.status, bearer.body.code]).toEqual([401, 'STAFF_SESSION_REQUIRED']);
  });

  it('roles are per site: /staff/me lists each site with its role, and the owner is marked', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator', 'other-paper': 'admin' } });
    const owner = await makeStaff(t.ds, { owner: true });
    const b = new Browser(t);
    const me = await b.signIn(m.email);
    expect(me.staff.roles).toEqual([
      { siteId: 'default', role: 'moderator' },
      { siteId: 'other-paper', role: 'admin' },
    ]);
    const o = await new Browser(t).signIn(owner.email);
    expect(o.staff).toMatchObject({ owner: true, roles: [] });
  });

  it('signs out: the session ends (401 after) and the cookie is cleared; without a session sign-out still answers 204', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const b = new Browser(t);
    await b.signIn(m.email);
    const token = b.cookie;
    const out = await b.call('DELETE', '/staff/session');
    expect(out.status).toBe(204);
    expect(out.setCookie[0]).toMatch(/^parley_session=;.*Expires=Thu, 01 Jan 1970/);
    b.cookie = token; // a browser that kept it anyway
    expect((await b.call('GET', '/staff/me')).status).toBe(401);
    expect((await new Browser(t).call('DELETE', '/staff/session')).status).toBe(204);
    expect((await auditFor(t.ds, m.email)).map((r) => r.action)).toEqual(['signin', 'signout']);
  });

  it('signs out everywhere: both sessions of the member end, another member’s does not', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const other = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const laptop = new Browser(t);
    const phone = new Browser(t);
    const colleague = new Browser(t);
    await laptop.signIn(m.email);
    await phone.signIn(m.email);
    await colleague.signIn(other.email);
    expect((await phone.call('GET', '/staff/me')).status).toBe(200);

    const all = await laptop.call('DELETE', '/staff/sessions');
    expect(all.status).toBe(204);
    const phoneToken = phone.cookie;
    expect((await phone.call('GET', '/staff/me')).status).toBe(401);
    laptop.cookie = phoneToken; // the laptop's own, cleared, and the phone's: both dead
    expect((await laptop.call('GET', '/staff/me')).status).toBe(401);
    expect((await colleague.call('GET', '/staff/me')).status).toBe(200);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM staff_sessions WHERE staff_id = $1 AND revoked_at IS NULL`, [m.id]);
    expect(n).toBe(0);
    expect((await auditFor(t.ds, m.email)).map((r) => r.action)).toEqual(['signin', 'signin', 'signout_all']);
  });

  it('a session idle for 12 hours, or past its absolute end, is over', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const idle = new Browser(t);
    const old = new Browser(t);
    await idle.signIn(m.email);
    await old.signIn(m.email);
    const [a, b] = await t.ds.query(`SELECT id FROM staff_sessions WHERE staff_id = $1 ORDER BY created_at`, [m.id]);
    await t.ds.query(`UPDATE staff_sessions SET last_seen_at = now() - interval '12 hours 1 minute' WHERE id = $1`, [a.id]);
    await t.ds.query(`UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [b.id]);
    expect((await idle.call('GET', '/staff/me')).status).toBe(401);
    expect((await old.call('GET', '/staff/me')).status).toBe(401);
  });

  it('a disabled member’s live session ends at once', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const b = new Browser(t);
    await b.signIn(m.email);
    await t.ds.query(`UPDATE staff SET disabled_at = now() WHERE id = $1`, [m.id]);
    expect((await b.call('GET', '/staff/me')).status).toBe(401);
  });

  it('validates the body: 400 without a password', async () => {
    const res = await new Browser(t).call('POST', '/staff/session', { body: { email: 'x@example.com' } });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
