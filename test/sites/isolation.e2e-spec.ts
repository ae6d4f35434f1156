/**
 * Two sites on one deployment keep their data apart: a token of one site is refused on the other,
 * the same article id on two sites is two articles, each site's queues, counts, log, settings,
 * sanctions and rate limits are its own, and the default site is what it was before sites.
 */
import { startApp, TestApp } from '../support/app';
import { actors, article, commentRowCount, enc, must, NO_FLOOD_LIMIT, text } from '../support/factories';
import type { Browser } from '../staff/staff-helpers';
import { createSite, logOf, signedInOwner, signedInStaff, TestSite, testSite } from './site-helpers';
import { TEST_SECRET } from '../support/app';

describe('two sites keep their data apart', () => {
  let t: TestApp;
  let owner: Browser;
  let n = 0;

  beforeAll(async () => {
    t = await startApp();
    owner = await signedInOwner(t);
  });
  afterAll(() => t.close());

  /** Two new sites, flood limit lifted on both (each test gets its own pair). */
  async function pair(): Promise<[TestSite, TestSite]> {
    n += 1;
    const a = await createSite(t, owner, `alpha-${n}`);
    const b = await createSite(t, owner, `beta-${n}`);
    for (const s of [a, b]) await must(s.api('PATCH', '/settings', { token: s.admin(), body: NO_FLOOD_LIMIT }));
    return [a, b];
  }

  async function post(site: TestSite, token: string, articleId: string, body = text(), extra: Record<string, unknown> = {}): Promise<any> {
    return must(site.api('POST', `/articles/${enc(articleId)}/comments`, { token, body: { body, ...extra } }), 201);
  }

  const ids = (items: { id: string }[]) => items.map((i) => i.id);
  /** A site's log without the entries every new site starts with (created; settings lifted). */
  const decisions = async (site: TestSite) => (await logOf(site)).filter((e) => !/^(site|settings)\./.test(e.action));

  it('a token signed with B’s secret cannot post to A, read A’s held comments, or act on them', async () => {
    const [a, b] = await pair();
    const x = article('held');
    await must(a.api('PATCH', '/settings', { token: a.admin(), body: { premoderation: 'all' } }));
    const held = await post(a, a.reader('u-same'), x);
    expect(held.status).toBe('pending');
    const stored = await commentRowCount(t, 'site_id = $1', [a.id]);

    // B's token (and the deployment's own secret) on A: refused like a forged one, nothing stored.
    for (const token of [b.reader('u-same'), b.mod(), t.token('u-same')]) {
      const res = await a.api('POST', `/articles/${enc(x)}/comments`, { token, body: { body: text() } });
      expect([res.status, res.body.code]).toEqual([401, 'TOKEN_INVALID']);
    }
    expect(await commentRowCount(t, 'site_id = $1', [a.id])).toBe(stored);
    expect(await commentRowCount(t, 'site_id = $1', [b.id])).toBe(0);

    // The author's view of the held comment is A's: B's token for the same user id sees nothing.
    expect((await a.api('GET', `/comments/${held.id}`, { token: b.reader('u-same') })).status).toBe(401);
    const onB = await b.api('GET', `/comments/${held.id}`, { token: b.reader('u-same') });
    expect([onB.status, onB.body.code]).toEqual([404, 'COMMENT_NOT_FOUND']);
    const listOnB = await must(b.api('GET', `/articles/${enc(x)}/comments`, { token: b.reader('u-same') }));
    expect([listOnB.items, listOnB.total]).toEqual([[], 0]);
    // The same reader on A sees their held comment (so the refusals above are about the site).
    expect((await must(a.api('GET', `/comments/${held.id}`, { token: a.reader('u-same') }))).status).toBe('pending');
    expect(ids((await must(a.api('GET', `/articles/${enc(x)}/comments`, { token: a.reader('u-same') }))).items)).toEqual([held.id]);

    // B's moderator: refused on A's moderation routes, and on B the comment does not exist.
    expect((await a.api('GET', '/moderation/queues/pending', { token: b.mod() })).status).toBe(401);
    expect((await a.api('POST', `/moderation/comments/${held.id}/approve`, { token: b.mod() })).status).toBe(401);
    const approveOnB = await b.api('POST', `/moderation/comments/${held.id}/approve`, { token: b.mod() });
    expect([approveOnB.status, approveOnB.body.code]).toEqual([404, 'COMMENT_NOT_FOUND']);
    const bulk = await must(b.api('POST', '/moderation/bulk', { token: b.mod(), body: { action: 'approve', ids: [held.id] } }));
    expect(bulk.results).toEqual([{ id: held.id, ok: false, error: expect.objectContaining({ statusCode: 404, code: 'COMMENT_NOT_FOUND' }) }]);
    // Nor may B's reader edit, delete, like or report it from B, whoever its author is.
    const author = b.reader('u-same');
    expect((await b.api('PATCH', `/comments/${held.id}`, { token: author, body: { body: text('edited') } })).status).toBe(404);
    expect((await b.api('DELETE', `/comments/${held.id}`, { token: author })).status).toBe(404);
    expect((await b.api('PUT', `/comments/${held.id}/reactions/like`, { token: author })).status).toBe(404);
    expect((await b.api('POST', `/comments/${held.id}/reports`, { token: author, body: { reason: 'spam' } })).status).toBe(404);
    const [row] = await t.ds.query(`SELECT status, body, like_count, open_report_count FROM comments WHERE id = $1`, [held.id]);
    expect(row).toEqual({ status: 'pending', body: held.body, like_count: 0, open_report_count: 0 });
    expect(await decisions(b)).toEqual([]);
  });

  it('a moderator of B sees none of A’s queue items, counts, users or log', async () => {
    const [a, b] = await pair();
    const x = article('queues');
    for (const s of [a, b]) await must(s.api('PATCH', '/settings', { token: s.admin(), body: { premoderation: 'all' } }));
    const aHeld = [await post(a, a.reader('u-1'), x), await post(a, a.reader('u-2'), x), await post(a, a.reader('u-1'), x)];
    const bHeld = await post(b, b.reader('u-1'), x);
    // On A: one approved (then reported), one rejected, one left pending.
    await must(a.api('POST', `/moderation/comments/${aHeld[0].id}/approve`, { token: a.mod() }));
    await must(a.api('POST', `/moderation/comments/${aHeld[1].id}/reject`, { token: a.mod(), body: { reason: 'no' } }));
    await must(a.api('POST', `/comments/${aHeld[0].id}/reports`, { token: a.reader('u-3'), body: { reason: 'spam' } }), 202);
    await must(a.api('POST', '/moderation/users/u-2/ban', { token: a.mod(), body: { reason: 'spam on A' } }));

    for (const queue of ['pending', 'reported', 'unmoderated', 'approved', 'rejected']) {
      const onB = await must(b.api('GET', `/moderation/queues/${queue}`, { token: b.mod() }));
      expect([queue, ids(onB.items)]).toEqual([queue, queue === 'pending' ? [bHeld.id] : []]);
      const onBArticle = await must(b.api('GET', `/moderation/queues/${queue}?articleId=${enc(x)}`, { token: b.mod() }));
      expect([queue, ids(onBArticle.items)]).toEqual([queue, queue === 'pending' ? [bHeld.id] : []]);
    }
    expect(ids((await must(a.api('GET', '/moderation/queues/pending', { token: a.mod() }))).items)).toEqual([aHeld[2].id]);
    expect(ids((await must(a.api('GET', '/moderation/queues/reported', { token: a.mod() }))).items)).toEqual([aHeld[0].id]);

    expect(await must(b.api('GET', '/moderation/counts', { token: b.mod() }))).toEqual({ pending: 1, reported: 0, unmoderated: 0 });
    expect(await must(b.api('GET', `/moderation/counts?articleId=${enc(x)}`, { token: b.mod() }))).toEqual({ pending: 1, reported: 0, unmoderated: 0 });
    expect(await must(a.api('GET', '/moderation/counts', { token: a.mod() }))).toEqual({ pending: 1, reported: 1, unmoderated: 0 });
    expect(await must(a.api('GET', `/moderation/counts?articleId=${enc(x)}`, { token: a.mod() }))).toEqual({ pending: 1, reported: 1, unmoderated: 0 });

    // The user panel of the same user id on B: B's user, B's comment, no log about them.
    const panelB = await must(b.api('GET', '/moderation/users/u-1', { token: b.mod() }));
    expect(ids(panelB.comments)).toEqual([bHeld.id]);
    expect(panelB.log).toEqual([]);
    expect((await b.api('GET', '/moderation/users/u-2', { token: b.mod() })).status).toBe(404);
    const panelA = await must(a.api('GET', '/moderation/users/u-2', { token: a.mod() }));
    expect(panelA.user.status).toBe('banned');

    expect(await decisions(b)).toEqual([]);
    expect(await logOf(b, `&userId=u-2`)).toEqual([]);
    expect(await logOf(b, `&commentId=${aHeld[0].id}`)).toEqual([]);
    const logA = await logOf(a);
    expect(logA.map((e) => e.action).sort()).toEqual(['approve', 'reject', 'settings.changed', 'settings.changed', 'site.created', 'user.ban']);
    expect(logA.find((e) => e.action === 'user.ban')).toEqual(expect.objectContaining({ userId: 'u-2', reason: 'spam on A' }));
  });

  it('A’s public counts and comments, asked with B’s ids or B’s tokens, hold only A’s data', async () => {
    const [a, b] = await pair();
    const shared = article('shared');
    const onlyB = article('only-b');
    await post(a, a.reader('r1'), shared);
    for (let i = 0; i < 3; i++) await post(b, b.reader(`r${i}`), shared);
    await post(b, b.reader('r1'), onlyB);
    const counts = await must(a.api('GET', `/counts?articleIds=${enc(shared)},${enc(onlyB)}`));
    expect(counts).toEqual({ counts: { [shared]: 1, [onlyB]: 0 } });
    expect(await must(b.api('GET', `/counts?articleIds=${enc(shared)},${enc(onlyB)}`))).toEqual({ counts: { [shared]: 3, [onlyB]: 1 } });
    expect((await a.api('GET', `/counts?articleIds=${enc(shared)}`, { token: b.reader('r1') })).status).toBe(401);
    expect((await a.api('GET', `/articles/${enc(onlyB)}/comments`)).body).toEqual(expect.objectContaining({ items: [], total: 0 }));
    const article404 = await a.api('GET', `/articles/${enc(onlyB)}`);
    expect([article404.status, article404.body.code]).toEqual([404, 'ARTICLE_NOT_FOUND']);
  });

  it('the same article id on A, B and the default site: three articles, each with its comments, counts, first page and config', async () => {
    const [a, b] = await pair();
    const def = testSite(t, 'default', TEST_SECRET);
    const defaultActors = actors(t);
    await must(t.api('PATCH', '/settings', { token: defaultActors.admin, body: NO_FLOOD_LIMIT }));
    const x = article('same-id');
    const made: Record<string, string[]> = { default: [], a: [], b: [] };
    made.default.push((await post(def, def.reader('r'), x)).id);
    for (let i = 0; i < 2; i++) made.a.push((await post(a, a.reader(`r${i}`), x)).id);
    for (let i = 0; i < 3; i++) made.b.push((await post(b, b.reader(`r${i}`), x)).id);

    // The anonymous first page is served from a cache: ask each twice (the second from the cache).
    const page = async (site: string | undefined) => must(t.api('GET', `/articles/${enc(x)}/comments${site ? `?site=${site}` : ''}`));
    for (let round = 0; round < 2; round++) {
      for (const [site, key] of [
        [undefined, 'default'],
        [a.id, 'a'],
        [b.id, 'b'],
      ] as const) {
        const p = await page(site);
        expect([key, ids(p.items).sort(), p.total]).toEqual([key, [...made[key]].sort(), made[key].length]);
        expect(p.items.every((c: any) => c.articleId === x)).toBe(true);
      }
    }
    // A new comment on B empties B's cached page only; A's and the default's stay as they were.
    made.b.push((await post(b, b.reader('r9'), x)).id);
    expect((await page(b.id)).total).toBe(4);
    expect((await page(a.id)).total).toBe(2);
    expect((await page(undefined)).total).toBe(1);

    expect(await must(t.api('GET', `/counts?articleIds=${enc(x)}`))).toEqual({ counts: { [x]: 1 } });
    expect(await must(a.api('GET', `/counts?articleIds=${enc(x)}`))).toEqual({ counts: { [x]: 2 } });
    expect(await must(b.api('GET', `/counts?articleIds=${enc(x)}`))).toEqual({ counts: { [x]: 4 } });
    expect((await must(a.api('GET', `/articles/${enc(x)}`))).commentCount).toBe(2);
    expect((await must(b.api('GET', `/articles/${enc(x)}`))).commentCount).toBe(4);

    // A reply names its parent on its own site only.
    const crossReply = await b.api('POST', `/articles/${enc(x)}/comments`, { token: b.reader('r1'), body: { body: text(), parentId: made.a[0] } });
    expect([crossReply.status, crossReply.body.code]).toEqual([404, 'PARENT_NOT_FOUND']);
    expect((await b.api('GET', `/comments/${made.a[0]}/replies`)).status).toBe(404);

    // Closing and titling A's article leaves B's and the default's open and untitled.
    await must(a.api('PATCH', `/articles/${enc(x)}`, { token: a.mod(), body: { closed: true, title: 'On A', premoderation: true } }));
    const configA = await must(a.api('GET', `/articles/${enc(x)}/config`));
    const configB = await must(b.api('GET', `/articles/${enc(x)}/config`));
    const configD = await must(t.api('GET', `/articles/${enc(x)}/config`));
    expect(configA.article).toEqual({ id: x, closed: true, premoderation: true });
    expect(configB.article).toEqual({ id: x, closed: false, premoderation: false });
    expect(configD.article).toEqual({ id: x, closed: false, premoderation: false });
    expect((await must(b.api('GET', `/articles/${enc(x)}`))).title).toBeNull();
    const closed = await a.api('POST', `/articles/${enc(x)}/comments`, { token: a.reader('r5'), body: { body: text() } });
    expect([closed.status, closed.body.code]).toEqual([403, 'ARTICLE_CLOSED']);
    expect((await post(b, b.reader('r5'), x)).status).toBe('approved');
    expect((await post(def, def.reader('r5'), x)).status).toBe('approved');
    // B's moderator cannot reopen A's article: on B the PATCH names B's own.
    await must(b.api('PATCH', `/articles/${enc(x)}`, { token: b.mod(), body: { closed: false } }));
    expect((await must(a.api('GET', `/articles/${enc(x)}`))).closed).toBe(true);
  });

  it('an admin of B changes B’s settings only: A’s and the default’s policy and config stay as they were', async () => {
    const [a, b] = await pair();
    const { browser: adminB } = await signedInStaff(t, { [b.id]: 'admin' }, 'Bea Admin');
    const before = { a: await must(a.api('GET', '/config')), d: await must(t.api('GET', '/config')) };
    const etagA = (await a.api('GET', '/config')).headers.get('etag')!;

    const patched = await adminB.call('PATCH', `/settings?site=${b.id}`, { body: { maxLength: 100, bannedWords: ['zebra'] } });
    expect(patched.status).toBe(200);
    expect((await must(b.api('GET', '/config'))).maxLength).toBe(100);
    expect(await must(a.api('GET', '/config'))).toEqual(before.a);
    expect(await must(t.api('GET', '/config'))).toEqual(before.d);
    expect(before.a.maxLength).toBe(5000);
    // A's copy is still current on A, and is not taken for B's.
    expect((await a.api('GET', '/config', { headers: { 'if-none-match': etagA } })).status).toBe(304);
    const bWithA = await b.api('GET', '/config', { headers: { 'if-none-match': etagA } });
    expect([bWithA.status, bWithA.body?.maxLength]).toEqual([200, 100]);
    expect((await must(a.api('GET', '/settings', { token: a.admin() }))).bannedWords).toEqual([]);

    const long = 'x'.repeat(150);
    const onB = await b.api('POST', `/articles/${enc(article())}/comments`, { token: b.reader('r'), body: { body: long } });
    expect([onB.status, onB.body.code]).toEqual([400, 'COMMENT_TOO_LONG']);
    expect((await post(a, a.reader('r'), article(), long)).status).toBe('approved');
    expect((await post(a, a.reader('r'), article(), 'a zebra on A')).status).toBe('approved');
    expect((await post(b, b.reader('r'), article(), 'a zebra on B')).status).toBe('rejected');

    // B's admin holds no role on A: their session is a reader there.
    const onA = await adminB.call('PATCH', `/settings?site=${a.id}`, { body: { maxLength: 50 } });
    expect([onA.status, onA.body.code]).toEqual([403, 'WRONG_ROLE']);
    expect((await a.api('PATCH', '/settings', { token: b.admin(), body: { maxLength: 50 } })).status).toBe(401);
    expect((await must(a.api('GET', '/config'))).maxLength).toBe(5000);

    const changedB = (await logOf(b)).filter((e) => e.action === 'settings.changed');
    expect(changedB.map((e) => e.reason)).toEqual([expect.stringContaining('maxLength: 5000 → 100'), expect.stringContaining('rateLimits.commentsPerMinute')]);
    expect((await logOf(a)).some((e) => /maxLength/.test(e.reason ?? ''))).toBe(false);
  });

  it('sanctions and rate limits are per site: a user banned on A posts on B; A’s limits do not count B’s writes', async () => {
    const [a, b] = await pair();
    const x = article('limits');
    // Held comments of the user on B are not rejected by a ban on A.
    await must(b.api('PATCH', '/settings', { token: b.admin(), body: { premoderation: 'all' } }));
    const heldOnB = await post(b, b.reader('u-banned'), x);
    await post(a, a.reader('u-banned'), x);
    await must(a.api('POST', '/moderation/users/u-banned/ban', { token: a.mod(), body: { reason: 'trolling', rejectPending: true } }));
    const refused = await a.api('POST', `/articles/${enc(x)}/comments`, { token: a.reader('u-banned'), body: { body: text() } });
    expect([refused.status, refused.body.code]).toEqual([403, 'USER_BANNED']);
    expect((await post(b, b.reader('u-banned'), x)).status).toBe('pending');
    expect((await must(b.api('GET', `/comments/${heldOnB.id}`, { token: b.reader('u-banned') }))).status).toBe('pending');
    expect((await must(b.api('GET', '/moderation/users/u-banned', { token: b.mod() }))).user.status).toBe('active');
    await must(b.api('PATCH', '/settings', { token: b.admin(), body: { premoderation: 'none' } }));

    // Writes per minute: 2 on A. The same user's writes on B neither count there nor are limited by A.
    await must(a.api('PATCH', '/settings', { token: a.admin(), body: { rateLimits: { writesPerMinute: 2 } } }));
    for (let i = 0; i < 3; i++) await post(b, b.reader('u-busy'), x);
    await post(a, a.reader('u-busy'), x);
    await post(a, a.reader('u-busy'), x);
    const limited = await a.api('POST', `/articles/${enc(x)}/comments`, { token: a.reader('u-busy'), body: { body: text() } });
    expect([limited.status, limited.body.code]).toEqual([429, 'RATE_LIMITED']);
    await post(b, b.reader('u-busy'), x);

    // The flood and repeat checks count the author's comments on their site only.
    await must(a.api('PATCH', '/settings', { token: a.admin(), body: { rateLimits: { commentsPerMinute: 1, writesPerMinute: 100 } } }));
    const same = text('said twice');
    expect((await post(b, b.reader('u-flood'), x, same)).status).toBe('approved');
    expect((await post(b, b.reader('u-flood'), x, text())).status).toBe('approved');
    const onA = await post(a, a.reader('u-flood'), x, same);
    expect([onA.status, onA.reasons ?? []]).toEqual(['approved', []]);
    // The second on A is over A's limit of one a minute: refused (429 FLOOD) or stored as rejected for flood.
    const second = await a.api('POST', `/articles/${enc(x)}/comments`, { token: a.reader('u-flood'), body: { body: text() } });
    expect(second.status === 429 ? second.body.code : second.body.status).toBe(second.status === 429 ? 'FLOOD' : 'rejected');
  });

  it('the same Idempotency-Key from the same user id on two sites makes two comments, one on each', async () => {
    const [a, b] = await pair();
    const x = article('idem');
    const headers = { 'idempotency-key': 'key-shared-by-both' };
    const send = (site: TestSite, body: string) =>
      must(site.api('POST', `/articles/${enc(x)}/comments`, { token: site.reader('u-idem'), body: { body }, headers }), 201);
    const onA = await send(a, 'written on A');
    const onB = await send(b, 'written on B');
    expect(onB.id).not.toBe(onA.id);
    expect([onA.body, onB.body]).toEqual(['written on A', 'written on B']);
    // Each site answers a retry with its own first comment.
    expect((await send(b, 'written on B')).id).toBe(onB.id);
    expect((await send(a, 'written on A')).id).toBe(onA.id);
    expect(await commentRowCount(t, 'author_id = $1', ['u-idem'])).toBe(2);
  });

  it('a client that names no site works on the default site as before', async () => {
    const [a] = await pair();
    const d = actors(t);
    const x = article('plain');
    const mine = await must(t.api('POST', `/articles/${enc(x)}/comments`, { token: d.reader('plain-reader'), body: { body: text() } }), 201);
    const [row] = await t.ds.query(`SELECT site_id FROM comments WHERE id = $1`, [mine.id]);
    expect(row.site_id).toBe('default');
    const plain = await must(t.api('GET', `/articles/${enc(x)}/comments`));
    const named = await must(t.api('GET', `/articles/${enc(x)}/comments?site=default`));
    expect(plain).toEqual(named);
    expect(ids(plain.items)).toEqual([mine.id]);
    expect((await must(t.api('GET', `/comments/${mine.id}`))).id).toBe(mine.id);
    expect((await a.api('GET', `/comments/${mine.id}`)).status).toBe(404);
    expect(await must(t.api('GET', `/counts?articleIds=${enc(x)}`))).toEqual({ counts: { [x]: 1 } });
    expect((await must(t.api('GET', '/moderation/queues/unmoderated', { token: d.mod }))).items.map((i: any) => i.id)).toContain(mine.id);
    expect((await must(a.api('GET', '/moderation/queues/unmoderated', { token: a.mod() }))).items).toEqual([]);
  });
});
