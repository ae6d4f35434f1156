/**
 * GET /export and `parley export`: a populated site (threads, edits with revisions, reactions,
 * reports, decisions in the moderation log, sanctions, settings, staff, webhook endpoints,
 * moderators' notes) exported, imported into an empty
 * site (format=parley) and exported again gives the same data; again, nothing new. The Disqus XML
 * export re-imports with the Disqus importer with the same threads and comments.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startApp, TestApp } from '../support/app';
import { enc, must } from '../support/factories';
import { Browser, makeStaff } from '../staff/staff-helpers';
import { freshSite, ImportSite, ownerOf, postImport } from './transfer-helpers';

const ROOT = join(__dirname, '..', '..');

async function getExport(t: TestApp, site: ImportSite, format?: string): Promise<{ status: number; text: string; headers: Headers }> {
  const q = new URLSearchParams({ site: site.id, ...(format ? { format } : {}) });
  const res = await fetch(`${t.url}/api/v1/export?${q}`, { headers: { authorization: `Bearer ${site.admin}` } });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** The export without what names the site or the moment: the manifest's site and time. */
function comparable(records: any[]): any[] {
  return records.map((r) => (r.type === 'manifest' ? { ...r, site: undefined, exportedAt: undefined } : r));
}

/** What the source site's staff and webhook endpoints hold, to look for in the file (it must carry none of it). */
const credentials: string[] = [];

/** Threads, comments, replies, edits, likes, reports, decisions, a ban, settings, staff, webhooks and notes, through the API. */
async function populate(t: TestApp, site: ImportSite): Promise<void> {
  const q = `?site=${site.id}`;
  const admin = { token: site.admin };
  // Staff: an admin (signed in: their note and decisions are `staff:<id>`) and a moderator.
  const boss = await makeStaff(t.ds, { name: 'Sam Staffadmin', roles: { [site.id]: 'admin' } });
  await makeStaff(t.ds, { name: 'Mel Staffmod', roles: { [site.id]: 'moderator' } });
  const desk = new Browser(t);
  await desk.signIn(boss.email);
  for (const [url, events] of [
    ['https://hooks.example/parley', ['comment.created', 'comment.held']],
    ['https://hooks.example/second', ['user.banned']],
  ] as const) {
    const hook = await must(t.api('POST', `/webhooks${q}`, { ...admin, body: { url, events, description: `to ${url}` } }), 201);
    credentials.push(hook.secret);
  }
  credentials.push(...(await t.ds.query(`SELECT password_hash FROM staff WHERE id = $1`, [boss.id])).map((r: any) => r.password_hash));
  await must(
    t.api('PATCH', `/settings${q}`, { ...admin, body: { maxLength: 1234, premoderation: 'links', bannedWords: ['scumbag'], editWindowSeconds: 600 } }),
  );
  const post = async (who: string, article: string, body: string, parentId?: string) =>
    must(t.api('POST', `/articles/${enc(article)}/comments${q}`, { token: site.reader(who), body: { body, ...(parentId ? { parentId } : {}) } }), 201);
  const c1 = await post('alice', 'news/2026/one', 'First! Ünïcödé and a back\\slash, *emphasis*.');
  const r1 = await post('bob', 'news/2026/one', 'A reply to alice.', c1.id);
  const r2 = await post('carol', 'news/2026/one', 'A reply to bob, deeper.', r1.id);
  const held = await post('dave', 'news/2026/one', 'See https://example.com/spam for more');
  expect(held.status).toBe('pending');
  await must(t.api('PATCH', `/comments/${c1.id}${q}`, { token: site.reader('alice'), body: { body: 'First! Edited once.' } }));
  await must(t.api('PATCH', `/comments/${c1.id}${q}`, { token: site.reader('alice'), body: { body: 'First! Edited twice.' } }));
  for (const who of ['bob', 'carol', 'erin']) await must(t.api('PUT', `/comments/${c1.id}/reactions/like${q}`, { token: site.reader(who) }));
  await must(t.api('PUT', `/comments/${r1.id}/reactions/like${q}`, { token: site.reader('alice') }));
  await must(t.api('POST', `/comments/${r1.id}/reports${q}`, { token: site.reader('carol'), body: { reason: 'abuse', note: 'rude' } }), 202);
  await must(t.api('POST', `/comments/${c1.id}/reports${q}`, { token: site.reader('erin'), body: { reason: 'spam' } }), 202);
  await must(t.api('POST', `/moderation/comments/${r2.id}/reject${q}`, { ...admin, body: { reason: 'Off topic' } }));
  expect((await desk.call('POST', `/moderation/comments/${c1.id}/feature${q}`)).status).toBe(200);
  await must(t.api('POST', `/moderation/comments/${c1.id}/approve${q}`, admin));
  const c2 = await post('bob', 'news/2026/two', 'On the second article.');
  await post('erin', 'news/2026/two', 'Another one.');
  const gone = await post('alice', 'news/2026/two', 'I will delete this.', c2.id);
  await must(t.api('DELETE', `/comments/${gone.id}${q}`, { token: site.reader('alice') }), 204);
  await must(t.api('POST', `/moderation/users/dave/ban${q}`, { ...admin, body: { reason: 'spammer' } }));
  await must(t.api('PATCH', `/articles/${enc('news/2026/two')}${q}`, { ...admin, body: { title: 'Two', url: 'https://example.com/two', closed: true } }));
  await must(t.api('POST', `/moderation/users/dave/notes${q}`, { ...admin, body: { body: 'Posts the same link everywhere.' } }), 201);
  const note = await desk.call('POST', `/moderation/users/bob/notes${q}`, { body: { body: 'Helpful; thanks him often.' } });
  expect(note.status).toBe(201);
}

