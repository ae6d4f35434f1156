/**
 * POST /import: each fixture of test/fixtures/imports (real exports from the test suites of
 * remark42, isso and the WordPress importer; SOURCES.txt) imported into a fresh site and checked
 * against what the file says, and after every import the recount finds nothing to repair.
 */
import { createHash } from 'node:crypto';
import { startApp, TestApp } from '../support/app';
import { enc, must } from '../support/factories';
import type { Browser } from '../staff/staff-helpers';
import { fixture, freshSite, ImportSite, mustImport, ownerOf, postImport, snapshot } from './transfer-helpers';

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

describe('import: every fixture, checked against the file', () => {
  let t: TestApp;
  let owner: Browser;
  let site: ImportSite;

  beforeAll(async () => {
    t = await startApp();
    owner = await ownerOf(t);
  });
  beforeEach(async () => {
    site = await freshSite(t, owner);
  });
  afterEach(async () => {
    // Every counter the import touched is exactly what the comments say.
    const recount = await must(t.api('POST', '/moderation/recount', { token: t.token({ sub: 'root-admin', role: 'admin' }) }));
    expect(recount).toEqual({ articles: 0, site: 0, replies: 0, users: 0 });
  });
  afterAll(() => t?.close());

  const rows = (sql: string, params: unknown[] = []) => t.ds.query(sql, [site.id, ...params]);
  const comment = async (source: string, sourceId: string) =>
    (
      await rows(`SELECT c.* FROM comments c JOIN import_sources s ON s.comment_id = c.id WHERE s.site_id = $1 AND s.source = $2 AND s.source_id = $3`, [
        source,
        sourceId,
      ])
    )[0];
  const article = async (id: string) => (await rows(`SELECT * FROM articles WHERE site_id = $1 AND id = $2`, [id]))[0];
  const siteCounters = async () =>
    (
      await rows(
        `SELECT sum(pending_count)::int AS pending_count, sum(reported_count)::int AS reported_count, sum(unmoderated_count)::int AS unmoderated_count FROM site_counters WHERE site_id = $1`,
      )
    )[0];
  const readerPage = (articleId: string) => must(t.api('GET', `/articles/${enc(articleId)}/comments?site=${site.id}&limit=100`));

  it('Disqus (remark42, deliberately malformed): 4 of 6 posts, the two broken ones skipped with their reasons', async () => {
    const r = await mustImport(t, site, 'disqus', 'remark42__migrator_testdata_disqus.xml');
    expect(r.threads).toEqual({ read: 2, mapped: 2, skipped: 0 });
    expect(r.comments).toMatchObject({ read: 6, imported: 4, skipped: 2, replies: 0, statuses: { approved: 3, pending: 0, rejected: 1, deleted: 0 } });
    expect(r.skipped.items).toEqual([
      { item: 'post (no dsq:id)', reason: 'no dsq:id' },
      { item: 'post x299986073', reason: 'dsq:id "x299986073" is not a number' },
    ]);
    // by identifier; the thread with an empty <id/> falls back to its URL path.
    const podcast = 'http://www.radio-t.com/p/2011/03/05/podcast-229/';
    expect(r.mappings.map((m: any) => [m.thread, m.articleId])).toEqual([
      ['247918464', '2011/03/229_8880.html'],
      ['247937687', podcast],
    ]);
    expect(await article(podcast)).toMatchObject({ title: 'Радио-Т: Радио-Т 229', url: 'https://radio-t.com/p/2011/03/05/podcast-229/', comment_count: 2 });
    expect((await article('2011/03/229_8880.html')).comment_count).toBe(1);

    const first = await comment('disqus', '299619020');
    expect(first.body).toBe('The quick brown fox jumps over the lazy dog.\n\n[some link](https://https://radio-t.com)');
    expect(first.html).toBe(
      '<p>The quick brown fox jumps over the lazy dog.</p>\n<p><a href="https://https://radio-t.com" rel="nofollow ugc noopener">some link</a></p>',
    );
    expect(new Date(first.created_at).toISOString()).toBe('2011-08-31T15:16:29.000Z');
    expect((await comment('disqus', '299744309')).html).toContain('Microsoft показал проводник Windows 8 с ленточным интерфейсом.');
    const spam = await comment('disqus', '299986073');
    expect([spam.status, spam.moderated, spam.body]).toEqual(['rejected', true, 'some ugly spam']);

    // Authors are users of the site: by Disqus username, else by a hash of their email; emails kept.
    const users = await rows(`SELECT id, name, email, approved_count, rejected_count FROM users WHERE site_id = $1 ORDER BY id`);
    expect(users).toEqual(
      expect.arrayContaining([
        { id: 'import:disqus:mikhail-noname', name: 'mikhail', email: 'mihail.noname@gmail.com', approved_count: 1, rejected_count: 0 },
        {
          id: `import:disqus:email-${sha('john.nousername@gmail.com')}`,
          name: 'No Username',
          email: 'john.nousername@gmail.com',
          approved_count: 1,
          rejected_count: 0,
        },
        { id: 'import:disqus:google-2c5d77590123', name: 'Spam Noname', email: 'spam.noname@gmail.com', approved_count: 0, rejected_count: 1 },
      ]),
    );
    // Readers see the approved ones, oldest first by their original dates.
    const page = await readerPage(podcast);
    expect(page.items.map((c: any) => c.author.name).sort()).toEqual(['Alexander Blah', 'mikhail']);
  });

  it('Disqus with a deleted post: a tombstone; with a deleted thread: its posts skipped', async () => {
    const post = await mustImport(t, site, 'disqus', 'remark42__migrator_testdata_disqus-deleted-post.xml');
    expect(post.comments.statuses).toEqual({ approved: 2, pending: 0, rejected: 1, deleted: 1 });
    expect((await comment('disqus', '299619020')).status).toBe('deleted');

    const other = await freshSite(t, owner);
    const thread = await mustImport(t, other, 'disqus', 'remark42__migrator_testdata_disqus-deleted-thread.xml');
    expect(thread.threads).toEqual({ read: 2, mapped: 1, skipped: 1 });
    expect(thread.comments).toMatchObject({ read: 6, imported: 1, skipped: 5 });
    expect(thread.skipped.byReason).toEqual({ 'its thread is deleted in the export': 3, 'no dsq:id': 1, 'dsq:id … is not a number': 1 });
  });

  it('Disqus (isso): a reply, a deleted parent kept as a tombstone for its reply, a post of a missing thread skipped', async () => {
    const r = await mustImport(t, site, 'disqus', 'isso__tests_disqus.xml');
    expect(r.threads).toEqual({ read: 3, mapped: 2, skipped: 1 });
    expect(r.comments).toMatchObject({ read: 6, imported: 5, skipped: 1, replies: 2, statuses: { approved: 4, pending: 0, rejected: 0, deleted: 1 } });
    expect(r.skipped.items).toEqual([{ item: 'comment 6 (thread 1337)', reason: 'its thread is not in the export' }]);
    const parent = await comment('disqus', '4');
    const reply = await comment('disqus', '5');
    expect([reply.parent_id, reply.depth, parent.reply_count]).toEqual([parent.id, 1, 1]);
    const tombstone = await comment('disqus', '9');
    expect([tombstone.status, tombstone.reply_count]).toEqual(['deleted', 1]);
    expect((await comment('disqus', '11')).parent_id).toBe(tombstone.id);
    expect((await article('some-id')).comment_count).toBe(3);
    // The tombstone shows (without its text) because a visible reply hangs from it.
    const page = await readerPage('some-id');
    expect(page.items.find((c: any) => c.id === tombstone.id)).toMatchObject({ status: 'deleted', body: '' });
  });

  it('WordPress WXR 1.0 (isso): threads by post id or link, nested replies, a comment dated only in GMT, multi-line text', async () => {
    const r = await mustImport(t, site, 'wordpress', 'isso__tests_wordpress.xml');
    expect(r.threads).toEqual({ read: 3, mapped: 3, skipped: 0 });
    expect(r.comments).toMatchObject({ read: 8, imported: 8, skipped: 0, replies: 3, statuses: { approved: 8, pending: 0, rejected: 0, deleted: 0 } });
    expect(r.articles.sample).toEqual([
      { articleId: '18', comments: 7 },
      { articleId: 'p-4', comments: 1 },
    ]);
    const six = await comment('wordpress', '18:6');
    const seven = await comment('wordpress', '18:7');
    const eight = await comment('wordpress', '18:8');
    expect([seven.parent_id, eight.parent_id, eight.depth]).toEqual([six.id, seven.id, 2]);
    expect(seven.html).toBe('<p>Drölfter!</p>');
    expect(new Date(seven.created_at).toISOString()).toBe('2014-04-29T15:21:35.000Z');
    expect((await comment('wordpress', '18:10')).html).toBe('<p>When you have a comment with multiple lines:<br />\nWordPress exports it like this.</p>');
    expect((await comment('wordpress', '18:2')).author_id).toBe(`import:wordpress:email-${sha('test@example.org')}`);
    expect((await rows(`SELECT email FROM users WHERE site_id = $1 AND id = 'import:wordpress:user-1'`))[0].email).toBe('info@posativ.org');
    expect(await article('18')).toMatchObject({ title: 'Hello, World…', url: 'http://example.tld/2014/test/', comment_count: 7 });
  });

  it('WordPress WXR 1.2 (remark42): an unapproved comment is pending, a pingback skipped, the reply to it top-level', async () => {
    const r = await mustImport(t, site, 'wordpress', 'remark42__migrator_wordpress_wxr_extracted.xml');
    expect(r.comments).toMatchObject({ read: 4, imported: 3, skipped: 1, reRooted: 1, statuses: { approved: 2, pending: 1, rejected: 0, deleted: 0 } });
    expect(r.skipped.items).toEqual([{ item: 'comment 100:13', reason: 'a pingback, not a comment' }]);
    expect(await article('100')).toMatchObject({ comment_count: 2, pending_count: 1, unmoderated_count: 0 });
    expect(await siteCounters()).toEqual({ pending_count: 1, reported_count: 0, unmoderated_count: 0 });
    const queue = await must(t.api('GET', `/moderation/queues/pending?site=${site.id}`, { token: site.admin }));
    expect(queue.items).toHaveLength(1);
  });

  it('WordPress: the backslash challenge keeps every backslash, in the body and on the page', async () => {
    const r = await mustImport(t, site, 'wordpress', 'wordpress-importer__phpunit_data_slashes.xml');
    expect(r.comments).toMatchObject({ read: 1, imported: 1 });
    const c = await comment('wordpress', '1:1');
    expect(c.html).toBe('<p>\\o/ ¯\\_(ツ)_/¯</p>');
    // The body is the light markdown that renders to it (its backslashes and underscores escaped).
    expect(c.body).toBe('\\\\o/ ¯\\\\\\_(ツ)\\_/¯');
    const page = await readerPage('1');
    expect(page.items[0].html).toBe('<p>\\o/ ¯\\_(ツ)_/¯</p>');
  });

  it("WordPress's theme unit test data: 33 comments on 7 posts, 10 replies, 3 held, pingbacks and trackbacks skipped", async () => {
    const r = await mustImport(t, site, 'wordpress', 'wordpress-importer__phpunit_data_theme-unit-test-data.xml');
    expect(r.comments).toMatchObject({ read: 33, imported: 29, skipped: 4, replies: 10, statuses: { approved: 26, pending: 3, rejected: 0, deleted: 0 } });
    expect(r.skipped.byReason).toEqual({ 'a trackback, not a comment': 2, 'a pingback, not a comment': 2 });
    expect(r.articles.count).toBe(7);
    // The site's maxDepth (3) holds: deeper replies attach to the deepest allowed ancestor.
    expect(r.comments.flattened).toBe(6);
    const [{ max }] = await rows(`SELECT max(depth)::int AS max FROM comments WHERE site_id = $1`);
    expect(max).toBe(3);
    expect(await siteCounters()).toEqual({ pending_count: 3, reported_count: 0, unmoderated_count: 0 });
  });

  it('WordPress UTF-8 challenges: the title with direction marks and emoji comes through exactly; no comments, nothing written', async () => {
    const r = await mustImport(t, site, 'wordpress', 'wordpress-importer__phpunit_data_wxr-utf-8-challenges.xml');
    expect(r.threads).toEqual({ read: 1, mapped: 1, skipped: 0 });
    expect(r.mappings).toEqual([
      { thread: '10', identifier: '10', url: null, title: '"The Road \u202eNot\u202c Taken" by Rob\u202dert \u202eFrost \u202a🌲\u202c', articleId: '10' },
    ]);
    expect(r.comments.read).toBe(0);
    expect(await rows(`SELECT id FROM articles WHERE site_id = $1`)).toEqual([]);
  });

  it('Commento: pages by path, a reply, commenters with their emails; votes without voters are not likes', async () => {
    const r = await mustImport(t, site, 'commento', 'remark42__migrator_testdata_commento.json');
    expect(r.comments).toMatchObject({ read: 3, imported: 3, replies: 1, statuses: { approved: 3, pending: 0, rejected: 0, deleted: 0 } });
    expect(r.likes).toEqual({ imported: 0, notImported: 1 });
    const reply = await comment('commento', 'ea5f7bcd6ac9bb7b657f7d0569831104e1bcf9c253d03c1e16bf9654c49a5ce9');
    const parent = await comment('commento', '7d77e39fcd813241d6281478cc8f21ab5f807d043c750bc1a936bc23b34fb854');
    expect([reply.parent_id, reply.article_id, reply.body, parent.like_count]).toEqual([parent.id, '/blog/post/1', 'Great reply!', 0]);
    const author = (await rows(`SELECT name, email FROM users WHERE site_id = $1 AND id = $2`, [parent.author_id]))[0];
    expect([parent.author_id, author]).toEqual([
      'import:commento:a1ac58ed1146bd7fe3feff6a7276f73955c3bfd23cacee00e2e0a7a89b1a8c10',
      { name: 'User5276', email: 'somegreatmail@gmail.com' },
    ]);

    const other = await freshSite(t, owner);
    const second = await mustImport(t, other, 'commento', 'remark42__rest_api_testdata_commento.json');
    expect(second.comments).toMatchObject({ read: 7, imported: 7, replies: 2 });
  });

  it('remark42 trees (plain and with a deleted node) and a real thread with votes: every node, upvotes as likes', async () => {
    const tree = await mustImport(t, site, 'remark42', 'remark42__store_service_testdata_tree.json');
    expect(tree.comments).toMatchObject({ read: 12, imported: 12, replies: 8 });
    const del = await mustImport(t, await freshSite(t, owner), 'remark42', 'remark42__store_service_testdata_tree_del.json');
    expect(del.comments).toMatchObject({ read: 9, imported: 9, replies: 7, statuses: { approved: 8, pending: 0, rejected: 0, deleted: 1 } });

    const bench = await freshSite(t, owner);
    site = bench;
    const r = await mustImport(t, bench, 'remark42', 'remark42__store_service_testdata_tree_bench.json');
    expect(r.comments).toMatchObject({ read: 58, imported: 58, replies: 31 });
    expect(r.likes).toEqual({ imported: 4, notImported: 0 });
    const first = await comment('remark42', '3665976683');
    expect(first.html).toBe('<p>Новая реклама - позор! Отписка, немедленно!!111</p>');
    expect([first.author_id, first.like_count]).toEqual(['import:remark42:grigorybakunov', 1]);
    expect(await rows(`SELECT user_id FROM reactions WHERE site_id = $1 AND comment_id = $2`, [first.id])).toEqual([{ user_id: 'import:remark42:dev' }]);
  });

  it('mapping by URL path and by pattern, as the dry run shows before anything is written', async () => {
    const byPath = await mustImport(t, site, 'disqus', 'isso__tests_disqus.xml', { mapping: 'url-path', dryRun: 'true' });
    expect(byPath.mappings.map((m: any) => m.articleId)).toEqual(['', null, 'blog/2013/02/12/redacted/index.html'].map((x) => (x === '' ? null : x)));
    expect(byPath.mappings[0].skipped).toBe('no URL path');

    const r = await mustImport(t, site, 'remark42', 'remark42__store_service_testdata_tree_bench.json', {
      mapping: 'pattern',
      pattern: '/p/(\\d{4}/\\d\\d/\\d\\d/[^/]+)/',
    });
    expect(r.mappings[0].articleId).toBe('2017/12/16/podcast-576');
    expect((await article('2017/12/16/podcast-576')).comment_count).toBe(58);
    const miss = await mustImport(t, await freshSite(t, owner), 'remark42', 'remark42__store_service_testdata_tree.json', { pattern: '^https://(x)' });
    expect(miss.comments).toMatchObject({ imported: 0, skipped: 12 });
    expect(miss.skipped.byReason).toEqual({ 'neither its URL nor its identifier matches the pattern': 12 });
  });
});

