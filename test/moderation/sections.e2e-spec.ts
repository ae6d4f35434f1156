import type { TestApp } from '../support/app';
import { article, seedArticle, text } from '../support/factories';
import { Actors, enc, must, post, startModerationApp, walk } from './helpers';

/** An article's section: sent with a comment (the embed's data-section) or set by a moderator, and the desk's filter by it. */
describe('article sections', () => {
  let t: TestApp;
  let a: Actors;
  beforeAll(async () => ({ t, a } = await startModerationApp()));
  afterAll(() => t.close());

  const sectionOf = async (id: string) => (await t.ds.query(`SELECT section FROM articles WHERE site_id = 'default' AND id = $1`, [id]))[0]?.section;

  it('the first comment keeps its article section; a later one fills it only when the article has none', async () => {
    const world = article('world');
    await post(t, a.reader('u-sec-1'), world, text(), { articleSection: 'World', articleTitle: 'Ferry returns' });
    expect(await sectionOf(world)).toBe('World');
    await post(t, a.reader('u-sec-1'), world, text(), { articleSection: 'Sport' });
    expect(await sectionOf(world)).toBe('World');
    expect((await must(t.api('GET', `/articles/${enc(world)}`))).section).toBe('World');

    const older = article('older');
    await post(t, a.reader('u-sec-1'), older, text());
    expect(await sectionOf(older)).toBeNull();
    await post(t, a.reader('u-sec-1'), older, text(), { articleSection: 'Local news' });
    expect(await sectionOf(older)).toBe('Local news');

    // A moderator may set or change it.
    expect((await seedArticle(t, a.mod, older, { section: 'Opinion' })).section).toBe('Opinion');
    expect(await sectionOf(older)).toBe('Opinion');
  });

  it('refuses a section that is too long, blank, padded or has a line break, and writes nothing', async () => {
    const id = article('bad-section');
    for (const bad of ['x'.repeat(101), ' ', ' World', 'World ', 'Wor\nld', 'Wor\u0007ld', 42]) {
      const res = await t.api('POST', `/articles/${enc(id)}/comments`, { token: a.reader('u-sec-2'), body: { body: text(), articleSection: bad } });
      expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 400, code: 'VALIDATION_FAILED' });
      const patch = await t.api('PATCH', `/articles/${enc(id)}`, { token: a.mod, body: { section: bad } });
      expect({ bad, status: patch.status }).toEqual({ bad, status: 400 });
    }
    expect(await t.ds.query(`SELECT id FROM articles WHERE id = $1`, [id])).toEqual([]);
    // 100 characters is the limit, inclusive; inner spaces and any script are fine.
    await post(t, a.reader('u-sec-2'), id, text(), { articleSection: 'é'.repeat(99) + 'z' });
    expect(await sectionOf(id)).toBe('é'.repeat(99) + 'z');
  });

  it('search, the queues and their counts narrow to a section', async () => {
    const [w1, w2, s1] = [article('sec-w1'), article('sec-w2'), article('sec-s1')];
    for (const id of [w1, w2, s1]) await seedArticle(t, a.mod, id, { premoderation: true, section: id.startsWith('sec-s') ? 'Sport' : 'World news' });
    const posted: Record<string, string[]> = { [w1]: [], [w2]: [], [s1]: [] };
    for (const id of [w1, w2, s1, w1, s1]) posted[id].push((await post(t, a.reader('u-sec-3'), id, `section walrus ${text()}`)).id);
    const world = [...posted[w1], ...posted[w2]];

    const found = await walk(t, a.mod, `/moderation/search?q=walrus&section=${encodeURIComponent('World news')}`, 2);
    expect(found.items.map((i) => i.id).sort()).toEqual([...world].sort());
    // From the rows: the comments whose article is in the section.
    const rows = await t.ds.query(
      `SELECT c.id FROM comments c JOIN articles ar ON ar.site_id = c.site_id AND ar.id = c.article_id WHERE ar.section = 'World news' AND c.body LIKE 'section walrus%'`,
    );
    expect(rows.map((r: { id: string }) => r.id).sort()).toEqual([...world].sort());
    // With an article too: both must hold.
    expect((await walk(t, a.mod, `/moderation/search?section=Sport&articleId=${enc(w1)}`, 20)).items).toEqual([]);
    expect((await walk(t, a.mod, `/moderation/search?section=Sport&articleId=${enc(s1)}`, 20)).items.map((i) => i.id).sort()).toEqual([...posted[s1]].sort());

    const pending = await walk(t, a.mod, `/moderation/queues/pending?section=Sport`, 1);
    expect(pending.items.map((i) => i.id)).toEqual(posted[s1]);
    expect(await must(t.api('GET', `/moderation/counts?section=Sport`, { token: a.mod }))).toEqual({ pending: 2, reported: 0, unmoderated: 0 });
    expect(await must(t.api('GET', `/moderation/counts?section=${encodeURIComponent('World news')}`, { token: a.mod }))).toEqual({
      pending: 3,
      reported: 0,
      unmoderated: 0,
    });
    expect(await must(t.api('GET', `/moderation/counts?section=Nowhere`, { token: a.mod }))).toEqual({ pending: 0, reported: 0, unmoderated: 0 });

    // The decided queues too.
    await must(t.api('POST', `/moderation/comments/${posted[w2][0]}/approve`, { token: a.mod }));
    expect((await walk(t, a.mod, `/moderation/queues/approved?section=${encodeURIComponent('World news')}`, 5)).items.map((i) => i.id)).toEqual(posted[w2]);
    expect((await walk(t, a.mod, `/moderation/queues/approved?section=Sport`, 5)).items).toEqual([]);

    for (const bad of ['x'.repeat(101), '%0A']) {
      for (const path of ['/moderation/search', '/moderation/queues/pending', '/moderation/counts']) {
        const res = await t.api('GET', `${path}?section=${bad}`, { token: a.mod });
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
      }
    }
  });
});
