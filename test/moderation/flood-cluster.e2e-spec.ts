import { startApp, TestApp } from '../support/app';
import { actors, Actors, patchSettings } from './helpers';

/** The flood limit holds across instances: a burst split between two of them is still one user's burst. */
describe('flood check across instances', () => {
  let a: TestApp;
  let b: TestApp;
  let who: Actors;

  beforeAll(async () => {
    a = await startApp();
    who = actors(a);
    await patchSettings(a, who.admin, { rateLimits: { commentsPerMinute: 3 } });
    // Started after the change, so it reads the same settings from the shared database.
    b = await startApp({}, a.databaseUrl);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('lets only commentsPerMinute through when the posts arrive at both instances at once', async () => {
    const token = who.reader('cluster-burst');
    const res = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? b : a).api('POST', '/articles/flood-cluster/comments', { token, body: { body: `burst number ${i}` } })),
    );
    // The rest are refused (429 FLOOD) and never stored.
    expect(res.filter((r) => r.status === 201)).toHaveLength(3);
    expect(res.filter((r) => r.status === 429).map((r) => r.body.code)).toEqual(Array(9).fill('FLOOD'));
    const rows = await a.ds.query(`SELECT status FROM comments WHERE author_id = 'cluster-burst'`);
    expect(rows.map((r: any) => r.status)).toEqual(['approved', 'approved', 'approved']);
  });

  it('creates a new article once when its first comments arrive at both instances at once', async () => {
    for (let round = 0; round < 5; round++) {
      const articleId = `fresh-article-${round}`;
      const res = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? b : a).api('POST', `/articles/${articleId}/comments`, { token: who.reader(`first-${round}-${i}`), body: { body: `first ${i}` } }),
        ),
      );
      expect(res.map((r) => r.status)).toEqual(res.map(() => 201));
      const [article] = await a.ds.query(`SELECT comment_count FROM articles WHERE id = $1`, [articleId]);
      expect(article.comment_count).toBe(8);
    }
  });
});
