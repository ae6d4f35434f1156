import { MAX_MUTES } from '../../src/common/mute-contract';
import { MutesRepository } from '../../src/mutes/mutes.repository';
import type { TestApp } from '../support/app';
import { Actors, article, must, postComment, startAppWithActors, text } from '../support/factories';
import { createSite, signedInOwner } from '../sites/site-helpers';

/** A reader's mutes (GET/POST/DELETE /me/mutes): stored per site and reader, refused with clear 4xx. */
describe('mutes', () => {
  let t: TestApp;
  let a: Actors;
  const id = article('mutes');

  beforeAll(async () => {
    ({ t, a } = await startAppWithActors());
    // Readers become known to the site by writing (their row is upserted from the token).
    for (const u of ['u-ann', 'u-bob', 'u-cat']) await postComment(t, a.reader(u, u.slice(2)), id, text());
  });
  afterAll(() => t?.close());

  const mutes = (token: string, q = '') => t.api('GET', `/me/mutes${q}`, { token });
  const mute = (token: string, userId: unknown) => t.api('POST', '/me/mutes', { token, body: { userId } });
  const unmute = (token: string, userId: string, q = '') => t.api('DELETE', `/me/mutes/${encodeURIComponent(userId)}${q}`, { token });

  it('mutes, lists newest first, answers 200 for a repeat, unmutes; a reader who never wrote can mute too', async () => {
    const reader = a.reader('u-new', 'Newcomer');
    await expect(must(mutes(reader))).resolves.toEqual({ items: [], nextCursor: null });
    const first = await must(mute(reader, 'u-ann'), 201);
    expect(first).toEqual({ userId: 'u-ann', name: 'ann', mutedAt: expect.any(String) });
    await must(mute(reader, 'u-bob'), 201);
    const again = await must(mute(reader, 'u-ann'), 200);
    expect(again.mutedAt).toBe(first.mutedAt);
    const list = await must(mutes(reader));
    expect(list.items.map((m: { userId: string }) => m.userId)).toEqual(['u-bob', 'u-ann']);

    const p1 = await must(mutes(reader, '?limit=1'));
    expect(p1.items.map((m: { userId: string }) => m.userId)).toEqual(['u-bob']);
    const p2 = await must(mutes(reader, `?limit=1&cursor=${encodeURIComponent(p1.nextCursor)}`));
    expect(p2).toEqual({ items: [expect.objectContaining({ userId: 'u-ann' })], nextCursor: null });

    await must(unmute(reader, 'u-ann'), 204);
    await must(unmute(reader, 'u-ann'), 204);
    expect((await must(mutes(reader))).items.map((m: { userId: string }) => m.userId)).toEqual(['u-bob']);
  });

  it('refuses self, unknown readers, another site’s readers, bad bodies and cursors, and anonymous callers; nothing changes', async () => {
    const reader = a.reader('u-cat', 'cat');
    await expect(mute(reader, 'u-cat')).resolves.toMatchObject({ status: 400, body: { code: 'CANNOT_MUTE_SELF' } });
    await expect(mute(reader, 'u-nobody')).resolves.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
    await expect(unmute(reader, 'u-nobody')).resolves.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
    await expect(mute(reader, '')).resolves.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(mute(reader, 42)).resolves.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(mutes(reader, '?cursor=nonsense')).resolves.toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    await expect(t.api('POST', '/me/mutes', { body: { userId: 'u-ann' } })).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    await expect(t.api('GET', '/me/mutes')).resolves.toMatchObject({ status: 401 });
    await expect(mutes(reader, '?site=nowhere')).resolves.toMatchObject({ status: 404, body: { code: 'SITE_NOT_FOUND' } });
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM mutes WHERE user_id = 'u-cat'`);
    expect(n).toBe(0);
  });

  it(`keeps each site's mutes apart: site A's reader is unknown on site B, and B's list holds B's mutes only`, async () => {
    const b = await createSite(t, await signedInOwner(t), 'mutes-b');
    await b.api('POST', `/articles/${id}/comments`, { token: b.reader('u-ann'), body: { body: text() } });
    // u-bob is a reader of the default site only.
    await expect(b.api('POST', '/me/mutes', { token: b.reader('u-dan'), body: { userId: 'u-bob' } })).resolves.toMatchObject({
      status: 404,
      body: { code: 'USER_NOT_FOUND' },
    });
    await must(b.api('POST', '/me/mutes', { token: b.reader('u-dan'), body: { userId: 'u-ann' } }), 201);
    await must(mute(a.reader('u-dan', 'dan'), 'u-bob'), 201);
    const onB = await must(b.api('GET', '/me/mutes', { token: b.reader('u-dan') }));
    expect(onB.items.map((m: { userId: string }) => m.userId)).toEqual(['u-ann']);
    const onA = await must(mutes(a.reader('u-dan', 'dan')));
    expect(onA.items.map((m: { userId: string }) => m.userId)).toEqual(['u-bob']);
    // A default-site token is not a reader of site B.
    await expect(t.api('GET', '/me/mutes?site=mutes-b', { token: a.reader('u-dan', 'dan') })).resolves.toMatchObject({ status: 401 });
  });

  it(`refuses mute number ${MAX_MUTES + 1} with 409 TOO_MANY_MUTES, also when asked in parallel`, async () => {
    const reader = a.reader('u-busy', 'busy');
    await t.ds.query(`INSERT INTO users (site_id, id, name) SELECT 'default', 'u-many-' || g, 'many ' || g FROM generate_series(1, $1) g`, [MAX_MUTES + 5]);
    await must(mute(reader, 'u-many-1'), 201);
    await Promise.all(Array.from({ length: MAX_MUTES + 3 }, (_, i) => mute(reader, `u-many-${i + 2}`)));
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM mutes WHERE site_id = 'default' AND user_id = 'u-busy'`);
    expect(n).toBe(MAX_MUTES);
    await expect(mute(reader, `u-many-${MAX_MUTES + 5}`)).resolves.toMatchObject({ status: 409, body: { code: 'TOO_MANY_MUTES' } });
    // Muting someone muted already is not a new mute: still 200.
    await must(mute(reader, 'u-many-1'), 200);
    const all = await must(mutes(reader, '?limit=100'));
    expect(all.items).toHaveLength(MAX_MUTES);
    expect(all.nextCursor).toBeNull();
    await must(unmute(reader, 'u-many-1'), 204);
    await must(mute(reader, `u-many-${MAX_MUTES + 5}`), 201);
  });

  it('MutesRepository answers other features whether a reader muted an author', async () => {
    const reader = a.reader('u-eve', 'eve');
    await must(mute(reader, 'u-bob'), 201);
    const repo = t.app.get(MutesRepository);
    await expect(repo.mutedBy('default', 'u-eve', 'u-bob')).resolves.toBe(true);
    await expect(repo.mutedBy('default', 'u-eve', 'u-ann')).resolves.toBe(false);
    await expect(repo.mutedBy('other', 'u-eve', 'u-bob')).resolves.toBe(false);
    await expect(repo.whoMuted('default', 'u-bob', ['u-eve', 'u-ann', 'u-new'])).resolves.toEqual(new Set(['u-eve', 'u-new']));
    await expect(repo.whoMuted('default', 'u-bob', [])).resolves.toEqual(new Set());
  });
});
