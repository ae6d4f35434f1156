import type { TestApp } from '../support/app';
import { Actors, commentRowCount, Counts, decide, expectCounts, logFor, must, post, text, startModerationApp, unknownId, walk } from './helpers';

/**
 * Decisions and what they change: counts (site-wide and per article, checked against the rows
 * after every step), reader visibility, featured flag, bulk, the log, sanctions.
 * Each test file has its own database, so site-wide counts start at zero.
 */
describe('moderation decisions', () => {
  let t: TestApp;
  let a: Actors;

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
  });
  afterAll(() => t.close());

  const visibleToAnon = async (id: string) => (await t.api('GET', `/comments/${id}`)).status;
  const listIds = async (articleId: string, token?: string) =>
    (await walk(t, token ?? '', `/articles/${articleId}/comments?sort=oldest`, 100)).items.map((c) => c.id);

  describe('counts and transitions, step by step', () => {
    const A = 'dec-a';
    const B = 'dec-b';
    const site: Counts = { pending: 0, reported: 0, unmoderated: 0 };
    const inA: Counts = { pending: 0, reported: 0, unmoderated: 0 };
    const inB: Counts = { pending: 0, reported: 0, unmoderated: 0 };
    const bump = (k: keyof Counts, n: number, ...scopes: Counts[]) => scopes.forEach((s) => (s[k] += n));
    const check = async () => {
      await expectCounts(t, a.mod, undefined, site);
      await expectCounts(t, a.mod, A, inA);
      await expectCounts(t, a.mod, B, inB);
    };
    const ids: Record<string, string> = {};

    it('starts at zero, and an unknown article counts zero', async () => {
      await check();
      expect(await must(t.api('GET', '/moderation/counts?articleId=dec-never-seen', { token: a.mod }))).toEqual({ pending: 0, reported: 0, unmoderated: 0 });
    });

    it('a published reader comment is unmoderated', async () => {
      ids.pub1 = (await post(t, a.reader('dec-r1'), A, text('published one'))).id;
      bump('unmoderated', 1, site, inA);
      await check();
    });

    it('held comments are pending, per article', async () => {
      for (const id of [A, B]) await must(t.api('PATCH', `/articles/${id}`, { token: a.mod, body: { premoderation: true } }));
      ids.p1 = (await post(t, a.reader('dec-r1'), A, text('held one'))).id;
      ids.p2 = (await post(t, a.reader('dec-r2'), A, text('held two'))).id;
      ids.p3 = (await post(t, a.reader('dec-r2'), A, text('held three'))).id;
      ids.b1 = (await post(t, a.reader('dec-r3'), B, text('held in B'))).id;
      bump('pending', 3, site, inA);
      bump('pending', 1, site, inB);
      await check();
      expect(await visibleToAnon(ids.p1)).toBe(404);
      expect(await listIds(A)).toEqual([ids.pub1]);
    });

    it('approving a pending comment publishes it: readers see it, pending drops, not unmoderated', async () => {
      const res = await must(decide(t, a.mod, ids.p1, 'approve'));
      expect(res.status).toBe('approved');
      expect(res.id).toBe(ids.p1);
      bump('pending', -1, site, inA);
      await check();
      const seen = await t.api('GET', `/comments/${ids.p1}`);
      expect(seen.status).toBe(200);
      expect(seen.body.status).toBe('approved');
      expect(await listIds(A)).toEqual([ids.pub1, ids.p1]);
      expect((await t.api('GET', `/articles/${A}`)).body.commentCount).toBe(2);
    });

    it('rejecting a pending comment keeps it from readers, pending drops', async () => {
      const res = await must(decide(t, a.mod, ids.p2, 'reject', { reason: 'insulting' }));
      expect(res.status).toBe('rejected');
      bump('pending', -1, site, inA);
      await check();
      expect(await visibleToAnon(ids.p2)).toBe(404);
      expect((await t.api('GET', `/comments/${ids.p2}`, { token: a.reader('dec-someone') })).status).toBe(404);
    });

    it('reports put a published comment in reported; approving clears them and the count drops', async () => {
      for (const [i, reason] of ['spam', 'abuse'].entries()) {
        expect((await t.api('POST', `/comments/${ids.pub1}/reports`, { token: a.reader(`dec-rep-${i}`), body: { reason } })).status).toBe(202);
      }
      bump('reported', 1, site, inA);
      await check();
      const res = await must(decide(t, a.mod, ids.pub1, 'approve'));
      expect(res.status).toBe('approved');
      expect(res.reports).toEqual({});
      expect(res.reasons).not.toContain('reports:2');
      bump('reported', -1, site, inA);
      bump('unmoderated', -1, site, inA); // a moderator has now looked at it
      await check();
      const open = await t.ds.query(`SELECT count(*)::int AS n FROM reports WHERE comment_id = $1 AND resolved_at IS NULL`, [ids.pub1]);
      expect(open[0].n).toBe(0);
      expect(await visibleToAnon(ids.pub1)).toBe(200);
    });

    it('rejecting a published, reported comment hides it from lists and clears its reports', async () => {
      await must(t.api('PATCH', `/articles/${A}`, { token: a.mod, body: { premoderation: false } }));
      ids.pub2 = (await post(t, a.reader('dec-r4'), A, text('published two'))).id;
      bump('unmoderated', 1, site, inA);
      expect((await t.api('POST', `/comments/${ids.pub2}/reports`, { token: a.reader('dec-rep-0'), body: { reason: 'off_topic' } })).status).toBe(202);
      bump('reported', 1, site, inA);
      await check();
      expect(await listIds(A)).toContain(ids.pub2);
      const totalBefore = (await t.api('GET', `/articles/${A}/comments`)).body.total;

      await must(decide(t, a.mod, ids.pub2, 'reject'));
      bump('reported', -1, site, inA);
      bump('unmoderated', -1, site, inA);
      await check();
      expect(await listIds(A)).not.toContain(ids.pub2);
      expect(await listIds(A, a.reader('dec-someone'))).not.toContain(ids.pub2);
      expect(await visibleToAnon(ids.pub2)).toBe(404);
      expect((await t.api('GET', `/articles/${A}/comments`)).body.total).toBe(totalBefore - 1);
      const counts = await must(t.api('GET', `/counts?articleIds=${A}`));
      expect(counts.counts[A]).toBe(totalBefore - 1);
    });

    it('feature and unfeature show on the reader comment; featuring an unmoderated comment counts as looking at it', async () => {
      ids.pub3 = (await post(t, a.reader('dec-r4'), A, text('published three'))).id;
      bump('unmoderated', 1, site, inA);
      await check();
      const f = await must(decide(t, a.mod, ids.pub3, 'feature'));
      expect(f.featured).toBe(true);
      bump('unmoderated', -1, site, inA);
      await check();
      expect((await t.api('GET', `/comments/${ids.pub3}`)).body.featured).toBe(true);
      const listed = (await t.api('GET', `/articles/${A}/comments`)).body.items.find((c: any) => c.id === ids.pub3);
      expect(listed.featured).toBe(true);

      const u = await must(decide(t, a.mod, ids.pub3, 'unfeature'));
      expect(u.featured).toBe(false);
      expect((await t.api('GET', `/comments/${ids.pub3}`)).body.featured).toBe(false);
      await check();
    });

    it('a pending comment cannot be featured (409), a rejected featured comment loses the flag', async () => {
      const r = await decide(t, a.mod, ids.p3, 'feature');
      expect(r.status).toBe(409);
      await must(decide(t, a.mod, ids.pub3, 'feature'));
      await must(decide(t, a.mod, ids.pub3, 'reject'));
      const [row] = await t.ds.query(`SELECT featured, status FROM comments WHERE id = $1`, [ids.pub3]);
      expect(row).toEqual({ featured: false, status: 'rejected' });
      await check();
    });

    it('a deleted comment cannot be approved or rejected (409); an unknown id is a 404', async () => {
      const tok = a.reader('dec-r2');
      expect((await t.api('DELETE', `/comments/${ids.p3}`, { token: tok })).status).toBe(204);
      bump('pending', -1, site, inA);
      await check();
      for (const action of ['approve', 'reject'] as const) {
        const r = await decide(t, a.mod, ids.p3, action);
        expect(r.status).toBe(409);
        expect(r.body.code).toBe('COMMENT_DELETED');
      }
      const [row] = await t.ds.query(`SELECT status FROM comments WHERE id = $1`, [ids.p3]);
      expect(row.status).toBe('deleted');
      for (const id of [unknownId(), 'not-a-comment-id']) {
        for (const action of ['approve', 'reject', 'feature', 'unfeature'] as const) {
          const r = await decide(t, a.mod, id, action);
          expect({ id, action, status: r.status }).toEqual({ id, action, status: 404 });
        }
      }
      await check();
    });

    it('counts are per article: B still has its held comment, approving it changes B and site only', async () => {
      await check();
      await must(decide(t, a.mod, ids.b1, 'approve'));
      bump('pending', -1, site, inB);
      await check();
    });

    it('readers get 403 and anonymous 401 on every decision, and nothing changes', async () => {
      const c = await post(t, a.reader('dec-r5'), B, text('held for the access test'));
      bump('pending', 1, site, inB);
      for (const action of ['approve', 'reject', 'feature', 'unfeature'] as const) {
        expect((await decide(t, a.reader('dec-r6'), c.id, action)).status).toBe(403);
        expect((await decide(t, '', c.id, action)).status).toBe(401);
      }
      expect((await t.api('POST', '/moderation/bulk', { token: a.reader('dec-r6'), body: { action: 'approve', ids: [c.id] } })).status).toBe(403);
      const [row] = await t.ds.query(`SELECT status FROM comments WHERE id = $1`, [c.id]);
      expect(row.status).toBe('pending');
      await check();
    });
  });

  describe('bulk', () => {
    const art = 'dec-bulk';
    let pending: string[];
    let approved: string;
    let deleted: string;

    beforeAll(async () => {
      await must(t.api('PATCH', `/articles/${art}`, { token: a.mod, body: { premoderation: true } }));
      pending = [];
      for (let i = 0; i < 6; i++) pending.push((await post(t, a.reader(`dec-bulk-${i % 2}`), art, text('bulk'))).id);
      approved = pending.pop()!;
      await must(decide(t, a.mod, approved, 'approve'));
      deleted = pending.pop()!;
      expect((await t.api('DELETE', `/comments/${deleted}`, { token: a.reader('dec-bulk-0') })).status).toBe(204);
    });

    it('201 ids is a 400 and decides nothing', async () => {
      const ids = [pending[0], ...Array.from({ length: 200 }, () => unknownId())];
      const res = await t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'approve', ids } });
      expect(res.status).toBe(400);
      const [row] = await t.ds.query(`SELECT status FROM comments WHERE id = $1`, [pending[0]]);
      expect(row.status).toBe('pending');
    });

    it.each([
      ['no ids', { action: 'approve', ids: [] }],
      ['an unknown action', { action: 'feature', ids: ['x'] }],
      ['ids not a list', { action: 'approve', ids: 'x' }],
      ['the same id twice', { action: 'approve', ids: ['a', 'a'] }],
    ])('%s is a 400', async (_l, body) => {
      expect((await t.api('POST', '/moderation/bulk', { token: a.mod, body })).status).toBe(400);
    });

    it('200 ids: one result per id, in order, for valid, unknown, already decided and deleted ids', async () => {
      const logBefore = (await logFor(t, a.mod, '')).length;
      const pendingBefore = (await must(t.api('GET', `/moderation/counts?articleId=${art}`, { token: a.mod }))).pending;
      const unknown = Array.from({ length: 200 - pending.length - 3 }, () => unknownId());
      const ids = [pending[0], unknown[0], approved, deleted, 'garbage-id', ...pending.slice(1), ...unknown.slice(1)];
      expect(ids).toHaveLength(200);
      const res = await must(t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'approve', ids, reason: 'bulk pass' } }));
      expect(res.results.map((r: any) => r.id)).toEqual(ids);
      const byId = new Map(res.results.map((r: any) => [r.id, r]));
      for (const id of pending) expect(byId.get(id)).toEqual(expect.objectContaining({ ok: true, status: 'approved' }));
      expect(byId.get(approved)).toEqual(expect.objectContaining({ ok: true, status: 'approved' }));
      expect(byId.get(deleted)).toEqual(expect.objectContaining({ ok: false, error: expect.objectContaining({ statusCode: 409, code: 'COMMENT_DELETED' }) }));
      for (const id of [...unknown, 'garbage-id']) {
        expect(byId.get(id)).toEqual(expect.objectContaining({ ok: false, error: expect.objectContaining({ statusCode: 404 }) }));
      }
      const rows = await t.ds.query(`SELECT id, status FROM comments WHERE id = ANY($1::uuid[]) ORDER BY id`, [[...pending, approved, deleted]]);
      expect(Object.fromEntries(rows.map((r: any) => [r.id, r.status]))).toEqual({
        ...Object.fromEntries(pending.map((id) => [id, 'approved'])),
        [approved]: 'approved',
        [deleted]: 'deleted',
      });
      // Logged once per real change: not for the already-approved one, nor the failures.
      const log = await logFor(t, a.mod, '');
      expect(log.length - logBefore).toBe(pending.length);
      expect(
        log
          .slice(0, pending.length)
          .map((e: any) => e.commentId)
          .sort(),
      ).toEqual([...pending].sort());
      expect(log.slice(0, pending.length).every((e: any) => e.reason === 'bulk pass' && e.action === 'approve')).toBe(true);
      await expectCounts(t, a.mod, art, { pending: pendingBefore - pending.length, reported: 0, unmoderated: 0 });
    });

    it('bulk reject rejects, and a second identical call changes nothing', async () => {
      const first = await must(t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'reject', ids: pending } }));
      expect(first.results.map((r: any) => [r.ok, r.status])).toEqual(pending.map(() => [true, 'rejected']));
      const logLen = (await logFor(t, a.mod, '')).length;
      const again = await must(t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'reject', ids: pending } }));
      expect(again.results.map((r: any) => [r.ok, r.status])).toEqual(pending.map(() => [true, 'rejected']));
      expect((await logFor(t, a.mod, '')).length).toBe(logLen);
    });
  });

  describe('log', () => {
    it('records who, what, from/to status, reason and when for each decision', async () => {
      await must(t.api('PATCH', '/articles/dec-log', { token: a.mod, body: { premoderation: true } }));
      const c = await post(t, a.reader('dec-log-author'), 'dec-log', text('logged'));
      const t0 = Date.now();
      await must(decide(t, a.mod, c.id, 'reject', { reason: 'rude' }));
      await must(decide(t, a.mod2, c.id, 'approve'));
      await must(decide(t, a.mod, c.id, 'feature'));
      await must(decide(t, a.admin, c.id, 'unfeature'));
      const entries = await logFor(t, a.mod, `commentId=${c.id}`);
      expect(entries.map((e) => [e.actorId, e.action, e.fromStatus, e.toStatus, e.reason])).toEqual([
        ['admin-1', 'unfeature', 'approved', 'approved', null],
        ['mod-1', 'feature', 'approved', 'approved', null],
        ['mod-2', 'approve', 'rejected', 'approved', null],
        ['mod-1', 'reject', 'pending', 'rejected', 'rude'],
      ]);
      for (const e of entries) {
        expect(e.commentId).toBe(c.id);
        expect(e.userId).toBe('dec-log-author');
        expect(e.articleId).toBe('dec-log');
        expect(Date.parse(e.createdAt)).toBeGreaterThanOrEqual(t0 - 2000);
        expect(Date.parse(e.createdAt)).toBeLessThanOrEqual(Date.now() + 2000);
      }
      // Newest first.
      const times = entries.map((e) => Date.parse(e.createdAt));
      expect([...times].sort((x, y) => y - x)).toEqual(times);
    });

    it('filters by userId (decisions on their comments and sanctions against them)', async () => {
      const c = await post(t, a.reader('dec-log-user'), 'dec-log-2', text());
      await must(decide(t, a.mod, c.id, 'reject'));
      await must(t.api('POST', '/moderation/users/dec-log-user/premod', { token: a.mod, body: { reason: 'watch' } }));
      const other = await post(t, a.reader('dec-log-other'), 'dec-log-2', text());
      await must(decide(t, a.mod, other.id, 'reject'));
      const entries = await logFor(t, a.mod, 'userId=dec-log-user');
      expect(entries.map((e) => [e.action, e.commentId, e.fromStatus, e.toStatus, e.reason])).toEqual([
        ['user.premod', null, 'active', 'active+premod', 'watch'],
        ['reject', c.id, 'approved', 'rejected', null],
      ]);
      expect(entries.every((e) => e.userId === 'dec-log-user')).toBe(true);
    });

    it('walks in cursor pages with no gap or repeat, newest first', async () => {
      const all = await logFor(t, a.mod, '');
      expect(all.length).toBeGreaterThan(12);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM moderation_log`);
      expect(all).toHaveLength(n);
      const paged = await walk(t, a.mod, '/moderation/log', 5);
      expect(paged.pages.slice(0, -1).every((p) => p === 5)).toBe(true);
      expect(paged.items.map((e) => e.id)).toEqual(all.map((e) => e.id));
      expect(new Set(paged.items.map((e) => e.id)).size).toBe(n);
      const numeric = paged.items.map((e) => BigInt(e.id));
      expect(numeric.every((v, i) => i === 0 || v < numeric[i - 1])).toBe(true);
    });

    it('rejects a bad filter or cursor with 400, readers with 403', async () => {
      expect((await t.api('GET', '/moderation/log?commentId=nope', { token: a.mod })).status).toBe(400);
      expect((await t.api('GET', '/moderation/log?cursor=nope', { token: a.mod })).status).toBe(400);
      expect((await t.api('GET', '/moderation/log', { token: a.reader('dec-nosy') })).status).toBe(403);
      expect((await t.api('GET', '/moderation/log')).status).toBe(401);
    });
  });

  describe('sanctions', () => {
    it('ban with rejectPending rejects the held comments, keeps published ones, and is logged', async () => {
      const tok = a.reader('dec-troll');
      const published = await post(t, tok, 'dec-sanctions', text('published'));
      await must(t.api('PATCH', '/articles/dec-sanctions-held', { token: a.mod, body: { premoderation: true } }));
      const held = [await post(t, tok, 'dec-sanctions-held', text('held 1')), await post(t, tok, 'dec-sanctions-held', text('held 2'))];
      const bystander = await post(t, a.reader('dec-bystander'), 'dec-sanctions-held', text('held bystander'));
      const before = await must(t.api('GET', '/moderation/counts?articleId=dec-sanctions-held', { token: a.mod }));

      const res = await must(t.api('POST', '/moderation/users/dec-troll/ban', { token: a.mod, body: { reason: 'trolling', rejectPending: true } }));
      expect(res.rejectedComments).toBe(2);
      expect(res.user).toEqual(expect.objectContaining({ id: 'dec-troll', status: 'banned', sanctionReason: 'trolling' }));
      const rows = await t.ds.query(`SELECT id, status FROM comments WHERE id = ANY($1::uuid[])`, [[published.id, bystander.id, ...held.map((c) => c.id)]]);
      expect(Object.fromEntries(rows.map((r: any) => [r.id, r.status]))).toEqual({
        [published.id]: 'approved',
        [bystander.id]: 'pending',
        [held[0].id]: 'rejected',
        [held[1].id]: 'rejected',
      });
      await expectCounts(t, a.mod, 'dec-sanctions-held', { ...before, pending: before.pending - 2 });

      const log = await logFor(t, a.mod, 'userId=dec-troll');
      expect(log.find((e) => e.action === 'user.ban')).toEqual(
        expect.objectContaining({ actorId: 'mod-1', fromStatus: 'active', toStatus: 'banned', reason: 'trolling', commentId: null }),
      );
      expect(
        log
          .filter((e) => e.action === 'reject')
          .map((e) => e.commentId)
          .sort(),
      ).toEqual(held.map((c) => c.id).sort());

      const refused = await t.api('POST', '/articles/dec-sanctions/comments', { token: tok, body: { body: text() } });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('USER_BANNED');
    });

    it('ban without rejectPending leaves held comments waiting', async () => {
      const tok = a.reader('dec-troll-2');
      const held = await post(t, tok, 'dec-sanctions-held', text('held'));
      const res = await must(t.api('POST', '/moderation/users/dec-troll-2/ban', { token: a.mod, body: { reason: 'spam' } }));
      expect(res.rejectedComments).toBe(0);
      const [row] = await t.ds.query(`SELECT status FROM comments WHERE id = $1`, [held.id]);
      expect(row.status).toBe('pending');
    });

    it('unban lets the user write again and is logged', async () => {
      const res = await must(t.api('POST', '/moderation/users/dec-troll/unban', { token: a.mod2, body: { reason: 'appeal' } }));
      expect(res.user.status).toBe('active');
      expect((await post(t, a.reader('dec-troll'), 'dec-sanctions', text('back'))).status).toBe('approved');
      const [entry] = await logFor(t, a.mod, 'userId=dec-troll');
      expect(entry).toEqual(expect.objectContaining({ actorId: 'mod-2', action: 'user.unban', fromStatus: 'banned', toStatus: 'active', reason: 'appeal' }));
    });

    it('suspend until a future time: 403 while it lasts, logged; past or bad times are 400 and change nothing', async () => {
      const tok = a.reader('dec-hothead');
      await post(t, tok, 'dec-sanctions', text());
      for (const until of [new Date(Date.now() - 60_000).toISOString(), 'tomorrow', '']) {
        const r = await t.api('POST', '/moderation/users/dec-hothead/suspend', { token: a.mod, body: { until, reason: 'x' } });
        expect({ until, status: r.status }).toEqual({ until, status: 400 });
      }
      expect(
        (await t.api('POST', '/moderation/users/dec-hothead/suspend', { token: a.mod, body: { until: new Date(Date.now() + 60_000).toISOString() } })).status,
      ).toBe(400);
      const [u0] = await t.ds.query(`SELECT status FROM users WHERE id = 'dec-hothead'`);
      expect(u0.status).toBe('active');
      expect(await logFor(t, a.mod, 'userId=dec-hothead')).toEqual([]);

      const until = new Date(Date.now() + 3600_000).toISOString();
      const res = await must(t.api('POST', '/moderation/users/dec-hothead/suspend', { token: a.mod, body: { until, reason: 'cool down' } }));
      expect(res.user).toEqual(expect.objectContaining({ status: 'suspended', suspendedUntil: until, sanctionReason: 'cool down' }));
      const before = await commentRowCount(t, 'author_id = $1', ['dec-hothead']);
      const r = await t.api('POST', '/articles/dec-sanctions/comments', { token: tok, body: { body: text() } });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('USER_SUSPENDED');
      expect(await commentRowCount(t, 'author_id = $1', ['dec-hothead'])).toBe(before);
      const [entry] = await logFor(t, a.mod, 'userId=dec-hothead');
      expect(entry).toEqual(expect.objectContaining({ action: 'user.suspend', fromStatus: 'active', toStatus: 'suspended', reason: 'cool down' }));
    });

    it('premod and unpremod are logged', async () => {
      await post(t, a.reader('dec-watched'), 'dec-sanctions', text());
      await must(t.api('POST', '/moderation/users/dec-watched/premod', { token: a.mod, body: {} }));
      await must(t.api('POST', '/moderation/users/dec-watched/unpremod', { token: a.mod, body: {} }));
      const entries = await logFor(t, a.mod, 'userId=dec-watched');
      expect(entries.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
        ['user.unpremod', 'active+premod', 'active'],
        ['user.premod', 'active', 'active+premod'],
      ]);
    });

    it('an unknown user is a 404 for every sanction, and nothing is logged', async () => {
      const logLen = (await logFor(t, a.mod, '')).length;
      const until = new Date(Date.now() + 60_000).toISOString();
      for (const [action, body] of [
        ['ban', { reason: 'x' }],
        ['unban', {}],
        ['suspend', { until, reason: 'x' }],
        ['premod', {}],
        ['unpremod', {}],
      ] as const) {
        const r = await t.api('POST', `/moderation/users/dec-nobody/${action}`, { token: a.mod, body });
        expect({ action, status: r.status }).toEqual({ action, status: 404 });
      }
      expect((await t.api('POST', '/moderation/users/dec-watched/behead', { token: a.mod, body: {} })).status).toBe(404);
      expect((await logFor(t, a.mod, '')).length).toBe(logLen);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM users WHERE id = 'dec-nobody'`);
      expect(n).toBe(0);
    });

    it('a ban needs a reason (400), and readers cannot sanction (403)', async () => {
      expect((await t.api('POST', '/moderation/users/dec-watched/ban', { token: a.mod, body: {} })).status).toBe(400);
      expect((await t.api('POST', '/moderation/users/dec-watched/ban', { token: a.mod, body: { reason: '   ' } })).status).toBe(400);
      expect((await t.api('POST', '/moderation/users/dec-watched/ban', { token: a.reader('dec-vigilante'), body: { reason: 'x' } })).status).toBe(403);
      const [u] = await t.ds.query(`SELECT status FROM users WHERE id = 'dec-watched'`);
      expect(u.status).toBe('active');
    });
  });
});
