/**
 * The reader API, row by row of API.md's "Reader endpoints" table, against the real service.
 */
import type { TestApp } from './support/app';
import { commentRowCount, startAppWithActors } from './support/factories';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('reader API: comments, reactions, reports, articles, counts', () => {
  let t: TestApp;
  let admin: string;
  let mod: string;
  let olena: string;
  let ben: string;
  let cara: string;
  let seq = 0;

  /** Distinct text every time: the pipeline refuses the same text twice from one user. */
  const text = (label = 'comment') => `${label} #${++seq}`;
  const enc = encodeURIComponent;

  const post = (articleId: string, token: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
    t.api('POST', `/articles/${enc(articleId)}/comments`, { token, body, headers });

  /** Posts and insists on 201, returning the comment. */
  async function comment(articleId: string, token: string, extra: Record<string, unknown> = {}) {
    const res = await post(articleId, token, { body: text(), ...extra });
    expect(res.status).toBe(201);
    return res.body;
  }

  const list = (articleId: string, query = '', token?: string) => t.api('GET', `/articles/${enc(articleId)}/comments${query}`, { token });
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((c) => c.id);
  const commentRows = () => commentRowCount(t);

  function expectError(res: { status: number; body: any }, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.body).toEqual(expect.objectContaining({ statusCode: status, code, error: expect.any(String), message: expect.anything() }));
  }

  beforeAll(async () => {
    // These tests post more than the default 10 comments a minute per user: the flood limit is lifted.
    ({
      t,
      a: { admin, mod },
    } = await startAppWithActors());
    olena = t.token({ sub: 'u-olena', name: 'Olena' });
    ben = t.token({ sub: 'u-ben', name: 'Ben' });
    cara = t.token({ sub: 'u-cara', name: 'Cara' });
  });
  afterAll(() => t?.close());

  describe('POST /articles/{id}/comments', () => {
    it('creates a published comment with the full contract shape', async () => {
      const res = await post('post-1', olena, { body: 'Hello **world**' });
      expect(res.status).toBe(201);
      const c = res.body;
      expect(c).toEqual(
        expect.objectContaining({
          articleId: 'post-1',
          parentId: null,
          author: { id: 'u-olena', name: 'Olena' },
          body: 'Hello **world**',
          html: '<p>Hello <strong>world</strong></p>',
          status: 'approved',
          editedAt: null,
          replyCount: 0,
          reactions: { like: 0 },
          viewerReacted: false,
          featured: false,
        }),
      );
      expect(c.id).toMatch(UUID);
      expect(c.createdAt).toMatch(ISO);
      expect(Math.abs(Date.parse(c.createdAt) - Date.now())).toBeLessThan(60_000);
      const [row] = await t.ds.query(`SELECT article_id, author_id, body, status FROM comments WHERE id = $1`, [c.id]);
      expect(row).toEqual({ article_id: 'post-1', author_id: 'u-olena', body: 'Hello **world**', status: 'approved' });
    });

    it('needs a token', async () => {
      const before = await commentRows();
      expectError(await t.api('POST', '/articles/post-1/comments', { body: { body: 'anonymous' } }), 401, 'AUTH_REQUIRED');
      expect(await commentRows()).toBe(before);
    });

    it('takes replies with parentId and counts them on the parent', async () => {
      const top = await comment('post-2', olena);
      const reply = await comment('post-2', ben, { parentId: top.id });
      expect(reply.parentId).toBe(top.id);
      expect(reply.articleId).toBe('post-2');
      const parent = await t.api('GET', `/comments/${top.id}`);
      expect(parent.body.replyCount).toBe(1);
    });

    it('refuses a reply more than 3 levels below a top-level comment (MAX_DEPTH_EXCEEDED)', async () => {
      let parent = await comment('depth-1', olena);
      const chain = [parent.id];
      for (let level = 1; level <= 3; level++) {
        parent = await comment('depth-1', level % 2 ? ben : olena, { parentId: parent.id });
        chain.push(parent.id);
      }
      const before = await commentRows();
      const tooDeep = await post('depth-1', cara, { body: text('too deep'), parentId: parent.id });
      expectError(tooDeep, 400, 'MAX_DEPTH_EXCEEDED');
      expect(await commentRows()).toBe(before);
      const depths = await t.ds.query(`SELECT id, depth FROM comments WHERE id = ANY($1::uuid[])`, [chain]);
      expect(Object.fromEntries(depths.map((r: any) => [r.id, r.depth]))).toEqual(Object.fromEntries(chain.map((id, i) => [id, i])));
    });

    it('refuses a parent from another article or an unknown parent (404)', async () => {
      const elsewhere = await comment('parent-a', olena);
      const before = await commentRows();
      expectError(await post('parent-b', ben, { body: text(), parentId: elsewhere.id }), 404, 'PARENT_NOT_FOUND');
      expectError(await post('parent-b', ben, { body: text(), parentId: '01900000-0000-7000-8000-000000000000' }), 404, 'PARENT_NOT_FOUND');
      expect(await commentRows()).toBe(before);
    });

    describe('Idempotency-Key', () => {
      it('replays the first comment for the same key from the same user and creates nothing', async () => {
        const headers = { 'Idempotency-Key': 'idem-key-1' };
        const first = await post('idem-1', olena, { body: 'only once' }, headers);
        expect(first.status).toBe(201);
        const before = await commentRows();
        const again = await post('idem-1', olena, { body: 'only once' }, headers);
        expect(again.status).toBeLessThan(300);
        expect(again.body.id).toBe(first.body.id);
        expect(again.body.body).toBe('only once');
        expect(await commentRows()).toBe(before);
        expect(ids(await list('idem-1'))).toEqual([first.body.id]);
      });

      it('answers 409 when the same key comes with a different comment', async () => {
        const headers = { 'Idempotency-Key': 'idem-key-2' };
        const first = await post('idem-2', olena, { body: 'first text' }, headers);
        expect(first.status).toBe(201);
        const before = await commentRows();
        expectError(await post('idem-2', olena, { body: 'second text' }, headers), 409, 'IDEMPOTENCY_KEY_REUSED');
        expectError(await post('idem-2-other', olena, { body: 'first text' }, headers), 409, 'IDEMPOTENCY_KEY_REUSED');
        expect(await commentRows()).toBe(before);
      });

      it('still replays the first result after the comment was edited', async () => {
        const headers = { 'Idempotency-Key': 'idem-key-edit' };
        const first = await post('idem-edit', olena, { body: 'as first posted' }, headers);
        expect(first.status).toBe(201);
        expect((await t.api('PATCH', `/comments/${first.body.id}`, { token: olena, body: { body: 'edited since' } })).status).toBe(200);
        const before = await commentRows();
        const again = await post('idem-edit', olena, { body: 'as first posted' }, headers);
        expect(again.status).toBeLessThan(300);
        expect(again.body.id).toBe(first.body.id);
        expect(again.body.body).toBe('edited since');
        expect(await commentRows()).toBe(before);
        expectError(await post('idem-edit', olena, { body: 'edited since' }, headers), 409, 'IDEMPOTENCY_KEY_REUSED');
      });

      it('keeps keys per user: another user with the same key gets their own comment', async () => {
        const headers = { 'Idempotency-Key': 'idem-key-3' };
        const a = await post('idem-3', olena, { body: 'same words' }, headers);
        const b = await post('idem-3', ben, { body: 'same words' }, headers);
        expect(a.status).toBe(201);
        expect(b.status).toBe(201);
        expect(b.body.id).not.toBe(a.body.id);
        expect(b.body.author.id).toBe('u-ben');
      });

      it('stores one comment when the same request races with itself', async () => {
        const headers = { 'Idempotency-Key': 'idem-key-race' };
        const results = await Promise.all(Array.from({ length: 6 }, () => post('idem-race', cara, { body: 'raced' }, headers)));
        expect(results.map((r) => r.status).every((s) => s === 201 || s === 200)).toBe(true);
        expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
        const rows = await t.ds.query(`SELECT id FROM comments WHERE author_id = 'u-cara' AND idempotency_key = 'idem-key-race'`);
        expect(rows.map((r: any) => r.id)).toEqual([results[0].body.id]);
      });
    });
  });

  describe('GET /articles/{id}/comments', () => {
    const A = 'list-1';
    let a: any, b: any, c: any, reply: any;

    beforeAll(async () => {
      a = await comment(A, olena);
      b = await comment(A, ben);
      c = await comment(A, cara);
      reply = await comment(A, ben, { parentId: a.id });
      // b: 2 likes, c: 1 like, a: none.
      for (const tok of [olena, cara]) expect((await t.api('PUT', `/comments/${b.id}/reactions/like`, { token: tok })).status).toBe(200);
      expect((await t.api('PUT', `/comments/${c.id}/reactions/like`, { token: olena })).status).toBe(200);
    });

    it('lists top-level comments newest first by default, with total over all depths', async () => {
      const res = await list(A);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([c.id, b.id, a.id]);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.total).toBe(4);
      expect(res.body.items.find((x: any) => x.id === a.id).replyCount).toBe(1);
      expect(ids(await list(A, '?sort=newest'))).toEqual([c.id, b.id, a.id]);
    });

    it('sorts oldest and top', async () => {
      expect(ids(await list(A, '?sort=oldest'))).toEqual([a.id, b.id, c.id]);
      const top = await list(A, '?sort=top');
      expect(ids(top)).toEqual([b.id, c.id, a.id]);
      expect(top.body.items.map((x: any) => x.reactions.like)).toEqual([2, 1, 0]);
    });

    it('pages with limit and cursor', async () => {
      for (const [sort, order] of [
        ['newest', [c.id, b.id, a.id]],
        ['oldest', [a.id, b.id, c.id]],
        ['top', [b.id, c.id, a.id]],
      ] as const) {
        const p1 = await list(A, `?sort=${sort}&limit=2`);
        expect(ids(p1)).toEqual(order.slice(0, 2));
        expect(typeof p1.body.nextCursor).toBe('string');
        expect(p1.body.total).toBe(4);
        const p2 = await list(A, `?sort=${sort}&limit=2&cursor=${enc(p1.body.nextCursor)}`);
        expect(p2.status).toBe(200);
        expect(ids(p2)).toEqual(order.slice(2));
        expect(p2.body.nextCursor).toBeNull();
      }
    });

    it('returns an empty page for an article without comments', async () => {
      const res = await list('never-commented');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ items: [], nextCursor: null, total: 0 }));
    });

    it('shows viewerReacted for the viewer only', async () => {
      const asOlena = await list(A, '', olena);
      const mine = Object.fromEntries(asOlena.body.items.map((x: any) => [x.id, x.viewerReacted]));
      expect(mine).toEqual({ [a.id]: false, [b.id]: true, [c.id]: true });
      const asBen = await list(A, '', ben);
      expect(asBen.body.items.every((x: any) => x.viewerReacted === false)).toBe(true);
      const anon = await list(A);
      expect(anon.body.items.every((x: any) => x.viewerReacted === false)).toBe(true);
    });

    it('does not list replies at the top level', async () => {
      const all = ids(await list(A, '?limit=100'));
      expect(all).not.toContain(reply.id);
    });
  });

  describe('GET /comments/{id}/replies and GET /comments/{id}', () => {
    it('lists direct replies oldest first, paged by cursor', async () => {
      const top = await comment('replies-1', olena);
      const r1 = await comment('replies-1', ben, { parentId: top.id });
      const r2 = await comment('replies-1', cara, { parentId: top.id });
      const r3 = await comment('replies-1', olena, { parentId: top.id });
      const nested = await comment('replies-1', ben, { parentId: r1.id });

      const all = await t.api('GET', `/comments/${top.id}/replies`);
      expect(all.status).toBe(200);
      expect(ids(all)).toEqual([r1.id, r2.id, r3.id]);
      expect(all.body.nextCursor).toBeNull();

      const p1 = await t.api('GET', `/comments/${top.id}/replies?limit=2`);
      expect(ids(p1)).toEqual([r1.id, r2.id]);
      const p2 = await t.api('GET', `/comments/${top.id}/replies?limit=2&cursor=${enc(p1.body.nextCursor)}`);
      expect(ids(p2)).toEqual([r3.id]);
      expect(p2.body.nextCursor).toBeNull();

      expect(ids(await t.api('GET', `/comments/${r1.id}/replies`))).toEqual([nested.id]);
      expect((await t.api('GET', `/comments/${top.id}`)).body.replyCount).toBe(3);
    });

    it('gets one comment, 404 for an unknown id', async () => {
      const c = await comment('get-1', olena);
      const res = await t.api('GET', `/comments/${c.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...c, viewerReacted: false });
      expectError(await t.api('GET', `/comments/01900000-0000-7000-8000-000000000000`), 404, 'COMMENT_NOT_FOUND');
      expectError(await t.api('GET', `/comments/01900000-0000-7000-8000-000000000000/replies`), 404, 'COMMENT_NOT_FOUND');
    });
  });

  describe('PATCH /comments/{id}', () => {
    it('lets the author edit, keeps the earlier text as a revision', async () => {
      const c = await comment('edit-1', olena, { body: 'frist' });
      const res = await t.api('PATCH', `/comments/${c.id}`, { token: olena, body: { body: 'first, *really*' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ id: c.id, body: 'first, *really*', html: '<p>first, <em>really</em></p>', status: 'approved' }));
      expect(res.body.editedAt).toMatch(ISO);
      expect(res.body.createdAt).toBe(c.createdAt);

      const revisions = await t.ds.query(`SELECT body, html FROM comment_revisions WHERE comment_id = $1 ORDER BY id`, [c.id]);
      expect(revisions).toEqual([{ body: 'frist', html: '<p>frist</p>' }]);

      const again = await t.api('PATCH', `/comments/${c.id}`, { token: olena, body: { body: 'third version' } });
      expect(again.status).toBe(200);
      const revs2 = await t.ds.query(`SELECT body FROM comment_revisions WHERE comment_id = $1 ORDER BY id`, [c.id]);
      expect(revs2.map((r: any) => r.body)).toEqual(['frist', 'first, *really*']);

      const read = await t.api('GET', `/comments/${c.id}`);
      expect(read.body.body).toBe('third version');
      expect(read.body.editedAt).toMatch(ISO);
    });

    it('refuses other users, moderators included (403 NOT_AUTHOR), and anonymous (401)', async () => {
      const c = await comment('edit-2', olena, { body: 'mine to edit' });
      expectError(await t.api('PATCH', `/comments/${c.id}`, { token: ben, body: { body: 'hijacked' } }), 403, 'NOT_AUTHOR');
      expectError(await t.api('PATCH', `/comments/${c.id}`, { token: mod, body: { body: 'moderated text' } }), 403, 'NOT_AUTHOR');
      expectError(await t.api('PATCH', `/comments/${c.id}`, { body: { body: 'anonymous' } }), 401, 'AUTH_REQUIRED');
      expect((await t.api('GET', `/comments/${c.id}`)).body.body).toBe('mine to edit');
      expect((await t.ds.query(`SELECT count(*)::int AS n FROM comment_revisions WHERE comment_id = $1`, [c.id]))[0].n).toBe(0);
    });

    it('refuses an edit once the edit window (editWindowSeconds) is over', async () => {
      const s = await t.api('PATCH', '/settings', { token: admin, body: { editWindowSeconds: 60 } });
      expect(s.status).toBe(200);
      expect(s.body.editWindowSeconds).toBe(60);
      try {
        const old = await comment('edit-3', olena, { body: 'too late to change' });
        const recent = await comment('edit-3', olena, { body: 'still in time' });
        await t.ds.query(`UPDATE comments SET created_at = now() - interval '120 seconds' WHERE id = $1`, [old.id]);
        await t.ds.query(`UPDATE comments SET created_at = now() - interval '30 seconds' WHERE id = $1`, [recent.id]);

        expectError(await t.api('PATCH', `/comments/${old.id}`, { token: olena, body: { body: 'changed' } }), 403, 'EDIT_WINDOW_CLOSED');
        expect((await t.api('GET', `/comments/${old.id}`)).body.body).toBe('too late to change');
        expect((await t.ds.query(`SELECT count(*)::int AS n FROM comment_revisions WHERE comment_id = $1`, [old.id]))[0].n).toBe(0);

        const ok = await t.api('PATCH', `/comments/${recent.id}`, { token: olena, body: { body: 'changed in time' } });
        expect(ok.status).toBe(200);
        expect(ok.body.body).toBe('changed in time');
      } finally {
        expect((await t.api('PATCH', '/settings', { token: admin, body: { editWindowSeconds: 900 } })).status).toBe(200);
      }
    });

    it('runs moderation again: an edit on a premoderated article is held', async () => {
      const c = await comment('edit-4', olena, { body: 'fine at first' });
      expect((await t.api('PATCH', `/articles/edit-4`, { token: mod, body: { premoderation: true } })).status).toBe(200);
      const res = await t.api('PATCH', `/comments/${c.id}`, { token: olena, body: { body: 'changed after the fact' } });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('pending');
      expect((await t.api('GET', `/comments/${c.id}`)).status).toBe(404);
      expect((await t.api('GET', `/comments/${c.id}`, { token: olena })).body.status).toBe('pending');
    });

    it('validates the new body like a new one', async () => {
      const c = await comment('edit-5', olena, { body: 'valid body' });
      expectError(await t.api('PATCH', `/comments/${c.id}`, { token: olena, body: { body: '   ' } }), 400, 'COMMENT_EMPTY');
      expectError(await t.api('PATCH', `/comments/${c.id}`, { token: olena, body: { body: 'x'.repeat(5001) } }), 400, 'COMMENT_TOO_LONG');
      expectError(await t.api('PATCH', `/comments/${c.id}`, { token: olena, body: { body: 'ok', parentId: c.id } }), 400, 'VALIDATION_FAILED');
      expect((await t.api('GET', `/comments/${c.id}`)).body.body).toBe('valid body');
    });
  });

  describe('DELETE /comments/{id}', () => {
    it('lets the author delete (204); a comment without replies disappears', async () => {
      const keep = await comment('del-1', ben);
      const gone = await comment('del-1', olena);
      expect((await list('del-1')).body.total).toBe(2);
      const res = await t.api('DELETE', `/comments/${gone.id}`, { token: olena });
      expect(res.status).toBe(204);
      expect(res.body).toBeNull();
      expectError(await t.api('GET', `/comments/${gone.id}`), 404, 'COMMENT_NOT_FOUND');
      const after = await list('del-1');
      expect(ids(after)).toEqual([keep.id]);
      expect(after.body.total).toBe(1);
      const [row] = await t.ds.query(`SELECT status FROM comments WHERE id = $1`, [gone.id]);
      expect(row.status).toBe('deleted');
    });

    it('leaves a tombstone while visible replies remain, and removes it with the last reply', async () => {
      const parent = await comment('del-2', olena, { body: 'parent text' });
      const reply = await comment('del-2', ben, { parentId: parent.id });
      expect((await t.api('DELETE', `/comments/${parent.id}`, { token: olena })).status).toBe(204);

      const tomb = await t.api('GET', `/comments/${parent.id}`);
      expect(tomb.status).toBe(200);
      expect(tomb.body).toEqual(expect.objectContaining({ id: parent.id, status: 'deleted', body: '', html: '', author: null, replyCount: 1 }));
      const listed = await list('del-2');
      expect(listed.body.items).toHaveLength(1);
      expect(listed.body.items[0]).toEqual(expect.objectContaining({ id: parent.id, status: 'deleted', body: '', html: '', author: null }));
      expect(listed.body.total).toBe(1);
      expect(ids(await t.api('GET', `/comments/${parent.id}/replies`))).toEqual([reply.id]);
      // The author sees the tombstone too: the text is gone for everyone.
      expect((await t.api('GET', `/comments/${parent.id}`, { token: olena })).body.body).toBe('');

      expect((await t.api('DELETE', `/comments/${reply.id}`, { token: ben })).status).toBe(204);
      const empty = await list('del-2');
      expect(empty.body.items).toEqual([]);
      expect(empty.body.total).toBe(0);
      expect((await t.api('GET', `/comments/${parent.id}`)).status).toBe(404);
    });

    it("lets a moderator delete anyone's comment, not another reader", async () => {
      const c = await comment('del-3', olena);
      expectError(await t.api('DELETE', `/comments/${c.id}`, { token: ben }), 403, 'NOT_AUTHOR');
      expectError(await t.api('DELETE', `/comments/${c.id}`), 401, 'AUTH_REQUIRED');
      expect((await t.api('GET', `/comments/${c.id}`)).status).toBe(200);
      expect((await t.api('DELETE', `/comments/${c.id}`, { token: mod })).status).toBe(204);
      expect((await t.api('GET', `/comments/${c.id}`)).status).toBe(404);
      expect(ids(await list('del-3'))).toEqual([]);
    });

    it('404s an unknown comment', async () => {
      expectError(await t.api('DELETE', `/comments/01900000-0000-7000-8000-000000000000`, { token: olena }), 404, 'COMMENT_NOT_FOUND');
    });
  });

  describe('reactions', () => {
    it('PUT and DELETE like are idempotent and report the count and viewerReacted', async () => {
      const c = await comment('like-1', olena);
      const put = () => t.api('PUT', `/comments/${c.id}/reactions/like`, { token: ben });
      const r1 = await put();
      expect(r1.status).toBe(200);
      expect(r1.body).toEqual({ reactions: { like: 1 }, viewerReacted: true });
      expect((await put()).body).toEqual({ reactions: { like: 1 }, viewerReacted: true });

      const r3 = await t.api('PUT', `/comments/${c.id}/reactions/like`, { token: cara });
      expect(r3.body).toEqual({ reactions: { like: 2 }, viewerReacted: true });

      const asBen = await t.api('GET', `/comments/${c.id}`, { token: ben });
      expect(asBen.body.reactions).toEqual({ like: 2 });
      expect(asBen.body.viewerReacted).toBe(true);
      expect((await t.api('GET', `/comments/${c.id}`, { token: olena })).body.viewerReacted).toBe(false);
      expect((await list('like-1', '', ben)).body.items[0]).toEqual(expect.objectContaining({ id: c.id, viewerReacted: true, reactions: { like: 2 } }));

      const del = () => t.api('DELETE', `/comments/${c.id}/reactions/like`, { token: ben });
      const d1 = await del();
      expect(d1.status).toBe(200);
      expect(d1.body).toEqual({ reactions: { like: 1 }, viewerReacted: false });
      expect((await del()).body).toEqual({ reactions: { like: 1 }, viewerReacted: false });

      const [row] = await t.ds.query(`SELECT like_count FROM comments WHERE id = $1`, [c.id]);
      expect(row.like_count).toBe(1);
      const reactions = await t.ds.query(`SELECT user_id FROM reactions WHERE comment_id = $1`, [c.id]);
      expect(reactions.map((r: any) => r.user_id)).toEqual(['u-cara']);
      expect((await list('like-1', '', ben)).body.items[0].viewerReacted).toBe(false);
    });

    it('needs a token, a known comment and the `like` kind', async () => {
      const c = await comment('like-2', olena);
      expectError(await t.api('PUT', `/comments/${c.id}/reactions/like`), 401, 'AUTH_REQUIRED');
      expectError(await t.api('PUT', `/comments/01900000-0000-7000-8000-000000000000/reactions/like`, { token: ben }), 404, 'COMMENT_NOT_FOUND');
      expect((await t.api('PUT', `/comments/${c.id}/reactions/love`, { token: ben })).status).toBe(404);
      expect((await t.api('GET', `/comments/${c.id}`)).body.reactions).toEqual({ like: 0 });
    });
  });

  describe('reports', () => {
    const openReports = async (id: string) => (await t.ds.query(`SELECT open_report_count FROM comments WHERE id = $1`, [id]))[0].open_report_count;

    it('accepts a report (202), counting one per user per comment', async () => {
      const c = await comment('report-1', olena);
      const r1 = await t.api('POST', `/comments/${c.id}/reports`, { token: ben, body: { reason: 'spam' } });
      expect(r1.status).toBe(202);
      expect(await openReports(c.id)).toBe(1);
      const r2 = await t.api('POST', `/comments/${c.id}/reports`, { token: ben, body: { reason: 'abuse', note: 'again' } });
      expect(r2.status).toBe(202);
      expect(await openReports(c.id)).toBe(1);
      const r3 = await t.api('POST', `/comments/${c.id}/reports`, { token: cara, body: { reason: 'off_topic', note: 'not about the article' } });
      expect(r3.status).toBe(202);
      expect(await openReports(c.id)).toBe(2);
      const rows = await t.ds.query(`SELECT user_id, reason, note FROM reports WHERE comment_id = $1 ORDER BY id`, [c.id]);
      expect(rows).toEqual([
        { user_id: 'u-ben', reason: 'spam', note: null },
        { user_id: 'u-cara', reason: 'off_topic', note: 'not about the article' },
      ]);
      // Still visible to readers while it waits for a moderator.
      expect((await t.api('GET', `/comments/${c.id}`)).status).toBe(200);
    });

    it('takes only spam, abuse, off_topic or other', async () => {
      const c = await comment('report-2', olena);
      for (const reason of ['spam', 'abuse', 'off_topic', 'other']) {
        const tok = t.token({ sub: `reporter-${reason}`, name: `Reporter ${reason}` });
        expect((await t.api('POST', `/comments/${c.id}/reports`, { token: tok, body: { reason } })).status).toBe(202);
      }
      for (const body of [{ reason: 'rude' }, { reason: 'SPAM' }, {}, { reason: 'spam', note: 'n'.repeat(501) }, { reason: 'spam', extra: true }]) {
        expectError(await t.api('POST', `/comments/${c.id}/reports`, { token: ben, body }), 400, 'VALIDATION_FAILED');
      }
      expect(await openReports(c.id)).toBe(4);
    });

    it('needs a token and a known comment', async () => {
      const c = await comment('report-3', olena);
      expectError(await t.api('POST', `/comments/${c.id}/reports`, { body: { reason: 'spam' } }), 401, 'AUTH_REQUIRED');
      expectError(
        await t.api('POST', `/comments/01900000-0000-7000-8000-000000000000/reports`, { token: ben, body: { reason: 'spam' } }),
        404,
        'COMMENT_NOT_FOUND',
      );
      expect(await openReports(c.id)).toBe(0);
    });
  });

  describe('articles', () => {
    it('GET /articles/{id} has the contract shape and counts visible comments at every depth', async () => {
      const top = await comment('art-1', olena, { articleTitle: 'Budget day', articleUrl: 'https://news.example/budget' });
      await comment('art-1', ben, { parentId: top.id });
      await comment('art-1', cara);
      const res = await t.api('GET', '/articles/art-1');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: 'art-1',
        title: 'Budget day',
        url: 'https://news.example/budget',
        section: null,
        closed: false,
        premoderation: false,
        commentCount: 3,
      });
      expectError(await t.api('GET', '/articles/no-such-article'), 404, 'ARTICLE_NOT_FOUND');
    });

    it('PATCH by a moderator updates the article; closing it stops new comments', async () => {
      await comment('art-2', olena);
      const res = await t.api('PATCH', '/articles/art-2', { token: mod, body: { title: 'Closed story', url: 'https://news.example/closed', closed: true } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: 'art-2',
        title: 'Closed story',
        url: 'https://news.example/closed',
        section: null,
        closed: true,
        premoderation: false,
        commentCount: 1,
      });
      expect((await t.api('GET', '/articles/art-2')).body.closed).toBe(true);

      const before = await commentRows();
      expectError(await post('art-2', ben, { body: text() }), 403, 'ARTICLE_CLOSED');
      expect(await commentRows()).toBe(before);

      expect((await t.api('PATCH', '/articles/art-2', { token: admin, body: { closed: false } })).body.closed).toBe(false);
      expect((await post('art-2', ben, { body: text() })).status).toBe(201);
    });

    it('PATCH creates the article row when it does not exist yet', async () => {
      const res = await t.api('PATCH', '/articles/art-new', { token: mod, body: { premoderation: true } });
      expect(res.status).toBe(200);
      expect((await t.api('GET', '/articles/art-new')).body).toEqual({
        id: 'art-new',
        title: null,
        url: null,
        section: null,
        closed: false,
        premoderation: true,
        commentCount: 0,
      });
    });

    it('PATCH refuses readers (403 WRONG_ROLE) and anonymous callers (401)', async () => {
      await comment('art-3', olena);
      expectError(await t.api('PATCH', '/articles/art-3', { token: olena, body: { closed: true } }), 403, 'WRONG_ROLE');
      expectError(await t.api('PATCH', '/articles/art-3', { body: { closed: true } }), 401, 'AUTH_REQUIRED');
      expect((await t.api('GET', '/articles/art-3')).body.closed).toBe(false);
    });
  });

  describe('GET /counts', () => {
    it('counts visible comments per article, unknown ids 0', async () => {
      await comment('count-a', olena);
      const top = await comment('count-a', ben);
      await comment('count-a', cara, { parentId: top.id });
      await comment('count/c', olena);
      const res = await t.api('GET', `/counts?articleIds=${enc('count-a,count-b,count/c')}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ counts: { 'count-a': 3, 'count-b': 0, 'count/c': 1 } });
    });

    it('takes up to 100 ids', async () => {
      const hundred = Array.from({ length: 100 }, (_, i) => `bulk-${i}`);
      const ok = await t.api('GET', `/counts?articleIds=${hundred.join(',')}`);
      expect(ok.status).toBe(200);
      expect(Object.keys(ok.body.counts).sort()).toEqual([...hundred].sort());
      expectError(await t.api('GET', `/counts?articleIds=${[...hundred, 'bulk-100'].join(',')}`), 400, 'TOO_MANY_IDS');
    });

    it('refuses invalid ids and a missing list', async () => {
      expectError(await t.api('GET', `/counts?articleIds=${enc('good,bad id')}`), 400, 'INVALID_ARTICLE_ID');
      expectError(await t.api('GET', `/counts?articleIds=${enc('good,<script>')}`), 400, 'INVALID_ARTICLE_ID');
      expectError(await t.api('GET', `/counts?articleIds=${'x'.repeat(201)}`), 400, 'INVALID_ARTICLE_ID');
      expect((await t.api('GET', `/counts`)).status).toBe(400);
      expect((await t.api('GET', `/counts?articleIds=`)).status).toBe(400);
    });
  });

  it('takes article ids with `/` URL-encoded as %2F everywhere', async () => {
    const articleId = 'news/world/europe-65300000';
    const res = await t.api('POST', `/articles/news%2Fworld%2Feurope-65300000/comments`, { token: olena, body: { body: 'slashes' } });
    expect(res.status).toBe(201);
    expect(res.body.articleId).toBe(articleId);
    const listed = await t.api('GET', `/articles/news%2Fworld%2Feurope-65300000/comments`);
    expect(ids(listed)).toEqual([res.body.id]);
    expect(listed.body.total).toBe(1);
    const article = await t.api('GET', `/articles/news%2Fworld%2Feurope-65300000`);
    expect(article.body).toEqual(expect.objectContaining({ id: articleId, commentCount: 1 }));
    const patched = await t.api('PATCH', `/articles/news%2Fworld%2Feurope-65300000`, { token: mod, body: { title: 'Europe' } });
    expect(patched.body).toEqual(expect.objectContaining({ id: articleId, title: 'Europe' }));
    const [row] = await t.ds.query(`SELECT article_id FROM comments WHERE id = $1`, [res.body.id]);
    expect(row.article_id).toBe(articleId);
  });

  it('shows a pending comment to its author only', async () => {
    const A = 'premod-1';
    const visible = await comment(A, ben);
    expect((await t.api('PATCH', `/articles/${A}`, { token: mod, body: { premoderation: true } })).body.premoderation).toBe(true);
    const held = await post(A, olena, { body: 'waiting for a moderator' });
    expect(held.status).toBe(201);
    expect(held.body.status).toBe('pending');

    const own = await t.api('GET', `/comments/${held.body.id}`, { token: olena });
    expect(own.status).toBe(200);
    expect(own.body).toEqual(expect.objectContaining({ status: 'pending', body: 'waiting for a moderator', author: { id: 'u-olena', name: 'Olena' } }));
    expectError(await t.api('GET', `/comments/${held.body.id}`), 404, 'COMMENT_NOT_FOUND');
    expectError(await t.api('GET', `/comments/${held.body.id}`, { token: ben }), 404, 'COMMENT_NOT_FOUND');

    const mine = await list(A, '', olena);
    expect(ids(mine)).toEqual([held.body.id, visible.id]);
    expect(mine.body.items[0].status).toBe('pending');
    expect(ids(await list(A))).toEqual([visible.id]);
    expect(ids(await list(A, '', ben))).toEqual([visible.id]);
    expect((await list(A)).body.total).toBe(1);
    expect((await t.api('GET', `/counts?articleIds=${A}`)).body.counts[A]).toBe(1);
    // Nobody else can reply to it or react to it.
    expectError(await post(A, ben, { body: text(), parentId: held.body.id }), 404, 'PARENT_NOT_FOUND');
    expectError(await t.api('PUT', `/comments/${held.body.id}/reactions/like`, { token: ben }), 404, 'COMMENT_NOT_FOUND');
  });

  it('lets a banned user read but not write (403 USER_BANNED)', async () => {
    const troll = t.token({ sub: 'u-troll', name: 'Troll' });
    const earlier = await comment('ban-1', troll, { body: 'before the ban' });
    await t.ds.query(`UPDATE users SET status = 'banned' WHERE id = 'u-troll'`);
    const before = await commentRows();
    expectError(await post('ban-1', troll, { body: 'after the ban' }), 403, 'USER_BANNED');
    expectError(await post('ban-1', troll, { body: 'a reply after the ban', parentId: earlier.id }), 403, 'USER_BANNED');
    expectError(await t.api('PATCH', `/comments/${earlier.id}`, { token: troll, body: { body: 'edited after the ban' } }), 403, 'USER_BANNED');
    expect(await commentRows()).toBe(before);
    // Reacting and reporting are writing too.
    const victim = await comment('ban-2', t.token({ sub: 'u-victim', name: 'Victim' }), { body: 'a fair point' });
    expectError(await t.api('PUT', `/comments/${victim.id}/reactions/like`, { token: troll }), 403, 'USER_BANNED');
    expectError(await t.api('POST', `/comments/${victim.id}/reports`, { token: troll, body: { reason: 'abuse' } }), 403, 'USER_BANNED');
    const [marks] = await t.ds.query(
      `SELECT (SELECT count(*) FROM reactions WHERE user_id = 'u-troll')::int AS likes, (SELECT count(*) FROM reports WHERE user_id = 'u-troll')::int AS reports`,
    );
    expect(marks).toEqual({ likes: 0, reports: 0 });

    const read = await list('ban-1', '', troll);
    expect(read.status).toBe(200);
    expect(ids(read)).toEqual([earlier.id]);
    const one = await t.api('GET', `/comments/${earlier.id}`, { token: troll });
    expect(one.status).toBe(200);
    expect(one.body.body).toBe('before the ban');
    const [user] = await t.ds.query(`SELECT status FROM users WHERE id = 'u-troll'`);
    expect(user.status).toBe('banned');
  });

  it('lets a suspended user read but not write until the suspension ends (403 USER_SUSPENDED)', async () => {
    const hot = t.token({ sub: 'u-hothead', name: 'Hothead' });
    const earlier = await comment('suspend-1', hot);
    await t.ds.query(`UPDATE users SET status = 'suspended', suspended_until = now() + interval '1 day' WHERE id = 'u-hothead'`);
    const before = await commentRows();
    expectError(await post('suspend-1', hot, { body: 'while suspended' }), 403, 'USER_SUSPENDED');
    expect(await commentRows()).toBe(before);
    expect(ids(await list('suspend-1', '', hot))).toEqual([earlier.id]);

    await t.ds.query(`UPDATE users SET suspended_until = now() - interval '1 minute' WHERE id = 'u-hothead'`);
    expect((await post('suspend-1', hot, { body: 'suspension over' })).status).toBe(201);
  });
});
