/**
 * One-time links: invitations (accept creates or links the member, sets the password, grants the
 * role, signs in) and password resets (always 202 to ask; the link sets the password and ends
 * every session). Each link works once and not after it expires.
 */
import { startApp, TestApp } from '../support/app';
import { auditFor, Browser, email, makeStaff, PASSWORD } from './staff-helpers';

const NEW_PASSWORD = 'a brand new passphrase 42';

describe('invitations and password resets', () => {
  let t: TestApp;
  let admin: Browser;
  let adminId: string;

  beforeAll(async () => {
    t = await startApp();
    const a = await makeStaff(t.ds, { name: 'Site Admin', roles: { default: 'admin' } });
    adminId = a.id;
    admin = new Browser(t);
    await admin.signIn(a.email);
  });
  afterAll(() => t.close());

  const invite = async (address: string, role = 'moderator', siteId?: string) => {
    const res = await admin.call('POST', '/staff/invitations', { body: { email: address, role, ...(siteId ? { siteId } : {}) } });
    if (res.status !== 201) throw new Error(`invite answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  it('an admin invites: 201 with a one-time link path; accepting creates the member, signs in, and the password works after', async () => {
    const address = email('invitee');
    const inv = await invite(address);
    expect(inv).toMatchObject({ email: address, role: 'moderator', siteId: 'default' });
    expect(inv.path).toBe(`/moderate/accept#${inv.token}`);
    expect(new Date(inv.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const [row] = await t.ds.query(`SELECT id, kind, created_by FROM staff_tokens WHERE email = $1`, [address]);
    expect(row).toMatchObject({ kind: 'invite', created_by: adminId });
    expect(row.id).not.toBe(inv.token);

    const b = new Browser(t);
    const accepted = await b.call('POST', `/staff/invitations/${inv.token}/accept`, { body: { name: 'New Moderator', password: NEW_PASSWORD } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.staff).toMatchObject({ email: address, name: 'New Moderator', roles: [{ siteId: 'default', role: 'moderator' }] });
    expect(accepted.setCookie[0]).toMatch(/^parley_session=.*HttpOnly/);
    expect((await b.call('GET', '/staff/me')).status).toBe(200);

    const later = new Browser(t);
    await later.signIn(address, NEW_PASSWORD);
    expect((await auditFor(t.ds, address)).map((r) => r.action)).toEqual(['invite', 'invite_accepted', 'signin']);
    // The site's moderation log has the invitation (by its admin) and the member joining.
    const log = await t.ds.query(`SELECT action, actor_id, to_status, reason FROM moderation_log WHERE site_id = 'default' AND reason LIKE $1 ORDER BY id`, [
      `${address}%`,
    ]);
    expect(log).toEqual([
      { action: 'staff.invited', actor_id: `staff:${adminId}`, to_status: null, reason: `${address} as moderator` },
      { action: 'staff.joined', actor_id: `staff:${accepted.body.staff.id}`, to_status: 'moderator', reason: address },
    ]);
  });

  it('a used invitation is refused the second time (410 INVITATION_USED), an unknown one is 404', async () => {
    const inv = await invite(email('twice'));
    const first = await new Browser(t).call('POST', `/staff/invitations/${inv.token}/accept`, { body: { name: 'Once', password: NEW_PASSWORD } });
    expect(first.status).toBe(200);
    const second = await new Browser(t).call('POST', `/staff/invitations/${inv.token}/accept`, { body: { name: 'Twice', password: NEW_PASSWORD } });
    expect([second.status, second.body.code]).toEqual([410, 'INVITATION_USED']);
    expect(second.setCookie).toEqual([]);
    const unknown = await new Browser(t).call('POST', `/staff/invitations/${'x'.repeat(43)}/accept`, { body: { name: 'X', password: NEW_PASSWORD } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'INVITATION_NOT_FOUND']);
  });

  it('an expired invitation is refused (410 INVITATION_EXPIRED) and creates nothing', async () => {
    const address = email('late');
    const inv = await invite(address);
    await t.ds.query(`UPDATE staff_tokens SET expires_at = now() - interval '1 second' WHERE email = $1`, [address]);
    const res = await new Browser(t).call('POST', `/staff/invitations/${inv.token}/accept`, { body: { name: 'Late', password: NEW_PASSWORD } });
    expect([res.status, res.body.code]).toEqual([410, 'INVITATION_EXPIRED']);
    expect(await t.ds.query(`SELECT 1 FROM staff WHERE email = $1`, [address])).toEqual([]);
  });

  it('accepting applies the password policy and needs a name for a new account', async () => {
    const address = email('policy');
    const inv = await invite(address);
    const tryAccept = (body: object) => new Browser(t).call('POST', `/staff/invitations/${inv.token}/accept`, { body });
    expect((await tryAccept({ name: 'P', password: 'short' })).body.code).toBe('PASSWORD_TOO_SHORT');
    expect((await tryAccept({ name: 'P', password: 'x'.repeat(201) })).body.code).toBe('PASSWORD_TOO_LONG');
    expect((await tryAccept({ name: 'P', password: address.toUpperCase() })).body.code).toBe('PASSWORD_IS_EMAIL');
    expect((await tryAccept({ password: NEW_PASSWORD })).body.code).toBe('NAME_REQUIRED');
    expect((await tryAccept({ name: 'Pat', password: NEW_PASSWORD })).status).toBe(200);
  });

  it('an existing member accepts with their current password (not replaced) and gains the role on the other site', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const owner = await makeStaff(t.ds, { owner: true });
    const o = new Browser(t);
    await o.signIn(owner.email);
    await t.ds.query(`INSERT INTO sites (id, name) VALUES ('second-site', 'Second') ON CONFLICT DO NOTHING`);
    const inv = (await o.call('POST', '/staff/invitations', { body: { email: m.email, role: 'admin', siteId: 'second-site' } })).body;
    const wrong = await new Browser(t).call('POST', `/staff/invitations/${inv.token}/accept`, { body: { password: 'somebody else entirely' } });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'SIGNIN_FAILED']);
    const ok = await new Browser(t).call('POST', `/staff/invitations/${inv.token}/accept`, { body: { password: PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.body.staff.roles).toEqual([
      { siteId: 'default', role: 'moderator' },
      { siteId: 'second-site', role: 'admin' },
    ]);
  });

  it('inviting needs the admin role on the site, refuses an address already on it, and an unknown site', async () => {
    const mod = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const b = new Browser(t);
    await b.signIn(mod.email);
    const refused = await b.call('POST', '/staff/invitations', { body: { email: email(), role: 'moderator' } });
    expect([refused.status, refused.body.code]).toEqual([403, 'NOT_SITE_ADMIN']);
    const already = await admin.call('POST', '/staff/invitations', { body: { email: mod.email.toUpperCase(), role: 'admin' } });
    expect([already.status, already.body.code]).toEqual([409, 'ALREADY_STAFF']);
    const noSite = await admin.call('POST', '/staff/invitations', { body: { email: email(), role: 'admin', siteId: 'no-such-site' } });
    expect([noSite.status, noSite.body.code]).toEqual([404, 'SITE_NOT_FOUND']);
    const bad = await admin.call('POST', '/staff/invitations', { body: { email: 'not an address', role: 'owner' } });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('asking for a reset always answers 202; a link is made only for a member', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const unknown = email('ghost');
    const a = await new Browser(t).call('POST', '/staff/password-reset', { body: { email: m.email } });
    const b = await new Browser(t).call('POST', '/staff/password-reset', { body: { email: unknown } });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body).toEqual({ accepted: true });
    expect(b.body).toEqual(a.body);
    const links = await t.ds.query(`SELECT email FROM staff_tokens WHERE kind = 'reset' AND email IN ($1, $2)`, [m.email, unknown]);
    expect(links).toEqual([{ email: m.email }]);
    expect((await auditFor(t.ds, unknown)).map((r) => r.action)).toEqual(['password_reset_requested']);
  });

  it('a reset link sets the password and ends every session; the old password and the link then fail', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const laptop = new Browser(t);
    const phone = new Browser(t);
    await laptop.signIn(m.email);
    await phone.signIn(m.email);

    const link = await admin.call('POST', `/staff/${m.id}/password-reset-link`);
    expect(link.status).toBe(201);
    expect(link.body.path).toBe(`/moderate/reset#${link.body.token}`);

    // Whom the link is for, asked as often as the page likes: nothing is spent.
    for (let i = 0; i < 2; i++) {
      const peek = await new Browser(t).call('GET', `/staff/password-reset/${link.body.token}`);
      expect([peek.status, peek.body]).toEqual([200, { email: m.email, expiresAt: link.body.expiresAt }]);
    }
    const tooShort = await new Browser(t).call('POST', `/staff/password-reset/${link.body.token}`, { body: { password: 'short' } });
    expect(tooShort.body.code).toBe('PASSWORD_TOO_SHORT');
    const reset = await new Browser(t).call('POST', `/staff/password-reset/${link.body.token}`, { body: { password: NEW_PASSWORD } });
    expect(reset.status).toBe(204);

    expect((await laptop.call('GET', '/staff/me')).status).toBe(401);
    expect((await phone.call('GET', '/staff/me')).status).toBe(401);
    expect((await new Browser(t).call('POST', '/staff/session', { body: { email: m.email, password: PASSWORD } })).status).toBe(401);
    await new Browser(t).signIn(m.email, NEW_PASSWORD);

    const again = await new Browser(t).call('POST', `/staff/password-reset/${link.body.token}`, { body: { password: 'yet another passphrase' } });
    expect([again.status, again.body.code]).toEqual([410, 'RESET_LINK_USED']);
    const spent = await new Browser(t).call('GET', `/staff/password-reset/${link.body.token}`);
    expect([spent.status, spent.body.code]).toEqual([410, 'RESET_LINK_USED']);
  });

  it('asking whom a reset link is for: unknown, malformed, expired and disabled-account links are refused and nothing changes', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const link = (await admin.call('POST', `/staff/${m.id}/password-reset-link`)).body;
    const ask = (token: string) => new Browser(t).call('GET', `/staff/password-reset/${encodeURIComponent(token)}`);
    for (const token of ['x'.repeat(43), 'short', '<script>alert(1)</script>', link.token.slice(0, 42) + '\u202e']) {
      const res = await ask(token);
      expect([res.status, res.body.code]).toEqual([404, 'RESET_LINK_NOT_FOUND']);
    }
    await t.ds.query(`UPDATE staff SET disabled_at = now() WHERE id = $1`, [m.id]);
    expect((await ask(link.token)).body.code).toBe('RESET_LINK_INVALID');
    await t.ds.query(`UPDATE staff SET disabled_at = NULL WHERE id = $1`, [m.id]);
    await t.ds.query(`UPDATE staff_tokens SET expires_at = now() - interval '1 second' WHERE kind = 'reset' AND staff_id = $1`, [m.id]);
    expect((await ask(link.token)).body.code).toBe('RESET_LINK_EXPIRED');
    const [row] = await t.ds.query(`SELECT used_at FROM staff_tokens WHERE kind = 'reset' AND staff_id = $1`, [m.id]);
    expect(row.used_at).toBeNull();
  });

  it('an expired reset link is refused; a moderator cannot make reset links; nobody but an owner makes one for the owner', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const owner = await makeStaff(t.ds, { owner: true });
    const link = (await admin.call('POST', `/staff/${m.id}/password-reset-link`)).body;
    await t.ds.query(`UPDATE staff_tokens SET expires_at = now() - interval '1 second' WHERE kind = 'reset' AND staff_id = $1`, [m.id]);
    const late = await new Browser(t).call('POST', `/staff/password-reset/${link.token}`, { body: { password: NEW_PASSWORD } });
    expect([late.status, late.body.code]).toEqual([410, 'RESET_LINK_EXPIRED']);

    const b = new Browser(t);
    await b.signIn(m.email);
    expect((await b.call('POST', `/staff/${adminId}/password-reset-link`)).body.code).toBe('NOT_SITE_ADMIN');
    expect((await admin.call('POST', `/staff/${owner.id}/password-reset-link`)).body.code).toBe('NOT_SITE_ADMIN');
  });
});
