/**
 * Staff management: the site's list, role changes and their guardrails (nobody changes their own
 * role, the owner's is fixed, a site keeps an admin even under concurrent demotions), audited.
 */
import { startApp, TestApp } from '../support/app';
import { Browser, makeStaff } from './staff-helpers';

describe('staff roles', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const signedIn = async (address: string) => {
    const b = new Browser(t);
    await b.signIn(address);
    return b;
  };

  it('lists the site’s staff and the owners for its admins; a moderator may not', async () => {
    const site = 'list-site';
    const admin = await makeStaff(t.ds, { name: 'A Admin', roles: { [site]: 'admin' } });
    const mod = await makeStaff(t.ds, { name: 'B Mod', roles: { [site]: 'moderator' } });
    const invited = await makeStaff(t.ds, { name: 'C Invited', password: null, roles: { [site]: 'moderator' } });
    await makeStaff(t.ds, { name: 'D Elsewhere', roles: { 'not-this-one': 'admin' } });
    const owner = await makeStaff(t.ds, { name: 'E Owner', owner: true });
    const a = await signedIn(admin.email);
    const res = await a.call('GET', `/staff?siteId=${site}`);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const mine = res.body.items.filter((i: any) => [admin.id, mod.id, invited.id, owner.id].includes(i.id));
    expect(mine.map((i: any) => [i.name, i.role, i.owner, i.hasPassword])).toEqual([
      ['A Admin', 'admin', false, true],
      ['B Mod', 'moderator', false, true],
      ['C Invited', 'moderator', false, false],
      ['E Owner', 'admin', true, true],
    ]);
    expect(res.body.items.some((i: any) => i.name === 'D Elsewhere')).toBe(false);
    const m = await signedIn(mod.email);
    expect((await m.call('GET', `/staff?siteId=${site}`)).body.code).toBe('NOT_SITE_ADMIN');
    expect((await a.call('GET', `/staff?siteId=no-such`)).body.code).toBe('SITE_NOT_FOUND');
  });

  it('an admin promotes, demotes and removes on their site; each change is audited; /staff/me shows it', async () => {
    const site = 'change-site';
    const admin = await makeStaff(t.ds, { roles: { [site]: 'admin' } });
    const mod = await makeStaff(t.ds, { roles: { [site]: 'moderator', default: 'moderator' } });
    const a = await signedIn(admin.email);
    const m = await signedIn(mod.email);

    const up = await a.call('PATCH', `/staff/${mod.id}/roles`, { body: { siteId: site, role: 'admin' } });
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ id: mod.id, siteId: site, role: 'admin' });
    expect((await m.call('GET', '/staff/me')).body.staff.roles).toEqual([
      { siteId: 'change-site', role: 'admin' },
      { siteId: 'default', role: 'moderator' },
    ]);
    expect((await a.call('PATCH', `/staff/${mod.id}/roles`, { body: { siteId: site, role: 'moderator' } })).status).toBe(200);
    const removed = await a.call('PATCH', `/staff/${mod.id}/roles`, { body: { siteId: site, role: null } });
    expect(removed.body).toEqual({ id: mod.id, siteId: site, role: null });
    expect((await m.call('GET', '/staff/me')).body.staff.roles).toEqual([{ siteId: 'default', role: 'moderator' }]);

    // Not an admin of the default site: no say there.
    const elsewhere = await a.call('PATCH', `/staff/${mod.id}/roles`, { body: { role: 'admin' } });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([403, 'NOT_SITE_ADMIN']);

    const trail = await t.ds.query(`SELECT action, staff_id, site_id, detail FROM staff_audit WHERE email = $1 ORDER BY id`, [mod.email]);
    expect(trail.filter((r: any) => r.action !== 'signin')).toEqual([
      { action: 'role_changed', staff_id: admin.id, site_id: site, detail: `${mod.id}: moderator -> admin` },
      { action: 'role_changed', staff_id: admin.id, site_id: site, detail: `${mod.id}: admin -> moderator` },
      { action: 'removed', staff_id: admin.id, site_id: site, detail: `${mod.id}: moderator -> none` },
    ]);
    // And in the site's moderation log, where its admins read every change: who, whom, from and to.
    const log = await t.ds.query(
      `SELECT action, actor_id, user_id, from_status, to_status, reason FROM moderation_log WHERE site_id = $1 AND user_id = $2 ORDER BY id`,
      [site, `staff:${mod.id}`],
    );
    const who = { actor_id: `staff:${admin.id}`, user_id: `staff:${mod.id}`, reason: mod.email };
    expect(log).toEqual([
      { action: 'staff.role_changed', ...who, from_status: 'moderator', to_status: 'admin' },
      { action: 'staff.role_changed', ...who, from_status: 'admin', to_status: 'moderator' },
      { action: 'staff.removed', ...who, from_status: 'moderator', to_status: 'none' },
    ]);
    expect(await t.ds.query(`SELECT 1 FROM moderation_log WHERE site_id <> $1 AND user_id = $2`, [site, `staff:${mod.id}`])).toEqual([]);
  });

  it('nobody changes their own role, the owner’s role is fixed, a moderator changes nothing', async () => {
    const site = 'guard-site';
    const admin = await makeStaff(t.ds, { roles: { [site]: 'admin' } });
    const mod = await makeStaff(t.ds, { roles: { [site]: 'moderator' } });
    const owner = await makeStaff(t.ds, { owner: true });
    const a = await signedIn(admin.email);
    const m = await signedIn(mod.email);
    const o = await signedIn(owner.email);

    const self = await a.call('PATCH', `/staff/${admin.id}/roles`, { body: { siteId: site, role: 'moderator' } });
    expect([self.status, self.body.code]).toEqual([403, 'OWN_ROLE']);
    const selfRemove = await a.call('PATCH', `/staff/${admin.id}/roles`, { body: { siteId: site, role: null } });
    expect(selfRemove.body.code).toBe('OWN_ROLE');
    const onOwner = await a.call('PATCH', `/staff/${owner.id}/roles`, { body: { siteId: site, role: 'moderator' } });
    expect([onOwner.status, onOwner.body.code]).toEqual([403, 'OWNER_ROLE_FIXED']);
    const ownerSelf = await o.call('PATCH', `/staff/${owner.id}/roles`, { body: { siteId: site, role: null } });
    expect(ownerSelf.body.code).toBe('OWN_ROLE');
    const byMod = await m.call('PATCH', `/staff/${admin.id}/roles`, { body: { siteId: site, role: null } });
    expect([byMod.status, byMod.body.code]).toEqual([403, 'NOT_SITE_ADMIN']);
    const unknown = await a.call('PATCH', `/staff/00000000-0000-4000-8000-000000000000/roles`, { body: { siteId: site, role: 'admin' } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'STAFF_NOT_FOUND']);
    const noRole = await a.call('PATCH', `/staff/${mod.id}/roles`, { body: { siteId: site } });
    expect([noRole.status, noRole.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    // The owner administers every site: they may change the admin.
    expect((await o.call('PATCH', `/staff/${admin.id}/roles`, { body: { siteId: site, role: 'moderator' } })).status).toBe(200);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM site_staff WHERE site_id = $1 AND staff_id = $2 AND role = 'admin'`, [site, admin.id]);
    expect(n).toBe(0);
  });

  it('two admins demoting each other at once: one wins, the site keeps an admin, the loser is refused', async () => {
    for (let round = 0; round < 5; round++) {
      const site = `race-${round}`;
      const x = await makeStaff(t.ds, { roles: { [site]: 'admin' } });
      const y = await makeStaff(t.ds, { roles: { [site]: 'admin' } });
      const bx = await signedIn(x.email);
      const by = await signedIn(y.email);
      const [rx, ry] = await Promise.all([
        bx.call('PATCH', `/staff/${y.id}/roles`, { body: { siteId: site, role: null } }),
        by.call('PATCH', `/staff/${x.id}/roles`, { body: { siteId: site, role: null } }),
      ]);
      expect([rx.status, ry.status].sort()).toEqual([200, 403]);
      expect([rx.body.code, ry.body.code]).toContain('NOT_SITE_ADMIN');
      const admins = await t.ds.query(`SELECT staff_id FROM site_staff WHERE site_id = $1 AND role = 'admin'`, [site]);
      expect(admins).toHaveLength(1);
    }
  });

  it('a role change needs the session’s CSRF token', async () => {
    const site = 'csrf-site';
    const admin = await makeStaff(t.ds, { roles: { [site]: 'admin' } });
    const mod = await makeStaff(t.ds, { roles: { [site]: 'moderator' } });
    const a = await signedIn(admin.email);
    const res = await a.call('PATCH', `/staff/${mod.id}/roles`, { body: { siteId: site, role: 'admin' }, csrf: null });
    expect([res.status, res.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
  });
});