/** The file as a restore makes it again: webhook endpoints come back disabled (their secret is not in the file). */
const restoredForm = (records: any[]) => records.map((r) => (r.type === 'webhook' ? { ...r, enabled: false } : r));

describe('export: out, back in, the same', () => {
  let a: TestApp;
  let b: TestApp;
  let ownerA: Browser;
  let ownerB: Browser;
  let src: ImportSite;
  let exported: string;

  beforeAll(async () => {
    a = await startApp();
    b = await startApp();
    ownerA = await ownerOf(a);
    ownerB = await ownerOf(b);
    src = await freshSite(a, ownerA, 'src');
    await populate(a, src);
    const res = await getExport(a, src);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="parley-${src.id}-\\d{4}-\\d{2}-\\d{2}\\.ndjson"$`));
    exported = res.text;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const recount = async (t: TestApp) => must(t.api('POST', '/moderation/recount', { token: t.token({ sub: 'root-admin', role: 'admin' }) }));

  it('the export: a manifest with counts, then every record of the site', () => {
    const recs = lines(exported);
    const [manifest] = recs;
    expect(manifest).toMatchObject({ type: 'manifest', format: 'parley', version: 1, site: { id: src.id } });
    expect(Date.parse(manifest.exportedAt)).not.toBeNaN();
    const of = (type: string) => recs.filter((r) => r.type === type);
    const comments = of('comment');
    expect(manifest.counts).toEqual({
      users: of('user').length,
      articles: 2,
      comments: 7,
      revisions: 2,
      reactions: 4,
      reports: 2,
      log: of('log').length,
      staff: 2,
      webhooks: 2,
      notes: 2,
    });
    expect(of('settings')[0].value).toMatchObject({ maxLength: 1234, premoderation: 'links', bannedWords: ['scumbag'] });
    const c1 = comments.find((c) => c.body === 'First! Edited twice.');
    expect(c1).toMatchObject({ featured: true, status: 'approved', depth: 0 });
    expect(c1.revisions.map((r: any) => r.body)).toEqual(['First! Ünïcödé and a back\\slash, *emphasis*.', 'First! Edited once.']);
    expect(c1.reactions.map((r: any) => r.userId).sort()).toEqual(['bob', 'carol', 'erin']);
    expect(c1.reports).toEqual([expect.objectContaining({ userId: 'erin', reason: 'spam', resolvedAt: expect.any(String) })]);
    expect(comments.map((c) => c.status).sort()).toEqual(['approved', 'approved', 'approved', 'approved', 'deleted', 'pending', 'rejected']);
    expect(of('user').find((u) => u.id === 'dave')).toMatchObject({ status: 'banned', sanctionReason: 'spammer' });
    expect(of('article').find((x) => x.id === 'news/2026/two')).toMatchObject({ title: 'Two', closed: true });
    expect(of('log').map((l) => l.action)).toEqual([
      'site.created',
      'webhook.created',
      'webhook.created',
      'settings.changed',
      'reject',
      'feature',
      'approve',
      'user.ban',
      'article.closed',
    ]);
    expect(
      of('staff')
        .map((x) => ({ name: x.name, role: x.role, disabled: x.disabled }))
        .sort((x, y) => x.name.localeCompare(y.name)),
    ).toEqual([
      { name: 'Mel Staffmod', role: 'moderator', disabled: false },
      { name: 'Sam Staffadmin', role: 'admin', disabled: false },
    ]);
    expect(Object.keys(of('staff')[0]).sort()).toEqual(['disabled', 'email', 'id', 'name', 'role', 'type']);
    expect(of('webhook')).toEqual([
      expect.objectContaining({ kind: 'standard', url: 'https://hooks.example/parley', events: ['comment.created', 'comment.held'], enabled: true }),
      expect.objectContaining({ kind: 'standard', url: 'https://hooks.example/second', events: ['user.banned'], enabled: true }),
    ]);
    expect(Object.keys(of('webhook')[0]).sort()).toEqual(['createdAt', 'description', 'enabled', 'events', 'kind', 'type', 'url']);
    expect(of('note').map((n) => [n.userId, n.authorName, n.body])).toEqual([
      ['dave', 'Admin', 'Posts the same link everywhere.'],
      ['bob', 'Sam Staffadmin', 'Helpful; thanks him often.'],
    ]);
    expect(of('note')[1].authorId).toMatch(/^staff:[0-9a-f-]{36}$/);
    // No password hash, webhook secret or session of anyone.
    expect(credentials.length).toBe(3);
    for (const secret of credentials) expect(exported).not.toContain(secret);
    expect(exported).not.toMatch(/argon2|whsec_|password|totp/i);
    // Times keep PostgreSQL's microseconds.
    expect(c1.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  it('into an empty site of another database: exported again, the same data (ids kept); a second import changes nothing', async () => {
    const dst = await freshSite(b, ownerB, 'dst');
    const before = lines((await getExport(b, dst)).text).filter((r) => r.type === 'log');
    const res = await postImport(b, dst, { format: 'parley' }, exported, { token: dst.admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      format: 'parley',
      comments: { read: 7, imported: 7, alreadyImported: 0, skipped: 0, replies: 3, statuses: { approved: 4, pending: 1, rejected: 1, deleted: 1 } },
      restored: { settings: true, revisions: 2, reactions: 4, reports: 2, staff: 2, webhooks: 2, notes: 2 },
    });
    expect(await recount(b)).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });
    // The new site's own "site.created" entry stays first in its log; the rest is the source's.
    const again = lines((await getExport(b, dst)).text).filter((r) => !(r.type === 'log' && before.some((x) => JSON.stringify(x) === JSON.stringify(r))));
    const want = comparable(restoredForm(lines(exported)));
    const got = comparable(again);
    const mf = got[0];
    mf.counts.log -= before.length;
    expect(got).toEqual(want);

    const second = await postImport(b, dst, { format: 'parley' }, exported, { token: dst.admin });
    expect(second.body).toMatchObject({
      comments: { imported: 0, alreadyImported: 7 },
      restored: { settings: false, users: 0, revisions: 0, reactions: 0, reports: 0, log: 0, staff: 0, webhooks: 0, notes: 0 },
    });
    const third = lines((await getExport(b, dst)).text);
    expect(comparable(third)).toEqual(comparable(lines((await getExport(b, dst)).text)));
    expect(third.filter((r) => r.type === 'comment')).toEqual(want.filter((r) => r.type === 'comment'));
    expect(third.filter((r) => r.type === 'log')).toHaveLength(before.length + want[0].counts.log);
    expect(await recount(b)).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });
  });

  it('restored staff have no password until a reset link sets one; restored webhooks are disabled with a secret nobody holds', async () => {
    const dst = await freshSite(b, ownerB, 'creds');
    expect((await postImport(b, dst, { format: 'parley' }, exported, { token: dst.admin })).status).toBe(200);
    const staff = lines(exported).filter((r) => r.type === 'staff');
    const rows = await b.ds.query(
      `SELECT s.id, s.email, s.password_hash, s.totp_enabled, r.role FROM staff s JOIN site_staff r ON r.staff_id = s.id WHERE r.site_id = $1 ORDER BY s.id`,
      [dst.id],
    );
    // The same accounts as the first restore into this database made (by address): roles added, nothing else.
    expect(rows.map((r: any) => ({ id: r.id, role: r.role, password: r.password_hash, totp: r.totp_enabled }))).toEqual(
      staff.map((x) => ({ id: x.id, role: x.role, password: null, totp: false })).sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
    const audit = await b.ds.query(`SELECT action, detail FROM staff_audit WHERE site_id = $1 ORDER BY id`, [dst.id]);
    expect(audit).toHaveLength(2);
    for (const a of audit) expect(a).toMatchObject({ action: 'role_changed', detail: expect.stringContaining('restored from an export') });
    // Nobody signs in without a password; the owner's reset link sets one.
    const admin = staff.find((x) => x.role === 'admin');
    expect((await new Browser(b).call('POST', '/staff/session', { body: { email: admin.email, password: 'anything-at-all-123' } })).status).toBe(401);
    const link = await ownerB.call('POST', `/staff/${admin.id}/password-reset-link`);
    expect(link.status).toBe(201);
    const password = 'a-new-password-for-the-restored-admin';
    expect((await new Browser(b).call('POST', `/staff/password-reset/${link.body.token}`, { body: { password } })).status).toBe(204);
    const me = new Browser(b);
    await me.signIn(admin.email, password);
    expect((await me.call('GET', '/staff/me')).body.staff.roles).toEqual(expect.arrayContaining([{ siteId: dst.id, role: 'admin' }]));
    const hooks = await b.ds.query(`SELECT url, enabled, disabled_reason, disabled_at, secret FROM webhook_endpoints WHERE site_id = $1 ORDER BY created_at`, [
      dst.id,
    ]);
    expect(hooks.map((h: any) => [h.url, h.enabled])).toEqual([
      ['https://hooks.example/parley', false],
      ['https://hooks.example/second', false],
    ]);
    for (const h of hooks) {
      expect(h.disabled_reason).toMatch(/rotate the secret/);
      expect(h.disabled_at).not.toBeNull();
      expect(h.secret).toMatch(/^whsec_/);
      expect(credentials).not.toContain(h.secret);
    }
    const view = await must(b.api('GET', `/webhooks?site=${dst.id}`, { token: dst.admin }));
    expect(view.items[0]).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/rotate the secret/) });
  });

  it('into an empty site of the same database: new comment ids, otherwise the same data', async () => {
    const copy = await freshSite(a, ownerA, 'copy');
    const before = lines((await getExport(a, copy)).text).filter((r) => r.type === 'log');
    const res = await postImport(a, copy, { format: 'parley' }, exported, { token: copy.admin });
    expect(res.status).toBe(200);
    expect(res.body.comments).toMatchObject({ imported: 7, skipped: 0 });
    const ids = new Map<string, string>(
      (await a.ds.query(`SELECT source_id, comment_id FROM import_sources WHERE site_id = $1 AND source = 'parley'`, [copy.id])).map((r: any) => [
        r.comment_id,
        r.source_id,
      ]),
    );
    expect(ids.size).toBe(7);
    for (const [mine, theirs] of ids) expect(mine).not.toBe(theirs);
    const back = (id: string | null) => (id === null ? null : (ids.get(id) ?? id));
    const got = lines((await getExport(a, copy)).text)
      .filter((r) => !(r.type === 'log' && before.some((x) => JSON.stringify(x) === JSON.stringify(r))))
      .map((r) =>
        r.type === 'comment' ? { ...r, id: back(r.id), parentId: back(r.parentId) } : r.type === 'log' ? { ...r, commentId: back(r.commentId) } : r,
      );
    got[0].counts.log -= before.length;
    const byId = (recs: any[]) => comparable(recs).sort((x, y) => (x.type === 'comment' && y.type === 'comment' ? (x.id < y.id ? -1 : 1) : 0));
    expect(byId(got)).toEqual(byId(restoredForm(lines(exported))));
    expect(await recount(a)).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });
  });

  it('a member whose address has another account here: the role goes to that account, and their notes and log entries name it', async () => {
    const boss = lines(exported).find((r) => r.type === 'staff' && r.role === 'admin');
    // The file as another instance would write it: the same person under another id there.
    const elsewhere = '0190a3c4-1111-7222-8333-944455556666';
    const file = exported.split(boss.id).join(elsewhere);
    const site = await freshSite(a, ownerA, 'remap');
    const res = await postImport(a, site, { format: 'parley' }, file, { token: site.admin });
    expect(res.status).toBe(200);
    expect(res.body.restored).toMatchObject({ staff: 2, notes: 2 });
    expect(await a.ds.query(`SELECT count(*)::int AS n FROM staff WHERE id = $1`, [elsewhere])).toEqual([{ n: 0 }]);
    expect(await a.ds.query(`SELECT role FROM site_staff WHERE site_id = $1 AND staff_id = $2`, [site.id, boss.id])).toEqual([{ role: 'admin' }]);
    const notes = await a.ds.query(`SELECT author_id FROM user_notes WHERE site_id = $1 AND user_id = 'bob'`, [site.id]);
    expect(notes).toEqual([{ author_id: `staff:${boss.id}` }]);
    expect(file).toContain(`staff:${elsewhere}`);
    const named = await a.ds.query(`SELECT count(*)::int AS n FROM moderation_log WHERE site_id = $1 AND (actor_id = $2 OR user_id = $2)`, [
      site.id,
      `staff:${elsewhere}`,
    ]);
    expect(named).toEqual([{ n: 0 }]);
    const feature = await a.ds.query(`SELECT actor_id FROM moderation_log WHERE site_id = $1 AND action = 'feature'`, [site.id]);
    expect(feature).toEqual([{ actor_id: `staff:${boss.id}` }]);
  });

  it('Disqus XML: the Disqus importer reads back the same threads and comments', async () => {
    const res = await getExport(a, src, 'disqus');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(res.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<disqus /);
    const dq = await freshSite(a, ownerA, 'dq');
    const imported = await postImport(a, dq, { format: 'disqus' }, res.text, { token: dq.admin });
    expect(imported.status).toBe(200);
    expect(imported.body.threads).toEqual({ read: 2, mapped: 2, skipped: 0 });
    // The held comment stays held (isApproved false), the rejected one spam, the deleted one deleted.
    expect(imported.body.comments).toMatchObject({
      read: 7,
      imported: 7,
      skipped: 0,
      reRooted: 0,
      replies: 3,
      statuses: { approved: 4, pending: 1, rejected: 1, deleted: 1 },
    });
    const tree = async (siteId: string, byId: (id: string) => Promise<string>) => {
      const rows = await a.ds.query(`SELECT id, article_id, parent_id, status, body FROM comments WHERE site_id = $1 ORDER BY article_id, body`, [siteId]);
      return Promise.all(
        rows.map(async (r: any) => ({ article: r.article_id, status: r.status, parent: r.parent_id ? await byId(r.parent_id) : null, key: await byId(r.id) })),
      );
    };
    // Comments compared by their text (bodies go through HTML and back), parents by their parent's text.
    const text = (siteId: string) => async (id: string) => (await a.ds.query(`SELECT body FROM comments WHERE id = $1 AND site_id = $2`, [id, siteId]))[0].body;
    expect(await tree(dq.id, text(dq.id))).toEqual(await tree(src.id, text(src.id)));
    const articles = (siteId: string) => a.ds.query(`SELECT id, title, url, closed, comment_count FROM articles WHERE site_id = $1 ORDER BY id`, [siteId]);
    expect(await articles(dq.id)).toEqual(await articles(src.id));
    // Again: nothing new.
    const again = await postImport(a, dq, { format: 'disqus' }, res.text, { token: dq.admin });
    expect(again.body.comments).toMatchObject({ imported: 0, alreadyImported: 7 });
    expect(await recount(a)).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });
  });

  it('admins only; a bad format is a 400; a file that is not a Parley export is refused with nothing written', async () => {
    const reader = await fetch(`${a.url}/api/v1/export?site=${src.id}`, { headers: { authorization: `Bearer ${src.reader('alice')}` } });
    expect(reader.status).toBe(403);
    expect((await fetch(`${a.url}/api/v1/export?site=${src.id}`)).status).toBe(401);
    const bad = await fetch(`${a.url}/api/v1/export?site=${src.id}&format=csv`, { headers: { authorization: `Bearer ${src.admin}` } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('VALIDATION_FAILED');
    const dst = await freshSite(a, ownerA, 'bad');
    const res = await postImport(a, dst, { format: 'parley' }, '{"type":"comment"}\n', { token: dst.admin });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IMPORT_UNREADABLE');
    const broken = [
      '{"type":"comment","id":"nope"}',
      'not json',
      '{"type":"staff","id":"0190a3c4-1111-7222-8333-944455556667","email":"x@example.com","name":"X","role":"owner","disabled":false}',
      '{"type":"webhook","kind":"standard","url":"javascript:alert(1)","description":"","events":["comment.created"],"enabled":true,"createdAt":"2026-01-01T00:00:00.000000Z"}',
      '{"type":"webhook","kind":"standard","url":"https://x.example/","description":"","events":["everything"],"enabled":true,"createdAt":"2026-01-01T00:00:00.000000Z"}',
      '{"type":"note","userId":"bob","authorId":"admin","authorName":"A","body":"","createdAt":"2026-01-01T00:00:00.000000Z"}',
    ];
    const skipped = await postImport(a, dst, { format: 'parley' }, `${exported.split('\n')[0]}\n${broken.join('\n')}\n`, { token: dst.admin });
    expect(skipped.status).toBe(200);
    expect(skipped.body.skipped.byReason).toEqual({
      'no valid comment id': 1,
      'not JSON': 1,
      'unknown staff role': 1,
      'url is not an http(s) URL': 1,
      'events are not known event types': 1,
      'body is not a string of at most 2000 characters': 1,
    });
    expect(await a.ds.query(`SELECT count(*)::int AS n FROM site_staff WHERE site_id = $1`, [dst.id])).toEqual([{ n: 0 }]);
    expect(await a.ds.query(`SELECT count(*)::int AS n FROM webhook_endpoints WHERE site_id = $1`, [dst.id])).toEqual([{ n: 0 }]);
    expect((await a.ds.query(`SELECT count(*)::int AS n FROM comments WHERE site_id = $1`, [dst.id]))[0].n).toBe(0);
  });

  it('parley export --site: the same NDJSON on standard output, progress on standard error', async () => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli', 'main.ts'), 'export', '--site', src.id], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: a.databaseUrl,
        JWT_SECRET: 'cli-test-secret-that-is-long-enough-0123',
        REDIS_URL: '',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((ok) => child.on('close', ok));
    expect({ code, err: err.split('\n').slice(-3) }).toMatchObject({ code: 0 });
    expect(err).toMatch(/100%\s+7 of 7 comments/);
    expect(err).toContain(`Exported site ${src.id} (ndjson)`);
    expect(comparable(lines(out))).toEqual(comparable(lines(exported)));
    // ts-node compiles the command line as it loads: slow on a busy machine.
  }, 180_000);
});
