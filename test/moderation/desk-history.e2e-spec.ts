import type { TestApp } from '../support/app';
import { Actors, decide, must, patchSettings, post, startModerationApp, text, walk } from './helpers';

/**
 * GET /moderation/users/{userId}/history: a user's comments by status (their pages through the
 * search's authorId and status), reports made and received, sanctions with who and when, staff
 * notes; and the search's date range refused when it is empty.
 */
describe("a user's full history", () => {
  let t: TestApp;
  let a: Actors;
  const ids: Record<string, string[]> = { approved: [], pending: [], rejected: [], deleted: [] };

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
    const hal = a.reader('h-hal', 'Hal');
    for (let i = 0; i < 5; i++) ids.approved.push((await post(t, hal, 'h-art', text('published'))).id);
    await patchSettings(t, a.admin, { suspectWords: ['walrus'] });
    for (let i = 0; i < 3; i++) ids.pending.push((await post(t, hal, 'h-art', `walrus ${text()}`)).id);
    await patchSettings(t, a.admin, { suspectWords: [] });
    const rej = ids.approved.pop()!;
    await must(decide(t, a.mod, rej, 'reject', { reason: 'rude' }));
    ids.rejected.push(rej);
    const del = ids.approved.pop()!;
    await must(t.api('DELETE', `/comments/${del}`, { token: hal }), 204);
    ids.deleted.push(del);
    // Hal reports Rita's comment; Rita and Sam report Hal's.
    const rita = await post(t, a.reader('h-rita', 'Rita'), 'h-art', text('rita says'));
    await must(t.api('POST', `/comments/${rita.id}/reports`, { token: hal, body: { reason: 'abuse', note: 'she is rude to me' } }), 202);
    await must(t.api('POST', `/comments/${ids.approved[0]}/reports`, { token: a.reader('h-rita', 'Rita'), body: { reason: 'spam' } }), 202);
    await must(t.api('POST', `/comments/${ids.approved[1]}/reports`, { token: a.reader('h-sam', 'Sam'), body: { reason: 'spam', note: 'ads' } }), 202);
    await must(t.api('POST', `/comments/${ids.approved[1]}/reports`, { token: a.reader('h-rita', 'Rita'), body: { reason: 'off_topic' } }), 202);
    // Sanctions by two moderators, and notes.
    await must(t.api('POST', '/moderation/users/h-hal/premod', { token: a.mod, body: {} }));
    await must(
      t.api('POST', '/moderation/users/h-hal/suspend', { token: a.mod2, body: { until: new Date(Date.now() + 86_400_000).toISOString(), reason: 'cool off' } }),
    );
    await must(t.api('POST', '/moderation/users/h-hal/unban', { token: a.admin, body: {} }));
    await must(t.api('POST', '/moderation/users/h-hal/notes', { token: a.mod, body: { body: 'Talked to him by email' } }), 201);
  });
  afterAll(() => t.close());

  it('counts comments by status, lists sanctions with who and when, reports both ways and notes', async () => {
    const h = await must(t.api('GET', '/moderation/users/h-hal/history', { token: a.mod }));
    expect(h.user).toMatchObject({ id: 'h-hal', name: 'Hal', status: 'active', premod: true });
    expect(h.comments).toEqual({ approved: 3, pending: 3, rejected: 1, deleted: 1 });
    const [row] = await t.ds.query(
      `SELECT count(*) FILTER (WHERE status = 'approved')::int AS approved, count(*) FILTER (WHERE status = 'pending')::int AS pending FROM comments WHERE author_id = 'h-hal'`,
    );
    expect(row).toEqual({ approved: 3, pending: 3 });
    expect(h.sanctions.map((s: any) => [s.action, s.actorName, s.reason])).toEqual([
      ['user.unban', 'Ada Admin', null],
      ['user.suspend', 'Mia Moderator', 'cool off'],
      ['user.premod', 'Mo Moderator', null],
    ]);
    expect(h.sanctions[1]).toMatchObject({
      actorId: 'mod-2',
      fromStatus: expect.any(String),
      toStatus: expect.stringContaining('suspended'),
      at: expect.any(String),
    });
    expect(h.reportsMade.total).toBe(1);
    expect(h.reportsMade.items).toEqual([
      expect.objectContaining({
        reason: 'abuse',
        note: 'she is rude to me',
        otherId: 'h-rita',
        otherName: 'Rita',
        commentStatus: 'approved',
        resolvedAt: null,
      }),
    ]);
    expect(h.reportsMade.items[0].commentExcerpt).toContain('rita says');
    expect(h.reportsReceived.total).toBe(3);
    expect(h.reportsReceived.byReason).toEqual({ spam: 2, abuse: 0, off_topic: 1, other: 0 });
    expect(h.reportsReceived.items.map((r: any) => [r.otherName, r.reason, r.note])).toEqual([
      ['Rita', 'off_topic', null],
      ['Sam', 'spam', 'ads'],
      ['Rita', 'spam', null],
    ]);
    expect(h.notes.map((n: any) => [n.authorName, n.body])).toEqual([['Mo Moderator', 'Talked to him by email']]);
    // Rita's side: the report she received from Hal, the two she made.
    const r = await must(t.api('GET', '/moderation/users/h-rita/history', { token: a.admin }));
    expect([r.reportsMade.total, r.reportsReceived.total]).toEqual([2, 1]);
    expect(r.reportsReceived.items[0]).toMatchObject({ otherId: 'h-hal', otherName: 'Hal', reason: 'abuse' });
  });

  it("pages the user's comments by status through the search, newest first", async () => {
    for (const status of ['approved', 'pending', 'rejected', 'deleted']) {
      const { items, pages } = await walk(t, a.mod, `/moderation/search?authorId=h-hal&status=${status}`, 2);
      expect({ status, ids: items.map((i) => i.id) }).toEqual({ status, ids: [...ids[status]].reverse() });
      expect(pages.every((n) => n <= 2)).toBe(true);
    }
  });

  it('refuses unknown users, readers, and an empty date range', async () => {
    expect((await t.api('GET', '/moderation/users/nobody-at-all/history', { token: a.mod })).status).toBe(404);
    expect((await t.api('GET', '/moderation/users/h-hal/history', { token: a.reader('h-rita') })).status).toBe(403);
    const now = Date.now();
    const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    for (const q of [`from=${iso(now)}&to=${iso(now)}`, `from=${iso(now)}&to=${iso(now - 60_000)}`]) {
      const res = await t.api('GET', `/moderation/search?authorId=h-hal&${q}`, { token: a.mod });
      expect({ q, status: res.status, code: res.body.code }).toEqual({ q, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(
      (await must(t.api('GET', `/moderation/search?authorId=h-hal&from=${iso(now - 3_600_000)}&to=${iso(now + 60_000)}`, { token: a.mod }))).items,
    ).toHaveLength(8);
  });
});
