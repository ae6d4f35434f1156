import { SocketPool } from '../live/live-helpers';
import { startApp, type TestApp } from '../support/app';
import { actors, article, enc, must, NO_FLOOD_LIMIT, patchSettings, postComment, text } from '../support/factories';
import { eventually, FAST_JOBS, settled, SmtpSink } from './notify-helpers';

/**
 * Notifications end to end: a real SMTP server in a child process, real socket.io clients, the
 * service on a fresh database. Readers are told of replies (only once published) and of decisions
 * on their comments; emails go at once or in a digest; the unsubscribe link stops them.
 */
describe('notifications', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let who: ReturnType<typeof actors>;
  const pool = new SocketPool();
  const extra: TestApp[] = [];

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startApp({ ...FAST_JOBS, SMTP_URL: sink.url, MAIL_FROM: 'comments@news.test' });
    who = actors(t);
    await patchSettings(t, who.admin, NO_FLOOD_LIMIT);
  });

  afterAll(async () => {
    pool.closeAll();
    for (const a of extra) await a.close().catch(() => undefined);
    await t?.close();
    await sink?.close();
  });

  /** A reader whose token carries an address. */
  const reader = (app: TestApp, sub: string, email?: string) => app.token({ sub, name: `Reader ${sub}`, ...(email ? { email } : {}) });
  const prefs = (app: TestApp, token: string, email: string) => must(app.api('PUT', '/notifications/preferences', { token, body: { email } }));
  const list = (app: TestApp, token: string) => must(app.api('GET', '/notifications', { token }));

  it('a published reply: one stored and live notification and one email for the parent’s author, with one-click unsubscribe headers', async () => {
    const alice = reader(t, 'alice', 'alice@news.test');
    const bob = reader(t, 'bob', 'bob@news.test');
    expect(await prefs(t, alice, 'immediate')).toEqual({ email: 'immediate', address: 'alice@news.test', emailAvailable: true });
    const { inbox } = await pool.connect(t.url, { token: alice, label: 'alice' });
    const art = article('reply');
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { title: 'The story', url: 'https://news.test/story' } }));

    const parent = await postComment(t, alice, art, text('parent'));
    const reply = await postComment(t, bob, art, 'Bob answers here', { parentId: parent.id });
    // Alice replying to herself tells no one.
    await postComment(t, alice, art, text('own'), { parentId: parent.id });

    const live = await inbox.waitFor('notification', (e) => e.notification.commentId === reply.id);
    expect(live.unreadCount).toBe(1);
    expect(live.notification).toMatchObject({
      kind: 'reply',
      actorName: 'Reader bob',
      excerpt: 'Bob answers here',
      read: false,
      articleUrl: 'https://news.test/story',
    });
    await eventually(async () => (await sink.to('alice@news.test')).length === 1, 20_000, 'the email');
    await settled(t);

    const mails = await sink.to('alice@news.test');
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toBe('Reader bob replied to your comment');
    expect(mail.from).toContain('comments@news.test');
    expect(mail.text).toContain('Bob answers here');
    expect(mail.text).toContain(`https://news.test/story#comment-${reply.id}`);
    expect(mail.raw).toMatch(/^List-Unsubscribe: <http[^>]+\/api\/v1\/notifications\/unsubscribe\?site=default&token=[^>]+>$/m);
    expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(inbox.events.filter((e) => e.name === 'notification')).toHaveLength(1);

    const page = await list(t, alice);
    expect(page.unreadCount).toBe(1);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ kind: 'reply', commentId: reply.id, articleTitle: 'The story' });
    expect((await list(t, bob)).items).toEqual([]);
    expect(await must(t.api('POST', '/notifications/read', { token: alice, body: { ids: [page.items[0].id] } }))).toEqual({ unreadCount: 0 });
    expect((await list(t, alice)).items[0].read).toBe(true);
  });

  it('a held reply tells no one; approving it tells the parent’s author once and its author the decision; a rejection says why to an offline author', async () => {
    const carol = reader(t, 'carol', 'carol@news.test');
    const dave = reader(t, 'dave');
    const erin = reader(t, 'erin');
    await prefs(t, carol, 'immediate');
    const { inbox } = await pool.connect(t.url, { token: carol, label: 'carol' });
    const art = article('held');
    const parent = await postComment(t, carol, art, text('parent'));
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { premoderation: true } }));

    const held = await postComment(t, dave, art, text('held reply'), { parentId: parent.id });
    const refused = await postComment(t, erin, art, text('refused reply'), { parentId: parent.id });
    expect([held.status, refused.status]).toEqual(['pending', 'pending']);
    await settled(t);
    expect((await list(t, carol)).items).toEqual([]);
    expect(await sink.to('carol@news.test')).toEqual([]);

    await must(t.api('POST', `/moderation/comments/${refused.id}/reject`, { token: who.mod, body: { reason: 'Off topic' } }));
    await must(t.api('POST', `/moderation/comments/${held.id}/approve`, { token: who.mod }));
    // Approving again changes nothing and tells no one again.
    await must(t.api('POST', `/moderation/comments/${held.id}/approve`, { token: who.mod }));
    await inbox.waitFor('notification', (e) => e.notification.commentId === held.id);
    await eventually(async () => (await sink.to('carol@news.test')).length === 1, 20_000, 'the email');
    await settled(t);

    const carols = await list(t, carol);
    expect(carols.items.map((n: any) => [n.kind, n.commentId])).toEqual([['reply', held.id]]);
    expect(await sink.to('carol@news.test')).toHaveLength(1);
    expect(inbox.events.filter((e) => e.name === 'notification')).toHaveLength(1);
    // Dave was offline: the decision is there when he comes back.
    expect((await list(t, dave)).items).toMatchObject([{ kind: 'approved', commentId: held.id, reason: null }]);
    const erins = await list(t, erin);
    expect(erins).toMatchObject({ unreadCount: 1, items: [{ kind: 'rejected', commentId: refused.id, reason: 'Off topic' }] });
    expect(await must(t.api('POST', '/notifications/read', { token: erin, body: { all: true } }))).toEqual({ unreadCount: 0 });

    // Featuring tells the author; a moderator featuring their own comment is not told.
    await must(t.api('POST', `/moderation/comments/${held.id}/feature`, { token: who.mod }));
    await eventually(async () => (await list(t, dave)).items.length === 2, 20_000, 'the featured notification');
    expect((await list(t, dave)).items[0]).toMatchObject({ kind: 'featured', commentId: held.id });
  });

  it('a digest collects the events of its window into one email', async () => {
    const fay = reader(t, 'fay', 'fay@news.test');
    await prefs(t, fay, 'hourly');
    const art = article('digest');
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { url: 'https://news.test/digest' } }));
    const parent = await postComment(t, fay, art, text('parent'));
    const r1 = await postComment(t, reader(t, 'gus'), art, 'First answer', { parentId: parent.id });
    const r2 = await postComment(t, reader(t, 'hal'), art, 'Second answer', { parentId: parent.id });
    await settled(t);
    expect((await list(t, fay)).items).toHaveLength(2);
    expect(await sink.to('fay@news.test')).toEqual([]);
    const digests = await t.ds.query(
      `SELECT run_at > now() + interval '50 minutes' AS later FROM jobs WHERE kind = 'notifications.digest' AND state = 'queued'`,
    );
    expect(digests).toEqual([{ later: true }]);

    // The hour passes.
    await t.ds.query(`UPDATE jobs SET run_at = now() WHERE kind = 'notifications.digest' AND state = 'queued'`);
    await eventually(async () => (await sink.to('fay@news.test')).length === 1, 20_000, 'the digest');
    await settled(t);
    const mails = await sink.to('fay@news.test');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^2 updates on your comments at /);
    expect(mails[0].text).toContain('First answer');
    expect(mails[0].text).toContain('Second answer');
    expect(mails[0].text).toContain(`https://news.test/digest#comment-${r1.id}`);
    expect(mails[0].text).toContain(`https://news.test/digest#comment-${r2.id}`);

    // The next reply opens a new digest.
    await postComment(t, reader(t, 'ida'), art, 'Third answer', { parentId: parent.id });
    await settled(t);
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'notifications.digest' AND state = 'queued'`)).toEqual([{ n: 1 }]);
  });

  it('the unsubscribe link: GET asks, the one-click POST stops the emails; a bad token changes nothing', async () => {
    const jon = reader(t, 'jon', 'jon@news.test');
    await prefs(t, jon, 'immediate');
    const art = article('unsub');
    const parent = await postComment(t, jon, art, text('parent'));
    await postComment(t, reader(t, 'kim'), art, text('reply'), { parentId: parent.id });
    await eventually(async () => (await sink.to('jon@news.test')).length === 1, 20_000, 'the email');
    const [mail] = await sink.to('jon@news.test');
    const link = /^List-Unsubscribe: <([^>]+)>$/m.exec(mail.raw)![1];
    const path = new URL(link).pathname + new URL(link).search;
    expect(mail.text).toContain(link);

    const page = await fetch(`${t.url}${path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<form method="post">');
    expect((await must(t.api('GET', '/notifications/preferences', { token: jon }))).email).toBe('immediate');

    const tampered = path.replace(/token=([^&]+)/, (_all, tok: string) => `token=${tok.slice(0, -2)}AA`);
    for (const bad of [tampered, path.replace('site=default', 'site=default&site=x'), '/api/v1/notifications/unsubscribe?token=nope']) {
      const r = await fetch(`${t.url}${bad}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect([400, 404]).toContain(r.status);
    }
    expect((await must(t.api('GET', '/notifications/preferences', { token: jon }))).email).toBe('immediate');

    // As a mail client does it (RFC 8058): a form POST to the header's URL, no sign-in.
    const done = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    expect((await must(t.api('GET', '/notifications/preferences', { token: jon }))).email).toBe('off');

    const again = await postComment(t, reader(t, 'lou'), art, text('reply'), { parentId: parent.id });
    await eventually(async () => (await list(t, jon)).items.some((n: any) => n.commentId === again.id), 20_000, 'the stored notification');
    await settled(t);
    expect(await sink.to('jon@news.test')).toHaveLength(1);
    // A form anywhere else is still refused.
    const elsewhere = await fetch(`${t.url}/api/v1/notifications/read`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'all=true',
    });
    expect(elsewhere.status).toBe(415);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const noMail = reader(t, 'nomail');
    expect((await t.api('GET', '/notifications')).status).toBe(401);
    expect((await t.api('PUT', '/notifications/preferences', { token: noMail, body: { email: 'weekly' } })).status).toBe(400);
    expect((await t.api('PUT', '/notifications/preferences', { token: noMail, body: { email: 'daily' } })).body.code).toBe('NO_EMAIL');
    expect((await t.api('POST', '/notifications/read', { token: noMail, body: {} })).status).toBe(400);
    expect((await t.api('POST', '/notifications/read', { token: noMail, body: { ids: ['1'], all: true } })).status).toBe(400);
    expect((await t.api('POST', '/notifications/read', { token: noMail, body: { ids: ['x'] } })).status).toBe(400);
    expect((await t.api('GET', '/notifications?cursor=bogus', { token: noMail })).body.code).toBe('INVALID_CURSOR');
    expect((await t.api('GET', '/notifications/failures', { token: noMail })).status).toBe(403);
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM notification_preferences WHERE user_id = 'nomail'`)).toEqual([{ n: 0 }]);
  });

  it('an email the SMTP server refuses is retried, then shown to the site’s admins', async () => {
    const max = reader(t, 'max', 'fail-max@news.test');
    await prefs(t, max, 'immediate');
    const art = article('fail');
    const parent = await postComment(t, max, art, text('parent'));
    await postComment(t, reader(t, 'ned'), art, text('reply'), { parentId: parent.id });
    const failures = await eventually(async () => {
      const page = await must(t.api('GET', '/notifications/failures', { token: who.admin }));
      return page.items.length ? page : null;
    });
    expect(failures.items[0]).toMatchObject({ userId: 'max', address: 'fail-max@news.test', mode: 'immediate', notificationCount: 1, attempts: 3 });
    expect(failures.items[0].lastError).toContain('451');
  });

  it('two instances on one database: every notification and email once, live on both', async () => {
    const prefix = `parley-notify-${Date.now()}`;
    const env = { ...FAST_JOBS, SMTP_URL: sink.url, REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: prefix };
    const a = await startApp(env);
    extra.push(a);
    const b = await startApp(env, a.databaseUrl);
    extra.push(b);
    await patchSettings(a, actors(a).admin, NO_FLOOD_LIMIT);
    const olive = reader(a, 'olive', 'olive@pair.test');
    await prefs(a, olive, 'immediate');
    const onA = await pool.connect(a.url, { token: olive, label: 'olive@a' });
    const onB = await pool.connect(b.url, { token: olive, label: 'olive@b' });
    const art = article('pair');
    const parent = await postComment(a, olive, art, text('parent'));
    const replies: string[] = [];
    const bodies: string[] = [];
    for (let i = 0; i < 6; i++) {
      const [tx, ty] = [text('pair reply'), text('pair reply')];
      const [x, y] = await Promise.all([
        postComment(a, reader(a, `pa${i}`), art, tx, { parentId: parent.id }),
        postComment(b, reader(b, `pb${i}`), art, ty, { parentId: parent.id }),
      ]);
      replies.push(x.id, y.id);
      bodies.push(tx, ty);
    }
    await eventually(async () => (await sink.to('olive@pair.test')).length >= replies.length, 30_000, 'every email');
    await settled(a);
    for (const { inbox } of [onA, onB]) await eventually(() => inbox.events.filter((e) => e.name === 'notification').length >= replies.length, 20_000, 'live');

    const mails = await sink.to('olive@pair.test');
    expect(mails).toHaveLength(replies.length);
    expect(new Set(bodies.map((body) => mails.filter((m) => m.text.includes(body)).length))).toEqual(new Set([1]));
    const page = await must(a.api('GET', '/notifications?limit=100', { token: olive }));
    expect(page.items.map((n: any) => n.commentId).sort()).toEqual([...replies].sort());
    for (const { inbox } of [onA, onB]) {
      const got = inbox.events.filter((e) => e.name === 'notification').map((e) => e.data.notification.commentId);
      expect(got.sort()).toEqual([...replies].sort());
    }
  });
});
