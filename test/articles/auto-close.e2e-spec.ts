/**
 * autoCloseDays: an article closes for comments once its first comment is that many days old, as
 * if a moderator had closed it (the row, a log entry by system:auto-close, article.updated live).
 */
import type { TestApp } from '../support/app';
import { Actors, article, enc, must, patchSettings, postComment, startAppWithActors, text } from '../support/factories';
import { mustJoin, SocketPool } from '../live/live-helpers';

/** Makes the article's first comment look `days` days old. */
async function age(t: TestApp, articleId: string, days: number): Promise<void> {
  await t.ds.query(`UPDATE articles SET created_at = now() - make_interval(days => $2) WHERE site_id = 'default' AND id = $1`, [articleId, days]);
}

/** Polls the article until it is closed (the change of setting starts a pass; it runs after the answer). */
async function closedSoon(t: TestApp, articleId: string): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    const body = await must(t.api('GET', `/articles/${enc(articleId)}`));
    if (body.closed) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('auto-close of articles (autoCloseDays)', () => {
  let t: TestApp;
  let a: Actors;
  const pool = new SocketPool();

  beforeAll(async () => {
    ({ t, a } = await startAppWithActors());
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
  });

  it('is off by default: an old article stays open', async () => {
    const id = article('old-open');
    await postComment(t, a.reader('ao-1'), id, text());
    await age(t, id, 400);
    const settings = await must(t.api('GET', '/settings', { token: a.admin }));
    expect(settings.autoCloseDays).toBe(0);
    await postComment(t, a.reader('ao-1'), id, text());
  });

  it('closes articles older than the setting at once, tells readers live, logs it, and refuses new comments', async () => {
    const old = article('old');
    const young = article('young');
    await postComment(t, a.reader('ao-2'), old, text());
    await postComment(t, a.reader('ao-2'), young, text());
    await age(t, old, 15);
    await age(t, young, 13);
    const { socket, inbox } = await pool.connect(t.url);
    await mustJoin(socket, old);

    await patchSettings(t, a.admin, { autoCloseDays: 14 });
    expect(await closedSoon(t, old)).toBe(true);
    const event = await inbox.waitFor('article.updated', (e) => e.article?.id === old);
    expect(event.article.closed).toBe(true);

    const refused = await t.api('POST', `/articles/${enc(old)}/comments`, { token: a.reader('ao-3'), body: { body: text() } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ARTICLE_CLOSED');
    // The younger one is still open.
    expect((await must(t.api('GET', `/articles/${enc(young)}`))).closed).toBe(false);
    await postComment(t, a.reader('ao-3'), young, text());

    const log = await must(t.api('GET', `/moderation/log?limit=50`, { token: a.mod }));
    const entry = log.items.find((e: any) => e.action === 'article.closed' && e.articleId === old);
    expect(entry).toEqual(expect.objectContaining({ actorId: 'system:auto-close', fromStatus: 'false', toStatus: 'true' }));
    expect(log.items.some((e: any) => e.action === 'article.closed' && e.articleId === young)).toBe(false);
  });

  it('an article a moderator reopens stays open, whatever its age', async () => {
    const id = article('reopen');
    await postComment(t, a.reader('ao-4'), id, text());
    await age(t, id, 30);
    await patchSettings(t, a.admin, { autoCloseDays: 20 });
    expect(await closedSoon(t, id)).toBe(true);
    await must(t.api('PATCH', `/articles/${enc(id)}`, { token: a.mod, body: { closed: false } }));
    // Another pass (a change of the setting starts one; the timer would too): it is left open.
    await patchSettings(t, a.admin, { autoCloseDays: 25 });
    const other = article('reopen-other');
    await postComment(t, a.reader('ao-4'), other, text());
    await age(t, other, 30);
    await patchSettings(t, a.admin, { autoCloseDays: 25, maxDepth: 2 });
    await patchSettings(t, a.admin, { autoCloseDays: 26 });
    expect(await closedSoon(t, other)).toBe(true);
    expect((await must(t.api('GET', `/articles/${enc(id)}`))).closed).toBe(false);
    await postComment(t, a.reader('ao-4'), id, text());
  });

  it('refuses values out of range and null, changing nothing', async () => {
    for (const bad of [-1, 3651, 1.5, '14', null]) {
      const res = await t.api('PATCH', '/settings', { token: a.admin, body: { autoCloseDays: bad } });
      expect(res.status).toBe(400);
    }
    expect((await must(t.api('GET', '/settings', { token: a.admin }))).autoCloseDays).toBe(26);
  });
});
