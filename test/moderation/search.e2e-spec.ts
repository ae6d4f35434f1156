import { searchQuery } from '../../src/comments/comments.repository';
import type { TestApp } from '../support/app';
import { Actors, decide, must, patchSettings, post, startModerationApp, walk } from './helpers';

/** GET /moderation/search and GET /moderation/comments/{id}: full text through its index over 100,000 comments, filters, the focus view. */
describe('moderation search', () => {
  let t: TestApp;
  let a: Actors;
  const BIG = 100_000;
  /** Every 2,000th generated comment mentions a zeppelin: 50 of them. */
  const RARE = BIG / 2000;

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
    // 100,000 published comments written straight into the table (the service would take minutes).
    await t.ds.query(`INSERT INTO articles (site_id, id, title) VALUES ('default', 'big-article', 'Big') ON CONFLICT DO NOTHING`);
    await t.ds.query(`INSERT INTO users (site_id, id, name) VALUES ('default', 'big-author', 'Bulk Writer') ON CONFLICT DO NOTHING`);
    // In batches of 5,000, each well inside the service's statement timeout.
    for (let from = 1; from <= BIG; from += 5000) {
      await t.ds.query(
        `INSERT INTO comments (id, site_id, article_id, depth, author_id, body, html, status, reasons, moderated, created_at)
         SELECT gen_random_uuid(), 'default', 'big-article', 0, 'big-author',
           CASE WHEN g % 2000 = 0 THEN 'the zeppelins were flying over the harbour ' || g ELSE 'ordinary words about the ferry timetable ' || g END,
           '<p>generated</p>', 'approved', '{}', false, now() - make_interval(secs => $3 - g)
         FROM generate_series($1::int, $2::int) g`,
        [from, from + 4999, BIG],
      );
    }
    await t.ds.query(`ANALYZE comments`);
  }, 180_000);
  afterAll(() => t.close());

  const search = (query: string) => t.api('GET', `/moderation/search?${query}`, { token: a.mod });

  it('finds words through the full-text index (stemmed: zeppelin finds zeppelins), reading only the matching rows', async () => {
    const found = await walk(t, a.mod, '/moderation/search?q=zeppelin&articleId=big-article', 20);
    expect(found.pages).toEqual([20, 20, 10]);
    const expected = await t.ds.query(`SELECT id FROM comments WHERE article_id = 'big-article' AND body LIKE '%zeppelin%' ORDER BY id DESC`);
    expect(found.items.map((i) => i.id)).toEqual(expected.map((r: { id: string }) => r.id));
    expect(expected).toHaveLength(RARE);

    const { sql, params } = searchQuery('default', { q: 'zeppelin' }, 21, null);
    const [
      {
        'QUERY PLAN': [plan],
      },
    ] = await t.ds.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    const nodes: any[] = [];
    const visit = (n: any) => (nodes.push(n), (n.Plans ?? []).forEach(visit));
    visit(plan.Plan);
    const onComments = nodes.filter((n) => n['Relation Name'] === 'comments');
    expect(nodes.some((n) => n['Index Name'] === 'comments_search')).toBe(true);
    expect(onComments.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    // Rows read from the table: the matches (and any recheck), never the 100,000.
    const read = onComments.reduce(
      (sum, n) => sum + n['Actual Rows'] * (n['Actual Loops'] ?? 1) + (n['Rows Removed by Index Recheck'] ?? 0) + (n['Rows Removed by Filter'] ?? 0),
      0,
    );
    expect(read).toBeLessThanOrEqual(RARE * 2);
  });

  it('filters by status, article, author, reason, reports and date, in either order; web-search syntax', async () => {
    await patchSettings(t, a.admin, { suspectWords: ['walrus'] });
    const held = await post(t, a.reader('s-author-1', 'Sid'), 's-art', 'A walrus on the pier again');
    const pub = await post(t, a.reader('s-author-2', 'Sue'), 's-art', 'The pier was closed for repairs');
    const other = await post(t, a.reader('s-author-1', 'Sid'), 's-other', 'Repairs to the pier take weeks');
    await patchSettings(t, a.admin, { suspectWords: [] });
    expect(held.status).toBe('pending');
    await t.api('POST', `/comments/${pub.id}/reports`, { token: a.reader('s-rep'), body: { reason: 'off_topic', note: 'not about the story' } });
    await must(decide(t, a.mod, pub.id, 'reject', { reason: 'off topic' }));

    const ids = async (q: string) => (await must(search(q))).items.map((i: any) => i.id);
    expect(await ids('q=pier')).toEqual([other.id, pub.id, held.id]);
    expect(await ids('q=pier&sort=oldest')).toEqual([held.id, pub.id, other.id]);
    expect(await ids('q=pier&status=pending')).toEqual([held.id]);
    expect(await ids('q=pier&articleId=s-art')).toEqual([pub.id, held.id]);
    expect(await ids('q=pier&authorId=s-author-1')).toEqual([other.id, held.id]);
    expect(await ids('reason=suspect_word&articleId=s-art')).toEqual([held.id]);
    expect(await ids('reason=suspect_word:walrus')).toEqual([held.id]);
    expect(await ids('q=pier&reported=true')).toEqual([pub.id]);
    expect(await ids('q="pier was closed"')).toEqual([pub.id]);
    expect(await ids('q=pier -repairs')).toEqual([held.id]);
    expect(await ids(`q=pier&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect(await ids(`q=pier&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&articleId=s-other`)).toEqual([other.id]);

    // The rejected one carries its decision and report history, as in the rejected queue.
    const [rej] = (await must(search('q=closed'))).items;
    expect(rej.decision).toMatchObject({ action: 'reject', reason: 'off topic', actorName: 'Mo Moderator' });
    expect(rej.reportHistory).toEqual({ counts: { off_topic: 1 }, notes: [expect.objectContaining({ note: 'not about the story' })] });

    for (const bad of [
      'status=gone',
      'sort=best',
      'reason=DROP TABLE',
      'from=yesterday',
      'reported=maybe',
      `q=${'x'.repeat(201)}`,
      'articleId=%20',
      'cursor=nope',
    ]) {
      const res = await search(bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
    expect((await t.api('GET', '/moderation/search?q=pier', { token: a.reader('s-nobody') })).status).toBe(403);
  });

  it('GET /moderation/comments/{id}: the comment on its own with its decision, reports and log', async () => {
    const c = await post(t, a.reader('s-focus', 'Fay'), 's-focus', 'Focus on me');
    await must(decide(t, a.mod, c.id, 'reject', { reason: 'spam' }));
    await must(t.api('POST', `/moderation/comments/${c.id}/undo`, { token: a.mod }));
    const view = await must(t.api('GET', `/moderation/comments/${c.id}`, { token: a.mod }));
    expect(view.item).toMatchObject({ id: c.id, status: 'approved', decision: { action: 'undo' } });
    expect(view.log.map((e: any) => e.action)).toEqual(['undo', 'reject']);
    expect((await t.api('GET', '/moderation/comments/00000000-0000-7000-8000-000000000000', { token: a.mod })).status).toBe(404);
    expect((await t.api('GET', '/moderation/comments/nope', { token: a.mod })).status).toBe(404);
  });
});
