import type { TestApp } from '../support/app';
import { Actors, apiCounts, decide, logFor, must, post, sqlCounts, startModerationApp, text, unknownId, walk } from './helpers';

/** The moderator's desk on the API: undo (single and bulk), the log with names and filters, decided queues with their decision and reports. */
describe("moderator's desk API", () => {
  let t: TestApp;
  let a: Actors;

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
  });
  afterAll(() => t.close());

  const held = async (articleId: string, author = 'desk-author') => {
    await must(t.api('PATCH', `/articles/${articleId}`, { token: a.mod, body: { premoderation: true, title: `Title of ${articleId}` } }));
    return post(t, a.reader(author, 'Dora Author'), articleId, text('desk'));
  };
  const undo = (token: string, id: string) => t.api('POST', `/moderation/comments/${id}/undo`, { token });
  const row = async (id: string) =>
    (await t.ds.query(`SELECT status, moderated, featured, open_report_count, decided_at FROM comments WHERE id = $1`, [id]))[0];

  describe('undo', () => {
    it('undoing an approval puts the comment back in pending, moves the counters back and is logged as undo', async () => {
      const c = await held('desk-undo-1');
      const before = await apiCounts(t, a.mod, 'desk-undo-1');
      expect(before.pending).toBe(1);
      await must(decide(t, a.mod, c.id, 'approve'));
      expect((await apiCounts(t, a.mod, 'desk-undo-1')).pending).toBe(0);
      const res = await undo(a.mod, c.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: c.id, status: 'pending', moderated: false });
      expect(await row(c.id)).toMatchObject({ status: 'pending', moderated: false, decided_at: null });
      expect(await apiCounts(t, a.mod, 'desk-undo-1')).toEqual(before);
      expect(await sqlCounts(t, 'desk-undo-1')).toEqual(before);
      const entries = await logFor(t, a.mod, `commentId=${c.id}`);
      expect(entries.map((e) => [e.action, e.actorId, e.fromStatus, e.toStatus, e.reason])).toEqual([
        ['undo', 'mod-1', 'approved', 'pending', 'approve undone'],
        ['approve', 'mod-1', 'pending', 'approved', null],
      ]);
      // An undo is not itself undone.
      const again = await undo(a.mod, c.id);
      expect([again.status, again.body.code]).toEqual([409, 'NOTHING_TO_UNDO']);
      expect(await row(c.id)).toMatchObject({ status: 'pending' });
    });

    it('undoing a rejection reopens the reports it upheld: the comment is back in reported with its notes', async () => {
      const c = await post(t, a.reader('desk-rep-author'), 'desk-undo-2', text('reported'));
      for (const [who, note] of [
        ['desk-rep-1', 'selling things'],
        ['desk-rep-2', 'again'],
      ]) {
        expect((await t.api('POST', `/comments/${c.id}/reports`, { token: a.reader(who), body: { reason: 'spam', note } })).status).toBe(202);
      }
      await must(decide(t, a.mod, c.id, 'reject', { reason: 'advertising' }));
      expect(await row(c.id)).toMatchObject({ status: 'rejected', open_report_count: 0 });
      const res = await must(undo(a.mod, c.id));
      expect(res).toMatchObject({ status: 'approved', reports: { spam: 2 } });
      expect(res.reportNotes.map((n: any) => n.note)).toEqual(['selling things', 'again']);
      expect(await row(c.id)).toMatchObject({ status: 'approved', open_report_count: 2 });
      const reported = await walk(t, a.mod, '/moderation/queues/reported?articleId=desk-undo-2', 50);
      expect(reported.items.map((i) => i.id)).toEqual([c.id]);
      expect(await apiCounts(t, a.mod, 'desk-undo-2')).toEqual(await sqlCounts(t, 'desk-undo-2'));
    });

    it('undoing feature unpins; only the deciding moderator may undo, within the window, while nothing changed since', async () => {
      const c = await post(t, a.reader('desk-f-author'), 'desk-undo-3', text('pin'));
      await must(decide(t, a.mod, c.id, 'feature'));
      const other = await undo(a.mod2, c.id);
      expect([other.status, other.body.code]).toEqual([409, 'UNDO_NOT_YOURS']);
      expect((await must(undo(a.mod, c.id))).featured).toBe(false);

      await must(decide(t, a.mod, c.id, 'reject'));
      await must(decide(t, a.mod2, c.id, 'approve'));
      // mod-1's rejection is no longer the latest decision: it is mod-2's to undo now.
      expect((await undo(a.mod, c.id)).body.code).toBe('UNDO_NOT_YOURS');

      const d = await held('desk-undo-4');
      await must(decide(t, a.mod, d.id, 'reject'));
      await t.ds.query(`UPDATE moderation_log SET created_at = now() - interval '11 minutes' WHERE comment_id = $1`, [d.id]);
      const old = await undo(a.mod, d.id);
      expect([old.status, old.body.code]).toEqual([409, 'UNDO_EXPIRED']);
      expect(await row(d.id)).toMatchObject({ status: 'rejected' });

      const e = await held('desk-undo-5');
      await must(decide(t, a.mod, e.id, 'approve'));
      // Changed behind the log's back (as a recount or a repair might): the undo refuses.
      await t.ds.query(`UPDATE comments SET status = 'rejected' WHERE id = $1`, [e.id]);
      expect((await undo(a.mod, e.id)).body.code).toBe('UNDO_STALE');
      await t.ds.query(`UPDATE comments SET status = 'approved' WHERE id = $1`, [e.id]);

      expect((await undo(a.mod, unknownId())).status).toBe(404);
      expect((await undo(a.mod, 'not-an-id')).status).toBe(404);
      expect((await undo(a.reader('desk-nobody'), e.id)).status).toBe(403);
    });

    it('bulk undo: each id on its own, the log has one undo per comment', async () => {
      const ids = [(await held('desk-undo-6')).id, (await held('desk-undo-6', 'desk-author-2')).id];
      await must(t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'reject', ids } }));
      const res = await must(t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'undo', ids: [...ids, unknownId()] } }));
      expect(res.results.map((r: any) => [r.ok, r.status ?? r.error.code])).toEqual([
        [true, 'pending'],
        [true, 'pending'],
        [false, 'COMMENT_NOT_FOUND'],
      ]);
      expect(await apiCounts(t, a.mod, 'desk-undo-6')).toMatchObject({ pending: 2 });
      for (const id of ids) expect((await logFor(t, a.mod, `commentId=${id}`))[0].action).toBe('undo');
      const bad = await t.api('POST', '/moderation/bulk', { token: a.mod, body: { action: 'redo', ids } });
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });
  });

  describe('log', () => {
    it('entries carry names, the article title and address and the comment excerpt; filters by action and article', async () => {
      await must(t.api('PATCH', '/articles/desk-log', { token: a.mod, body: { title: 'The log article', url: 'https://news.example/desk-log' } }));
      const c = await post(t, a.reader('desk-log-author', 'Lena Logged'), 'desk-log', 'A comment the log should quote by its first words');
      await must(decide(t, a.mod, c.id, 'feature'));
      await must(decide(t, a.mod, c.id, 'reject', { reason: 'off topic' }));
      const entries = await logFor(t, a.mod, 'articleId=desk-log');
      expect(entries.map((e) => [e.action, e.actorName, e.userName, e.articleTitle, e.articleUrl, e.commentExcerpt])).toEqual([
        ['reject', 'Mo Moderator', 'Lena Logged', 'The log article', 'https://news.example/desk-log', 'A comment the log should quote by its first words'],
        ['feature', 'Mo Moderator', 'Lena Logged', 'The log article', 'https://news.example/desk-log', 'A comment the log should quote by its first words'],
      ]);
      const rejects = await logFor(t, a.mod, 'action=reject&articleId=desk-log');
      expect(rejects.map((e) => e.reason)).toEqual(['off topic']);
      expect((await t.api('GET', '/moderation/log?action=DROP%20TABLE', { token: a.mod })).status).toBe(400);
      expect((await t.api('GET', '/moderation/log?articleId=%20', { token: a.mod })).status).toBe(400);
    });
  });

  describe('decided queues', () => {
    it('rejected is in decision order and each item says who rejected it, why, and the reports it had', async () => {
      const first = await post(t, a.reader('desk-q-1'), 'desk-order', text('first posted'));
      const second = await post(t, a.reader('desk-q-2'), 'desk-order', text('second posted'));
      await t.api('POST', `/comments/${first.id}/reports`, { token: a.reader('desk-q-rep'), body: { reason: 'abuse', note: 'insults a neighbour' } });
      await must(decide(t, a.mod, second.id, 'reject', { reason: 'spam link' }));
      await must(decide(t, a.mod2, first.id, 'reject', { reason: 'personal attack' }));
      const page = await walk(t, a.mod, '/moderation/queues/rejected?articleId=desk-order', 1);
      expect(page.pages).toEqual([1, 1]);
      expect(page.items.map((i) => i.id)).toEqual([first.id, second.id]);
      expect(page.items[0].decision).toMatchObject({ action: 'reject', actorId: 'mod-2', actorName: 'Mia Moderator', reason: 'personal attack' });
      expect(page.items[0].reportHistory).toEqual({ counts: { abuse: 1 }, notes: [expect.objectContaining({ reason: 'abuse', note: 'insults a neighbour' })] });
      expect(page.items[1].decision).toMatchObject({ actorId: 'mod-1', reason: 'spam link' });
      expect(page.items[1].reportHistory).toEqual({ counts: {}, notes: [] });
      // A cursor of another queue's shape is refused.
      const bad = await t.api('GET', `/moderation/queues/rejected?cursor=${Buffer.from(JSON.stringify([first.id])).toString('base64url')}`, { token: a.mod });
      expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_CURSOR']);
      const bad2 = await t.api('GET', `/moderation/queues/rejected?cursor=${Buffer.from(JSON.stringify(['nope', first.id])).toString('base64url')}`, {
        token: a.mod,
      });
      expect([bad2.status, bad2.body.code]).toEqual([400, 'INVALID_CURSOR']);
    });

    it('reads the approved queue through the decision-order index', async () => {
      // Off so the plan shows what the index gives on a big table, not what a small one makes cheapest.
      const plan = await t.ds.transaction(async (m) => {
        await m.query('SET LOCAL enable_seqscan = off');
        const rows = await m.query(
          `EXPLAIN SELECT c.id FROM comments c WHERE c.site_id = 'default' AND c.status = 'approved' AND c.moderated
           ORDER BY c.site_id DESC, c.status DESC, coalesce(c.decided_at, c.created_at) DESC, c.id DESC LIMIT 26`,
        );
        return rows.map((r: any) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toMatch(/comments_queue_decided_at/);
      expect(plan).not.toMatch(/Sort/);
    });
  });
});