describe('import: dry run, idempotence, isolation, events, progress, refusals', () => {
  let t: TestApp;
  let owner: Browser;

  beforeAll(async () => {
    t = await startApp();
    owner = await ownerOf(t);
  });
  afterAll(() => t?.close());

  const recountIsClean = async () =>
    expect(await must(t.api('POST', '/moderation/recount', { token: t.token({ sub: 'root-admin', role: 'admin' }) }))).toEqual({
      articles: 0,
      site: 0,
      replies: 0,
      users: 0,
    });

  it('a dry run reports what a real run then does, and writes nothing', async () => {
    const site = await freshSite(t, owner);
    const before = await snapshot(t, site.id);
    const dry = await mustImport(t, site, 'wordpress', 'wordpress-importer__phpunit_data_theme-unit-test-data.xml', { dryRun: 'true' });
    expect(await snapshot(t, site.id)).toEqual(before);
    const real = await mustImport(t, site, 'wordpress', 'wordpress-importer__phpunit_data_theme-unit-test-data.xml');
    expect(dry.dryRun).toBe(true);
    for (const key of ['threads', 'articles', 'mappings', 'skipped'] as const) expect(dry[key]).toEqual(real[key]);
    expect({ ...dry.comments, flattened: 0, reRooted: 0 }).toEqual({ ...real.comments, flattened: 0, reRooted: 0 });
    // A dry run after the import says everything is there already.
    const again = await mustImport(t, site, 'wordpress', 'wordpress-importer__phpunit_data_theme-unit-test-data.xml', { dryRun: 'true' });
    expect(again.comments).toMatchObject({ imported: 0, alreadyImported: 29 });
  });

  it('importing the same file again changes nothing; a newer export adds only what is new', async () => {
    const site = await freshSite(t, owner);
    const full = fixture('isso__tests_disqus.xml').toString('utf8');
    // An older export: without the last post (the reply to the deleted post 9).
    const older = full.replace(/<!-- reference to previous deleted post -->[\s\S]*?<\/post>/, '');
    expect(older).not.toContain('dsq:id="11"');
    const first = await postImport(t, site, { format: 'disqus' }, older, { token: site.admin });
    expect(first.body.comments).toMatchObject({ imported: 4 });
    const tombstoneBefore = (
      await t.ds.query(`SELECT c.reply_count FROM comments c JOIN import_sources s ON s.comment_id = c.id WHERE s.site_id = $1 AND s.source_id = '9'`, [
        site.id,
      ])
    )[0];
    expect(tombstoneBefore.reply_count).toBe(0);

    const newer = await mustImport(t, site, 'disqus', 'isso__tests_disqus.xml');
    expect(newer.comments).toMatchObject({ imported: 1, alreadyImported: 4, replies: 1 });
    const tombstone = (
      await t.ds.query(`SELECT c.reply_count FROM comments c JOIN import_sources s ON s.comment_id = c.id WHERE s.site_id = $1 AND s.source_id = '9'`, [
        site.id,
      ])
    )[0];
    expect(tombstone.reply_count).toBe(1);
    await recountIsClean();

    const settled = await snapshot(t, site.id);
    const again = await mustImport(t, site, 'disqus', 'isso__tests_disqus.xml');
    expect(again.comments).toMatchObject({ read: 6, imported: 0, alreadyImported: 5, skipped: 1 });
    expect(await snapshot(t, site.id)).toEqual(settled);

    // remark42 with likes, and Commento with its commenters: the same.
    for (const [format, name] of [
      ['remark42', 'remark42__store_service_testdata_tree_bench.json'],
      ['commento', 'remark42__migrator_testdata_commento.json'],
    ]) {
      await mustImport(t, site, format, name);
      const once = await snapshot(t, site.id);
      const twice = await mustImport(t, site, format, name);
      expect(twice.comments.imported).toBe(0);
      expect(twice.likes.imported).toBe(0);
      expect(await snapshot(t, site.id)).toEqual(once);
    }
    await recountIsClean();
  });

  it('leaves other sites alone, and sends nothing live but one article.updated per article', async () => {
    const a = await freshSite(t, owner);
    const b = await freshSite(t, owner);
    await must(t.api('POST', `/articles/shared-id/comments?site=${b.id}`, { token: b.reader('reader-b'), body: { body: 'on B before the import' } }), 201);
    const bBefore = await snapshot(t, b.id);
    const defaultBefore = await snapshot(t, 'default');

    const r = await mustImport(t, a, 'wordpress', 'isso__tests_wordpress.xml');
    expect(await snapshot(t, b.id)).toEqual(bBefore);
    expect(await snapshot(t, 'default')).toEqual(defaultBefore);

    const events = await t.ds.query(`SELECT article_id, type, payload FROM events WHERE article_id LIKE $1 || '|%' ORDER BY id`, [a.id]);
    expect(events.map((e: any) => [e.article_id, e.type])).toEqual(r.articles.sample.map((s: any) => [`${a.id}|${s.articleId}`, 'article.updated']));
    expect(events[0].payload.article).toMatchObject({ id: '18', commentCount: 7 });
    // Nothing new: no event at all.
    await mustImport(t, a, 'wordpress', 'isso__tests_wordpress.xml');
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM events WHERE article_id LIKE $1 || '|%'`, [a.id])).toEqual([{ n: events.length }]);
    await recountIsClean();
  });

  it('streams progress as NDJSON when asked, ending with the report', async () => {
    const site = await freshSite(t, owner);
    const res = await postImport(t, site, { format: 'remark42' }, fixture('remark42__store_service_testdata_tree_bench.json'), {
      token: site.admin,
      headers: { accept: 'application/x-ndjson' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'progress', total: 48179, bytes: 0 });
    expect(lines.at(-2)).toMatchObject({ type: 'progress', total: 48179, bytes: 48179, comments: 58, imported: 58 });
    expect(lines.at(-1)).toMatchObject({ type: 'report', report: { comments: { imported: 58 } } });
  });

  it('an admin signed in to the dashboard imports with the session (and its CSRF token)', async () => {
    const site = await freshSite(t, owner);
    const { makeStaff, Browser: StaffBrowser } = await import('../staff/staff-helpers');
    const admin = await makeStaff(t.ds, { roles: { [site.id]: 'admin' } });
    const browser = new StaffBrowser(t);
    await browser.signIn(admin.email);
    const res = await postImport(t, site, { format: 'commento' }, fixture('remark42__migrator_testdata_commento.json'), {
      headers: { cookie: `parley_session=${browser.cookie}`, 'x-csrf-token': browser.csrf! },
    });
    expect([res.status, res.body.comments?.imported]).toEqual([200, 3]);
  });

  it('refuses what it cannot take with a clear 4xx, and writes nothing', async () => {
    const site = await freshSite(t, owner);
    const file = fixture('isso__tests_disqus.xml');
    const before = await snapshot(t, site.id);
    const refused = async (query: Record<string, string>, body: Buffer | string, opts: Parameters<typeof postImport>[4]) => {
      const res = await postImport(t, site, query, body, opts);
      return [res.status, res.body?.code];
    };
    expect(await refused({ format: 'disqus' }, file, {})).toEqual([401, 'AUTH_REQUIRED']);
    expect(await refused({ format: 'disqus' }, file, { token: site.reader('someone') })).toEqual([403, 'WRONG_ROLE']);
    expect(await refused({}, file, { token: site.admin })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refused({ format: 'isso' }, file, { token: site.admin })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refused({ format: 'disqus', mapping: 'title' }, file, { token: site.admin })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refused({ format: 'disqus', dryRun: 'maybe' }, file, { token: site.admin })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refused({ format: 'disqus', mapping: 'pattern' }, file, { token: site.admin })).toEqual([400, 'INVALID_PATTERN']);
    expect(await refused({ format: 'disqus', pattern: 'no-group' }, file, { token: site.admin })).toEqual([400, 'INVALID_PATTERN']);
    expect(await refused({ format: 'disqus', pattern: '([' }, file, { token: site.admin })).toEqual([400, 'INVALID_PATTERN']);
    expect(await refused({ format: 'disqus' }, '{"a":1}', { token: site.admin, headers: { 'content-type': 'application/json' } })).toEqual([
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ]);
    // The wrong format: a WordPress file read as Disqus holds nothing Disqus.
    expect(await refused({ format: 'disqus' }, fixture('isso__tests_wordpress.xml'), { token: site.admin })).toEqual([400, 'NOTHING_TO_IMPORT']);
    expect(await refused({ format: 'commento' }, '{"version":1,"comments":[{"commentHex": nope', { token: site.admin })).toEqual([400, 'IMPORT_UNREADABLE']);
    expect(await snapshot(t, site.id)).toEqual(before);
    // Other routes take JSON only, whatever this route takes.
    const other = await t.api('PATCH', `/settings?site=${site.id}`, { token: site.admin, raw: 'x', headers: { 'content-type': 'application/octet-stream' } });
    expect([other.status, other.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });
});
