import type { TestApp } from '../support/app';
import { actors, Actors, article, must, patchSettings, postComment, startAppWithActors, text } from '../support/factories';
import { mustJoin, SocketPool } from '../live/live-helpers';

const CONFIRM = { confirm: 'delete my account' };

/** Polls `probe` until it answers something truthy (work done by the job queue after a commit). */
async function eventually<T>(probe: () => Promise<T>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}`);
}

/** GET /me/data, DELETE /me (both modes), the admin's twins under /moderation/users, and what a deleted account's tokens may do. */
describe("readers' data rights", () => {
  let t: TestApp;
  let a: Actors;
  const pool = new SocketPool();

  beforeAll(async () => {
    ({ t, a } = await startAppWithActors());
  });
  afterAll(async () => {
    pool.closeAll();
    await t.close();
  });

  const recount = () => must(t.api('POST', '/moderation/recount', { token: a.admin }));
  const approve = (id: string) => must(t.api('POST', `/moderation/comments/${id}/approve`, { token: a.mod }));
  const userRow = async (id: string) => (await t.ds.query(`SELECT * FROM users WHERE site_id = 'default' AND id = $1`, [id]))[0];
  /** A token issued `seconds` from now (a publisher signing in again after the deletion). */
  const later = (sub: string, name: string, seconds = 2) => t.token({ sub, name, email: `${sub}@example.test`, iat: Math.floor(Date.now() / 1000) + seconds });

  it('GET /me/data: the profile, every comment with its revisions, reactions, reports, notifications, preferences and decisions, and nobody else’s', async () => {
    const art = article('export');
    const ann = t.token({ sub: 'ann', name: 'Ann Export', email: 'ann@example.test' });
    const bob = a.reader('bob-export', 'Bob');
    const mine = await postComment(t, ann, art, 'first words');
    await must(t.api('PATCH', `/comments/${mine.id}`, { token: ann, body: { body: 'second words' } }));
    const rejected = await postComment(t, ann, art, text('to reject'));
    await must(t.api('POST', `/moderation/comments/${rejected.id}/reject`, { token: a.mod, body: { reason: 'Off topic' } }));
    const bobs = await postComment(t, bob, art, text('bob says'));
    await must(t.api('PUT', `/comments/${bobs.id}/reactions/like`, { token: ann }));
    await must(t.api('POST', `/comments/${bobs.id}/reports`, { token: ann, body: { reason: 'spam', note: 'looks like an ad' } }), 202);
    // This instance sends no email, so the choice is stored as the preferences endpoint would store it.
    await t.ds.query(`INSERT INTO notification_preferences (site_id, user_id, email) VALUES ('default', 'ann', 'daily')`);
    await must(t.api('POST', '/moderation/users/ann/warn', { token: a.mod, body: { message: 'Please stay on topic' } }), 201);
    await must(t.api('POST', '/me/warning/ack', { token: ann }), 200);
    await postComment(t, bob, art, text('bob replies'), { parentId: mine.id });
    await eventually(async () => (await t.ds.query(`SELECT 1 FROM notifications WHERE user_id = 'ann' AND kind = 'reply'`)).length, 'the reply notification');
    // Muted after the reply: a muted author's replies notify nobody who muted them.
    await must(t.api('POST', '/me/mutes', { token: ann, body: { userId: 'bob-export' } }), 201);

    const res = await t.api('GET', '/me/data', { token: ann });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const d = res.body;
    expect(d.site).toEqual({ id: 'default', name: expect.any(String) });
    expect(d.profile).toMatchObject({ id: 'ann', name: 'Ann Export', email: 'ann@example.test', role: 'reader', status: 'active' });
    expect(d.comments.map((c: any) => [c.id, c.status, c.body])).toEqual([
      [mine.id, 'approved', 'second words'],
      [rejected.id, 'rejected', expect.stringContaining('to reject')],
    ]);
    expect(d.comments[0].revisions.map((r: any) => r.body)).toEqual(['first words']);
    expect(d.reactions).toEqual([{ commentId: bobs.id, kind: 'like', createdAt: expect.any(String) }]);
    expect(d.reports).toEqual([{ commentId: bobs.id, reason: 'spam', note: 'looks like an ad', createdAt: expect.any(String), resolvedAt: null }]);
    expect(d.notifications.map((n: any) => [n.kind, n.actorName])).toContainEqual(['reply', 'Bob']);
    expect(d.preferences.email).toBe('daily');
    expect(d.mutes).toEqual([{ userId: 'bob-export', createdAt: expect.any(String) }]);
    expect(d.warnings).toEqual([{ message: 'Please stay on topic', createdAt: expect.any(String), acknowledgedAt: expect.any(String) }]);
    expect(d.moderation).toContainEqual(expect.objectContaining({ action: 'reject', commentId: rejected.id, to: 'rejected', reason: 'Off topic' }));
    expect(JSON.stringify(d)).not.toContain('bob says');
    expect((await t.api('GET', '/me/data')).status).toBe(401);
  });

  it('delete mode: comments become tombstones removed by their author (replies kept, counts exact, readers told live), the account is scrubbed and its old tokens refused', async () => {
    await patchSettings(t, a.admin, { premodNewUsers: 1, suspectWords: ['holdthis'] });
    const art = article('delete');
    const cid = t.token({ sub: 'cid', name: 'Cid Gone', email: 'cid@example.test' });
    const dee = a.reader('dee', 'Dee');
    const first = await postComment(t, cid, art, 'cid first, with replies');
    expect(first.status).toBe('pending');
    await approve(first.id);
    const second = await postComment(t, cid, art, 'cid second, alone');
    expect(second.status).toBe('approved'); // trusted now: one approved comment
    await must(t.api('PATCH', `/comments/${second.id}`, { token: cid, body: { body: 'cid second, edited' } }));
    const held = await postComment(t, cid, art, 'please holdthis one');
    expect(held.status).toBe('pending');
    const deesTop = await postComment(t, dee, art, 'dee on top');
    await approve(deesTop.id);
    const reply = await postComment(t, dee, art, 'dee replies to cid', { parentId: first.id });
    await approve(reply.id);
    const cidsReply = await postComment(t, cid, art, 'cid answers dee', { parentId: deesTop.id });
    await must(t.api('PUT', `/comments/${deesTop.id}/reactions/like`, { token: cid }));
    await must(t.api('POST', '/me/mutes', { token: cid, body: { userId: 'dee' } }), 201);
    await must(t.api('POST', '/me/mutes', { token: dee, body: { userId: 'cid' } }), 201);
    await eventually(
      async () => (await t.ds.query(`SELECT 1 FROM notifications WHERE user_id = 'dee' AND comment_id = $1`, [cidsReply.id])).length,
      'dee told',
    );

    const { socket, inbox } = await pool.connect(t.url, { label: 'reader of the article' });
    await mustJoin(socket, art);

    const bad = [undefined, {}, { confirm: 'yes' }, { confirm: 'delete my account', extra: 1 }];
    for (const body of bad) expect({ body, status: (await t.api('DELETE', '/me', { token: cid, body })).status }).toEqual({ body, status: 400 });
    expect((await userRow('cid')).deleted_at).toBeNull();

    const done = await must(t.api('DELETE', '/me', { token: cid, body: CONFIRM }));
    expect(done).toEqual({ userId: 'cid', mode: 'delete', comments: 4 });

    // Readers: the one with a reply stays as a tombstone, the others leave the page.
    const updated = await inbox.waitFor('comment.updated', (e) => e.comment?.id === first.id);
    expect(updated.comment).toMatchObject({ status: 'deleted', author: null, body: '', removedBy: 'author' });
    await inbox.waitFor('comment.removed', (e) => e.id === second.id);
    await inbox.waitFor('comment.removed', (e) => e.id === cidsReply.id);
    expect((await t.api('GET', `/comments/${second.id}`)).status).toBe(404);
    const tomb = await must(t.api('GET', `/comments/${first.id}`));
    expect(tomb).toMatchObject({ status: 'deleted', author: null, body: '', replyCount: 1 });
    expect((await must(t.api('GET', `/comments/${first.id}/replies`))).items.map((c: any) => c.id)).toEqual([reply.id]);
    expect((await must(t.api('GET', `/comments/${deesTop.id}`))).reactions.like).toBe(1);

    // Nothing of the text, the name or the email is left; counts equal a recount.
    expect(await t.ds.query(`SELECT id FROM comments WHERE author_id = 'cid'`)).toEqual([]);
    const rows = await t.ds.query(`SELECT body, html, status, author_id FROM comments WHERE id = ANY($1)`, [[first.id, second.id, held.id, cidsReply.id]]);
    expect(rows.every((r: any) => r.body === '' && r.html === '' && r.status === 'deleted' && r.author_id.startsWith('deleted:'))).toBe(true);
    expect(await t.ds.query(`SELECT 1 FROM comment_revisions WHERE comment_id = $1`, [second.id])).toEqual([]);
    const stored = JSON.stringify(await t.ds.query(`SELECT payload FROM events WHERE article_id = $1`, [art]));
    expect(stored).not.toMatch(/cid first|cid second|cid answers|Cid Gone/);
    const deesNote = (await t.ds.query(`SELECT actor_name, excerpt FROM notifications WHERE user_id = 'dee' AND comment_id = $1`, [cidsReply.id]))[0];
    expect(deesNote).toEqual({ actor_name: 'Deleted user', excerpt: '' });
    expect(await recount()).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });
    const row = await userRow('cid');
    expect(row).toMatchObject({ name: 'Deleted user', email: null, approved_count: 0, rejected_count: 0 });
    expect(row.deleted_at).not.toBeNull();
    expect(await t.ds.query(`SELECT 1 FROM notifications WHERE user_id = 'cid'`)).toEqual([]);
    expect(await t.ds.query(`SELECT 1 FROM mutes WHERE user_id = 'cid' OR muted_id = 'cid'`)).toEqual([]);
    const log = await must(t.api('GET', '/moderation/log?action=user.deleted', { token: a.admin }));
    expect(log.items.map((e: any) => [e.action, e.userId ?? e.user?.id, e.toStatus ?? e.to])).toContainEqual(['user.deleted', 'cid', 'delete']);

    // The token of the deleted account can do nothing any more; a token issued after it starts afresh.
    for (const [method, path, body] of [
      ['POST', `/articles/${art}/comments`, { body: text('ghost post') }],
      ['PUT', `/comments/${deesTop.id}/reactions/like`, undefined],
      ['GET', '/me/data', undefined],
      ['DELETE', '/me', CONFIRM],
      ['POST', '/me/mutes', { userId: 'dee' }],
    ] as const) {
      const res = await t.api(method, path, { token: cid, body });
      expect({ path, status: res.status, code: res.body?.error?.code ?? res.body?.code }).toEqual({ path, status: 403, code: 'ACCOUNT_DELETED' });
    }
    const again = later('cid', 'Cid Again');
    const fresh = await postComment(t, again, art, text('a new start'));
    expect(fresh.status).toBe('pending'); // the old account's trust is not inherited
    const data = await must(t.api('GET', '/me/data', { token: again }));
    expect(data.profile).toMatchObject({ name: 'Cid Again', approvedCount: 0 });
    expect(data.comments.map((c: any) => c.id)).toEqual([fresh.id]);
    expect(data.reactions).toEqual([]);
    await patchSettings(t, a.admin, { premodNewUsers: 0, suspectWords: [] });
  });

  it('a ban in force outlives the deletion: the account signed in again is still banned', async () => {
    const eve = a.reader('eve', 'Eve');
    await postComment(t, eve, article('ban'), text());
    await must(t.api('POST', '/moderation/users/eve/ban', { token: a.mod, body: { reason: 'abuse' } }));
    await must(t.api('DELETE', '/me', { token: eve, body: CONFIRM }));
    const res = await t.api('POST', `/articles/${article('ban2')}/comments`, { token: later('eve', 'Eve Again'), body: { body: text() } });
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).toContain('USER_BANNED');
  });

  it('anonymize mode: the comments stay under "Deleted user" (live and in the stored events), the person is gone', async () => {
    await patchSettings(t, a.admin, { accountDeletion: 'anonymize' });
    const art = article('anon');
    const fay = t.token({ sub: 'fay', name: 'Fay Named', email: 'fay@example.test' });
    const kept = await postComment(t, fay, art, 'fay keeps this');
    const { socket, inbox } = await pool.connect(t.url, { label: 'reader' });
    await mustJoin(socket, art);
    expect(await must(t.api('DELETE', '/me', { token: fay, body: CONFIRM }))).toEqual({ userId: 'fay', mode: 'anonymize', comments: 1 });
    const ev = await inbox.waitFor('comment.updated', (e) => e.comment?.id === kept.id);
    expect(ev.comment.author).toEqual({ id: expect.stringMatching(/^deleted:/), name: 'Deleted user' });
    const now = await must(t.api('GET', `/comments/${kept.id}`));
    expect(now).toMatchObject({ body: 'fay keeps this', status: 'approved', author: { name: 'Deleted user' } });
    const ghost = await userRow(now.author.id);
    expect(ghost).toMatchObject({ name: 'Deleted user', email: null, approved_count: 1 });
    expect(JSON.stringify(await t.ds.query(`SELECT payload FROM events WHERE article_id = $1`, [art]))).not.toContain('Fay Named');
    expect(await userRow('fay')).toMatchObject({ name: 'Deleted user', email: null, approved_count: 0 });
    expect(await recount()).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });
    await patchSettings(t, a.admin, { accountDeletion: 'delete' });
  });

  it('admins export and delete any reader of the site, logged; moderators may not; bad input changes nothing', async () => {
    const gus = t.token({ sub: 'gus', name: 'Gus', email: 'gus@example.test' });
    const c = await postComment(t, gus, article('admin'), text('gus writes'));
    expect((await t.api('GET', '/moderation/users/gus/data', { token: a.mod })).status).toBe(403);
    expect((await t.api('DELETE', '/moderation/users/gus', { token: a.mod, body: { confirm: 'gus' } })).status).toBe(403);
    const data = await must(t.api('GET', '/moderation/users/gus/data', { token: a.admin }));
    expect(data.profile.email).toBe('gus@example.test');
    expect(data.comments.map((x: any) => x.id)).toEqual([c.id]);
    expect((await t.api('GET', '/moderation/users/nobody/data', { token: a.admin })).status).toBe(404);
    expect((await t.api('DELETE', '/moderation/users/gus', { token: a.admin, body: { confirm: 'someone else' } })).status).toBe(400);
    expect((await t.api('DELETE', '/moderation/users/gus', { token: a.admin })).status).toBe(400);
    expect((await userRow('gus')).deleted_at).toBeNull();
    await must(t.api('GET', '/moderation/users/mod-1', { token: a.mod }));
    expect((await t.api('DELETE', '/moderation/users/mod-1', { token: a.admin, body: { confirm: 'mod-1' } })).status).toBe(403);
    expect(await must(t.api('DELETE', '/moderation/users/gus', { token: a.admin, body: { confirm: 'gus' } }))).toEqual({
      userId: 'gus',
      mode: 'delete',
      comments: 1,
    });
    expect((await t.api('DELETE', '/moderation/users/gus', { token: a.admin, body: { confirm: 'gus' } })).status).toBe(409);
    expect((await t.api('DELETE', '/moderation/users/nobody', { token: a.admin, body: { confirm: 'nobody' } })).status).toBe(404);
    // The deletion names the account; the entries before it moved with the history to the anonymous row.
    expect(await t.ds.query(`SELECT action, actor_id FROM moderation_log WHERE user_id = 'gus' ORDER BY id`)).toEqual([
      { action: 'user.deleted', actor_id: 'admin-1' },
    ]);
    const exported = await t.ds.query(`SELECT user_id FROM moderation_log WHERE action = 'user.data_exported' AND actor_id = 'admin-1'`);
    expect(exported).toEqual([{ user_id: expect.stringMatching(/^deleted:/) }]);
    expect((await t.api('POST', `/articles/${article('x')}/comments`, { token: gus, body: { body: text() } })).status).toBe(403);
  });

  it('a staff member cannot delete their account from the widget', async () => {
    const res = await t.api('DELETE', '/me', { token: actors(t).mod, body: CONFIRM });
    expect(res.status).toBe(403);
  });
});
