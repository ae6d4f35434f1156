import { TestApp } from '../support/app';
import { Actors, decide, post, startModerationApp, text } from './helpers';

/** Sanctions respect roles, and a sanctioned staff member loses moderation powers. */
describe('sanctions and roles', () => {
  let t: TestApp;
  let a: Actors;
  const ban = (token: string, userId: string) => t.api('POST', `/moderation/users/${userId}/ban`, { token, body: { reason: 'test' } });

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
    // A user row exists once its token has written something.
    for (const token of [a.admin, a.mod, a.mod2]) await post(t, token, 'sr-article', text());
    await post(t, a.reader('sr-reader'), 'sr-article', text());
  });
  afterAll(() => t.close());

  it.each([
    ['a moderator bans themselves', () => a.mod, 'mod-1'],
    ['a moderator bans another moderator', () => a.mod, 'mod-2'],
    ['a moderator bans an admin', () => a.mod, 'admin-1'],
    ['an admin bans themselves', () => a.admin, 'admin-1'],
  ])('%s: 403 SANCTION_NOT_ALLOWED, nothing changes', async (_label, token, target) => {
    const res = await ban(token(), target);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('SANCTION_NOT_ALLOWED');
    const panel = await t.api('GET', `/moderation/users/${target}`, { token: a.admin });
    expect(panel.body.user.status).toBe('active');
    expect(panel.body.log.filter((e: { action: string }) => e.action === 'user.ban')).toEqual([]);
  });

  it('a moderator bans a reader; an admin bans a moderator, who then cannot moderate', async () => {
    expect((await ban(a.mod, 'sr-reader')).status).toBe(200);
    expect((await ban(a.admin, 'mod-2')).status).toBe(200);
    const pending = await post(t, a.reader('sr-other'), 'sr-article', text(), {});
    for (const res of [
      await decide(t, a.mod2, pending.id, 'approve'),
      await t.api('POST', '/moderation/bulk', { token: a.mod2, body: { action: 'reject', ids: [pending.id] } }),
      await t.api('POST', '/moderation/users/sr-other/premod', { token: a.mod2, body: {} }),
      await t.api('PATCH', '/articles/sr-article', { token: a.mod2, body: { closed: true } }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('STAFF_SANCTIONED');
    }
    expect((await t.api('GET', '/articles/sr-article')).body.closed).toBe(false);
  });
});
