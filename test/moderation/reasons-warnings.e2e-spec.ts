import type { TestApp } from '../support/app';
import { article } from '../support/factories';
import { join, SocketPool } from '../live/live-helpers';
import { createSite, signedInOwner } from '../sites/site-helpers';
import { FAST_JOBS, eventually, settled } from '../notifications/notify-helpers';
import { Actors, decide, expectCounts, logFor, must, patchSettings, post, startModerationApp, text } from './helpers';

jest.setTimeout(60_000);

/**
 * Issue 13 for the moderator's desk: per-site reject reasons, the reason reaching the author (live,
 * stored notification, log), warnings a reader must acknowledge before posting again, and a ban
 * that also rejects the user's published comments.
 */
describe('reject reasons, warnings and bans that reject published comments', () => {
  let t: TestApp;
  let a: Actors;
  const pool = new SocketPool();

  beforeAll(async () => {
    ({ t, a } = await startModerationApp(FAST_JOBS));
  });
  afterAll(async () => {
    pool.closeAll();
    await t.close();
  });

  describe('per-site reject reasons', () => {
    it('has a default list, an admin replaces it, and every moderator of the site reads it', async () => {
      const before = await must(t.api('GET', '/moderation/reasons', { token: a.mod }));
      expect(before.rejectReasons).toEqual(['Spam or advertising', 'Abuse or insults', 'Off topic', 'Personal information', 'Misinformation']);
      const s = await patchSettings(t, a.admin, { rejectReasons: ['  Spam  ', 'Personal attack', 'Off topic'] });
      expect(s.rejectReasons).toEqual(['  Spam  ', 'Personal attack', 'Off topic']);
      expect((await must(t.api('GET', '/settings', { token: a.admin }))).rejectReasons).toEqual(s.rejectReasons);
      for (const token of [a.mod, a.mod2, a.admin]) {
        expect(await must(t.api('GET', '/moderation/reasons', { token }))).toEqual({ rejectReasons: ['  Spam  ', 'Personal attack', 'Off topic'] });
      }
      expect((await t.api('GET', '/moderation/reasons', { token: a.reader('curious') })).status).toBe(403);
      const log = await logFor(t, a.admin, 'action=settings.changed');
      expect(log[0].reason).toBe('rejectReasons: 2 added, 4 removed');
    });

    it('refuses a bad list and keeps the one stored', async () => {
      const stored = (await must(t.api('GET', '/settings', { token: a.admin }))).rejectReasons;
      for (const rejectReasons of ['Spam', null, ['ok', '   '], ['x'.repeat(201)], [7], Array.from({ length: 51 }, (_, i) => `reason ${i}`)]) {
        const res = await t.api('PATCH', '/settings', { token: a.admin, body: { rejectReasons } });
        expect({ rejectReasons, status: res.status, code: res.body.code }).toEqual({ rejectReasons, status: 400, code: 'VALIDATION_FAILED' });
      }
      expect((await t.api('PATCH', '/settings', { token: a.mod, body: { rejectReasons: ['x'] } })).status).toBe(403);
      expect((await must(t.api('GET', '/settings', { token: a.admin }))).rejectReasons).toEqual(stored);
    });
  });

  describe('the reason reaches the author', () => {
    it('live in comment.status, in their stored notification, and in the log; single and bulk', async () => {
      const art = article('reasons');
      const author = a.reader('reason-author', 'Rhea');
      const other = a.reader('reason-other', 'Otto');
      const one = await post(t, author, art, text('rejected alone'));
      const two = await post(t, author, art, text('rejected in bulk'));
      const three = await post(t, other, art, text('rejected in bulk too'));
      const plain = await post(t, author, art, text('rejected without a reason'));
      const { inbox } = await pool.connect(t.url, { token: author, label: 'author' });
      const { inbox: otherInbox } = await pool.connect(t.url, { token: other, label: 'other' });

      await must(decide(t, a.mod, one.id, 'reject', { reason: 'Personal attack' }));
      expect(await inbox.waitFor('comment.status', (e) => e.id === one.id)).toEqual({
        id: one.id,
        articleId: art,
        status: 'rejected',
        reason: 'Personal attack',
      });

      const bulk = await must(t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'reject', ids: [two.id, three.id], reason: 'Spam' } }));
      expect(bulk.results.map((r: any) => r.ok)).toEqual([true, true]);
      expect(await inbox.waitFor('comment.status', (e) => e.id === two.id)).toEqual({ id: two.id, articleId: art, status: 'rejected', reason: 'Spam' });
      expect(await otherInbox.waitFor('comment.status', (e) => e.id === three.id)).toEqual({
        id: three.id,
        articleId: art,
        status: 'rejected',
        reason: 'Spam',
      });

      // No reason given: the event is as it was, with no reason field.
      await must(decide(t, a.mod, plain.id, 'reject', {}));
      expect(await inbox.waitFor('comment.status', (e) => e.id === plain.id)).toEqual({ id: plain.id, articleId: art, status: 'rejected' });

      await settled(t);
      const mine = await must(t.api('GET', '/notifications', { token: author }));
      const byComment = new Map(mine.items.filter((n: any) => n.kind === 'rejected').map((n: any) => [n.commentId, n.reason]));
      expect(Object.fromEntries(byComment)).toEqual({ [one.id]: 'Personal attack', [two.id]: 'Spam', [plain.id]: null });
      const theirs = await must(t.api('GET', '/notifications', { token: other }));
      expect(theirs.items.map((n: any) => [n.kind, n.commentId, n.reason])).toEqual([['rejected', three.id, 'Spam']]);

      const log = await logFor(t, a.mod, `articleId=${art}&action=reject`);
      expect(Object.fromEntries(log.map((l: any) => [l.commentId, l.reason]))).toEqual({
        [one.id]: 'Personal attack',
        [two.id]: 'Spam',
        [three.id]: 'Spam',
        [plain.id]: null,
      });
    });
  });

  describe('warnings', () => {
    const warn = (token: string, userId: string, body: unknown) => t.api('POST', `/moderation/users/${userId}/warn`, { token, body });

    it('blocks posting and editing until the reader acknowledges, shows in GET /me and the user panel, and is logged', async () => {
      const art = article('warned');
      const reader = a.reader('warned-reader', 'Wanda');
      const earlier = await post(t, reader, art, text('before the warning'));
      const me0 = await must(t.api('GET', '/me', { token: reader }));
      expect(me0).toMatchObject({ canPost: true, warning: null });

      const { inbox } = await pool.connect(t.url, { token: reader, label: 'warned reader' });
      const w = await must(warn(a.mod, 'warned-reader', { message: '  Please keep it civil.  ' }), 201);
      // Live to the reader's own sockets.
      expect(await inbox.waitFor('user.warning', (e) => e.warning.id === w.id)).toEqual({ warning: w });
      expect(w).toEqual({
        id: expect.any(String),
        message: 'Please keep it civil.',
        from: 'Mo Moderator',
        createdAt: expect.any(String),
        acknowledgedAt: null,
      });

      const me1 = await must(t.api('GET', '/me', { token: reader }));
      expect(me1).toMatchObject({ status: 'active', canPost: false, warning: { id: w.id, message: 'Please keep it civil.', from: 'Mo Moderator' } });

      const rows = async () => Number((await t.ds.query(`SELECT count(*) FROM comments WHERE author_id = 'warned-reader'`))[0].count);
      const before = await rows();
      const refused = await t.api('POST', `/articles/${art}/comments`, { token: reader, body: { body: text('while warned') } });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('WARNING_UNACKNOWLEDGED');
      const edit = await t.api('PATCH', `/comments/${earlier.id}`, { token: reader, body: { body: text('edited while warned') } });
      expect([edit.status, edit.body.code]).toEqual([403, 'WARNING_UNACKNOWLEDGED']);
      expect(await rows()).toBe(before);
      // Reading, liking and reporting stay open.
      expect((await t.api('GET', `/articles/${art}/comments`, { token: reader })).status).toBe(200);

      const panel = await must(t.api('GET', '/moderation/users/warned-reader', { token: a.mod2 }));
      expect(panel.warnings).toEqual([{ ...w, acknowledgedAt: null }]);

      // Someone else's acknowledgement changes nothing for this reader.
      expect((await must(t.api('POST', '/me/warning/ack', { token: a.reader('bystander') }))).acknowledged).toEqual([]);
      expect((await t.api('POST', `/articles/${art}/comments`, { token: reader, body: { body: text('still warned') } })).status).toBe(403);

      const ack = await must(t.api('POST', '/me/warning/ack', { token: reader }));
      expect(ack.acknowledged).toEqual([{ ...w, acknowledgedAt: expect.any(String) }]);
      expect(await must(t.api('GET', '/me', { token: reader }))).toMatchObject({ canPost: true, warning: null });
      expect((await t.api('POST', `/articles/${art}/comments`, { token: reader, body: { body: text('after acknowledging') } })).status).toBe(201);
      // Acknowledging again is harmless.
      expect((await must(t.api('POST', '/me/warning/ack', { token: reader }))).acknowledged).toEqual([]);

      const log = await logFor(t, a.mod, 'userId=warned-reader');
      expect(log.map((l: any) => [l.action, l.actorId, l.reason])).toEqual([
        ['user.warning_acknowledged', 'warned-reader', 'Please keep it civil.'],
        ['user.warn', 'mod-1', 'Please keep it civil.'],
      ]);
    });

    it('refuses bad input, unknown users, readers and warnings up the ranks, storing nothing', async () => {
      await post(t, a.reader('warn-target'), article('warn-bad'), text());
      await post(t, a.admin, article('warn-bad'), text());
      const count = async () => Number((await t.ds.query(`SELECT count(*) FROM user_warnings`))[0].count);
      const before = await count();
      for (const body of [{ message: '   ' }, { message: 'x'.repeat(1001) }, {}, { message: 5 }, { message: 'ok', extra: 1 }]) {
        const res = await warn(a.mod, 'warn-target', body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      expect((await warn(a.mod, 'nobody-at-all', { message: 'hello' })).status).toBe(404);
      expect((await warn(a.reader('warn-reader'), 'warn-target', { message: 'hello' })).status).toBe(403);
      const up = await warn(a.mod, 'admin-1', { message: 'hello' });
      expect([up.status, up.body.code]).toEqual([403, 'SANCTION_NOT_ALLOWED']);
      expect(await count()).toBe(before);
    });
  });

  describe('each site its own', () => {
    it('a warning and the reasons of one site change nothing on another', async () => {
      const owner = await signedInOwner(t);
      const other = await createSite(t, owner, 'warn-elsewhere');
      await must(other.api('PATCH', '/settings', { token: other.admin(), body: { rejectReasons: ['Elsewhere only'] } }));
      expect((await must(other.api('GET', '/moderation/reasons', { token: other.mod() }))).rejectReasons).toEqual(['Elsewhere only']);
      expect((await must(t.api('GET', '/moderation/reasons', { token: a.mod }))).rejectReasons).not.toContain('Elsewhere only');

      const here = a.reader('two-sites');
      const there = other.reader('two-sites');
      await post(t, here, article('two-sites'), text());
      await must(other.api('POST', `/articles/two-sites/comments`, { token: there, body: { body: text() } }), 201);
      await must(t.api('POST', '/moderation/users/two-sites/warn', { token: a.mod, body: { message: 'Only on the default site' } }), 201);

      expect(await must(other.api('GET', '/me', { token: there }))).toMatchObject({ canPost: true, warning: null });
      expect((await other.api('POST', `/articles/two-sites/comments`, { token: there, body: { body: text() } })).status).toBe(201);
      expect((await must(other.api('GET', '/moderation/users/two-sites', { token: other.mod() }))).warnings).toEqual([]);
      // Acknowledging on the other site leaves this site's warning open.
      expect((await must(other.api('POST', '/me/warning/ack', { token: there }))).acknowledged).toEqual([]);
      expect((await t.api('POST', `/articles/two-sites/comments`, { token: here, body: { body: text() } })).status).toBe(403);
      // A moderator of the other site cannot reach this site's users.
      await post(t, a.reader('only-here'), article('two-sites'), text());
      expect((await other.api('POST', '/moderation/users/only-here/warn', { token: other.mod(), body: { message: 'x' } })).status).toBe(404);
    });
  });

  describe('a ban that rejects published comments', () => {
    it('rejects exactly the published ones (or both kinds), with counts, live removal and log in step', async () => {
      await patchSettings(t, a.admin, { premoderation: 'none' });
      const art = article('ban-published');
      const troll = a.reader('troll-1', 'Trent');
      const bystander = a.reader('bystander-1', 'Bea');
      const published = [
        await post(t, troll, art, text('troll one')),
        await post(t, troll, art, text('troll two')),
        await post(t, troll, art, text('troll three')),
      ];
      await must(decide(t, a.mod, published[1].id, 'approve'));
      await must(decide(t, a.mod, published[1].id, 'feature'));
      await must(t.api('POST', `/comments/${published[2].id}/reports`, { token: bystander, body: { reason: 'abuse' } }), 202);
      const keep = await post(t, bystander, art, text('bystander stays'));
      await patchSettings(t, a.admin, { premoderation: 'all' });
      const held = [await post(t, troll, art, text('troll held one')), await post(t, troll, art, text('troll held two'))];
      expect(held.map((c) => c.status)).toEqual(['pending', 'pending']);
      await patchSettings(t, a.admin, { premoderation: 'none' });

      const reader = await pool.connect(t.url, { label: 'room' });
      expect((await join(reader.socket, art)).ok).toBe(true);
      await expectCounts(t, a.mod, art, { pending: 2, reported: 1, unmoderated: 3 });

      const res = await must(t.api('POST', '/moderation/users/troll-1/ban', { token: a.mod, body: { reason: 'trolling', rejectPublished: true } }));
      expect(res).toMatchObject({ user: { status: 'banned', approved: 0, rejected: 3 }, rejectedComments: 3, rejectedPending: 0, rejectedPublished: 3 });

      for (const c of published) await reader.inbox.waitFor('comment.removed', (e) => e.id === c.id, c.id);
      expect((await reader.inbox.waitFor('article.count', (e) => e.total === 1)).total).toBe(1);
      const page = await must(t.api('GET', `/articles/${art}/comments`));
      expect(page.items.map((c: any) => c.id)).toEqual([keep.id]);
      expect(page.total).toBe(1);
      await expectCounts(t, a.mod, art, { pending: 2, reported: 0, unmoderated: 1 });
      const states = await t.ds.query(`SELECT id, status, featured FROM comments WHERE author_id = 'troll-1' ORDER BY id`);
      expect(states.map((r: any) => [r.id, r.status, r.featured])).toEqual([
        [published[0].id, 'rejected', false],
        [published[1].id, 'rejected', false],
        [published[2].id, 'rejected', false],
        [held[0].id, 'pending', false],
        [held[1].id, 'pending', false],
      ]);
      const log = await logFor(t, a.mod, 'userId=troll-1&action=reject');
      expect(log.map((l: any) => [l.commentId, l.reason]).sort()).toEqual(published.map((c) => [c.id, 'user banned: trolling']).sort());
      expect((await logFor(t, a.mod, 'userId=troll-1&action=user.ban')).length).toBe(1);
      // The recount finds nothing to repair: the ledger kept every counter in step.
      expect(await must(t.api('POST', '/moderation/recount', { token: a.admin }))).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });

      // Lifted and banned again with both options: the held ones go too; nothing is rejected twice.
      await must(t.api('POST', '/moderation/users/troll-1/unban', { token: a.mod, body: {} }));
      const again = await must(
        t.api('POST', '/moderation/users/troll-1/ban', { token: a.mod, body: { reason: 'still trolling', rejectPending: true, rejectPublished: true } }),
      );
      expect(again).toMatchObject({ rejectedComments: 2, rejectedPending: 2, rejectedPublished: 0, user: { rejected: 5 } });
      await expectCounts(t, a.mod, art, { pending: 0, reported: 0, unmoderated: 1 });
      expect((await logFor(t, a.mod, 'userId=troll-1&action=reject')).length).toBe(5);
      expect(await eventually(async () => (await must(t.api('GET', `/articles/${art}/comments`))).total === 1)).toBe(true);
    });

    it('refuses a non-boolean option and bans nobody', async () => {
      await post(t, a.reader('troll-2'), article('ban-bad'), text());
      const res = await t.api('POST', '/moderation/users/troll-2/ban', { token: a.mod, body: { reason: 'x', rejectPublished: 'yes' } });
      expect(res.status).toBe(400);
      expect((await must(t.api('GET', '/moderation/users/troll-2', { token: a.mod }))).user.status).toBe('active');
    });

    it('names the comments it rejected, and the banning moderator can undo those rejections (bulk undo), no one else', async () => {
      await patchSettings(t, a.admin, { premoderation: 'none' });
      const art = article('ban-undo');
      const troll = a.reader('troll-3', 'Tobin');
      const published = [await post(t, troll, art, text('troll undo one')), await post(t, troll, art, text('troll undo two'))];
      await must(decide(t, a.mod, published[0].id, 'approve'));
      await must(decide(t, a.mod, published[0].id, 'feature'));
      await must(t.api('POST', `/comments/${published[1].id}/reports`, { token: a.reader('bystander-3'), body: { reason: 'abuse' } }), 202);
      await patchSettings(t, a.admin, { premoderation: 'all' });
      const held = await post(t, troll, art, text('troll undo held'));
      await patchSettings(t, a.admin, { premoderation: 'none' });
      const states = () => t.ds.query(`SELECT id, status, featured, open_report_count AS open FROM comments WHERE author_id = 'troll-3' ORDER BY id`);
      const before = await states();
      await expectCounts(t, a.mod, art, { pending: 1, reported: 1, unmoderated: 1 });

      const res = await must(
        t.api('POST', '/moderation/users/troll-3/ban', { token: a.mod, body: { reason: 'spam', rejectPending: true, rejectPublished: true } }),
      );
      expect(res).toMatchObject({ rejectedComments: 3, rejectedPending: 1, rejectedPublished: 2 });
      expect(res.rejectedIds).toEqual([held.id, ...published.map((c) => c.id).sort()]);
      expect((await states()).every((r: any) => r.status === 'rejected')).toBe(true);

      // A colleague cannot take back this moderator's rejections.
      const other = await must(t.api('POST', '/moderation/bulk', { token: a.mod2, body: { action: 'undo', ids: res.rejectedIds } }));
      expect(other.results.map((r: any) => r.error?.code)).toEqual(['UNDO_NOT_YOURS', 'UNDO_NOT_YOURS', 'UNDO_NOT_YOURS']);
      const undone = await must(t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'undo', ids: res.rejectedIds } }));
      expect(undone.results.map((r: any) => [r.id, r.ok, r.status])).toEqual([
        [held.id, true, 'pending'],
        ...published
          .map((c) => c.id)
          .sort()
          .map((id) => [id, true, 'approved']),
      ]);
      // Back as they stood: featured again, the report open again, the queues as before the ban.
      expect(await states()).toEqual(before);
      await expectCounts(t, a.mod, art, { pending: 1, reported: 1, unmoderated: 1 });
      const log = await logFor(t, a.mod, 'userId=troll-3&action=undo');
      expect(log.map((l: any) => l.commentId).sort()).toEqual([...res.rejectedIds].sort());
      expect(log.every((l: any) => l.reason === 'reject undone')).toBe(true);
      expect(await must(t.api('POST', '/moderation/recount', { token: a.admin }))).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });
      // A sanction without rejections names none.
      await must(t.api('POST', '/moderation/users/troll-3/unban', { token: a.mod, body: {} }));
      expect((await must(t.api('POST', '/moderation/users/troll-3/ban', { token: a.mod, body: { reason: 'again' } }))).rejectedIds).toEqual([]);
    });
  });
});
