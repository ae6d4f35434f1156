import { startApp, TestApp } from '../support/app';
import { createSite, signedInOwner } from '../sites/site-helpers';

/**
 * GET /counts answers from memory kept current by the `article.count` events: those of this
 * instance and, through Redis, of the others. Two instances share one database and Redis.
 */
describe('counts from memory, across instances', () => {
  let a: TestApp;
  let b: TestApp;
  const redis = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `parley-counts-${process.pid}-${Date.now()}` };
  const mod = () => a.token({ sub: 'counts-mod', role: 'moderator' });

  beforeAll(async () => {
    a = await startApp(redis);
    b = await startApp(redis, a.databaseUrl);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const counts = async (t: TestApp, ids: string[]): Promise<Record<string, number>> => {
    const res = await t.api('GET', `/counts?articleIds=${ids.join(',')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return res.body.counts;
  };
  /** Polls until `t` answers `want` (events cross Redis after the writer's commit): no timing is assumed. */
  const eventually = async (t: TestApp, ids: string[], want: Record<string, number>): Promise<Record<string, number>> => {
    let got = await counts(t, ids);
    for (let i = 0; i < 100 && JSON.stringify(got) !== JSON.stringify(want); i++) {
      await new Promise((r) => setTimeout(r, 50));
      got = await counts(t, ids);
    }
    return got;
  };
  const post = async (t: TestApp, article: string, who: string) => {
    const res = await t.api('POST', `/articles/${article}/comments`, { token: t.token(who), body: { body: `by ${who}` } });
    expect(res.status).toBe(201);
    return res.body;
  };

  /**
   * An instance keeps nothing for a few seconds after its link to Redis comes up (it could miss the
   * others' events meanwhile): wait until it holds what it reads, seen as a change behind its back
   * that it does not see.
   */
  const untilHeld = async (t: TestApp, probe: string) => {
    for (let i = 0; i < 200; i++) {
      await counts(t, [probe]);
      await t.ds.query(
        `INSERT INTO articles (site_id, id, comment_count) VALUES ('default', $1, 7) ON CONFLICT (site_id, id) DO UPDATE SET comment_count = 7`,
        [probe],
      );
      const seen = (await counts(t, [probe]))[probe];
      await t.ds.query(`DELETE FROM articles WHERE site_id = 'default' AND id = $1`, [probe]);
      if (seen === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the instance never kept a count');
  };

  it('counts a post on one instance on the other, in the order asked, unknown ids as 0', async () => {
    await untilHeld(a, 'cm-probe-a');
    await untilHeld(b, 'cm-probe-b');
    await post(a, 'cm-1', 'cm-u1');
    const ids = ['cm-2', 'cm-1', 'cm-unknown'];
    expect(await counts(b, ids)).toEqual({ 'cm-2': 0, 'cm-1': 1, 'cm-unknown': 0 });
    expect(Object.keys(await counts(b, ids))).toEqual(ids);
    await post(a, 'cm-1', 'cm-u2');
    await post(a, 'cm-2', 'cm-u3');
    expect(await eventually(b, ids, { 'cm-2': 1, 'cm-1': 2, 'cm-unknown': 0 })).toEqual({ 'cm-2': 1, 'cm-1': 2, 'cm-unknown': 0 });
    expect(await counts(a, ids)).toEqual({ 'cm-2': 1, 'cm-1': 2, 'cm-unknown': 0 });
  });

  it('serves what it holds from memory and takes each event’s count as it comes', async () => {
    const ids = ['cm-3'];
    await post(b, 'cm-3', 'cm-u4');
    expect(await counts(a, ids)).toEqual({ 'cm-3': 1 });
    // A change behind the service's back (no event) is not seen while the entry is held ...
    await a.ds.query(`UPDATE articles SET comment_count = 41 WHERE id = 'cm-3'`);
    expect(await counts(a, ids)).toEqual({ 'cm-3': 1 });
    // ... and the next event, written from the row, carries the row's count to every instance.
    const c = await post(b, 'cm-3', 'cm-u5');
    expect(await eventually(a, ids, { 'cm-3': 42 })).toEqual({ 'cm-3': 42 });
    expect(await counts(b, ids)).toEqual({ 'cm-3': 42 });
    // A moderator's rejection on one instance takes it back down on both.
    expect((await a.api('POST', `/moderation/comments/${c.id}/reject`, { token: mod(), body: { reason: 'spam' } })).status).toBe(200);
    expect(await eventually(b, ids, { 'cm-3': 41 })).toEqual({ 'cm-3': 41 });
    expect(await counts(a, ids)).toEqual({ 'cm-3': 41 });
  });

  it('keeps held comments out of the count, and refuses bad lists as before', async () => {
    expect((await a.api('PATCH', '/articles/cm-4', { token: mod(), body: { premoderation: true } })).status).toBe(200);
    expect(await counts(b, ['cm-4'])).toEqual({ 'cm-4': 0 });
    const held = await post(a, 'cm-4', 'cm-u6');
    expect(held.status).toBe('pending');
    expect(await counts(b, ['cm-4'])).toEqual({ 'cm-4': 0 });
    expect((await b.api('POST', `/moderation/comments/${held.id}/approve`, { token: mod(), body: {} })).status).toBe(200);
    expect(await eventually(a, ['cm-4'], { 'cm-4': 1 })).toEqual({ 'cm-4': 1 });

    const tooMany = Array.from({ length: 101 }, (_, i) => `cm-many-${i}`).join(',');
    expect((await a.api('GET', `/counts?articleIds=${tooMany}`)).body.code).toBe('TOO_MANY_IDS');
    expect((await a.api('GET', `/counts?articleIds=${encodeURIComponent('ok,not ok')}`)).body.code).toBe('INVALID_ARTICLE_ID');
    expect((await a.api('GET', '/counts?articleIds=,')).body.code).toBe('VALIDATION_FAILED');
    // Duplicates are answered once.
    expect((await a.api('GET', '/counts?articleIds=cm-4,cm-4')).body).toEqual({ counts: { 'cm-4': 1 } });
  });

  it('answers anonymous counts only where the guard would: a site that exists and accepts the origin', async () => {
    const owner = await signedInOwner(a);
    const site = await createSite(a, owner, 'counts-news', { origins: ['https://news.example'] });
    const res = await a.api('POST', '/articles/cm-5/comments?site=counts-news', { token: site.reader('cm-news-reader'), body: { body: 'news' } });
    expect(res.status).toBe(201);
    const url = '/counts?articleIds=cm-5&site=counts-news';
    expect((await a.api('GET', url, { headers: { origin: 'https://news.example' } })).body).toEqual({ counts: { 'cm-5': 1 } });
    const evil = await a.api('GET', url, { headers: { origin: 'https://evil.example' } });
    expect([evil.status, evil.body.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    // The same id on the default site is another article; an unknown site is refused.
    expect(await counts(a, ['cm-5'])).toEqual({ 'cm-5': 0 });
    const unknown = await a.api('GET', '/counts?articleIds=cm-5&site=no-such-site');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'SITE_NOT_FOUND']);
    const badToken = await a.api('GET', url, { headers: { authorization: 'Bearer nonsense' } });
    expect([badToken.status, badToken.body.code]).toEqual([401, 'TOKEN_INVALID']);
    const extra = await a.api('GET', `${url}&limit=3`);
    expect([extra.status, extra.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    // A reader with a valid token gets the same counts (through the full pipeline).
    expect((await a.api('GET', url, { token: site.reader('cm-news-reader') })).body).toEqual({ counts: { 'cm-5': 1 } });
  });
});
