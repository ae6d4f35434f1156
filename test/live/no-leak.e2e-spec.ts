import { startApp, TestApp } from '../support/app';
import { article, barrier, enc, Inbox, join, must, mustJoin, post, SocketPool, text } from './live-helpers';

/** A comment readers may not see never reaches them live, nor through the replay log. */
describe('live: held and rejected comments never leak to readers', () => {
  let t: TestApp;
  const pool = new SocketPool();
  let mod: string;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    mod = t.token({ sub: 'mod-leak', name: 'Mo', role: 'moderator' });
    admin = t.token({ sub: 'admin-leak', name: 'Ada', role: 'admin' });
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
  });

  /** Every mention of `id` in what the inbox received. */
  const mentions = (inbox: Inbox, id: string) => inbox.events.filter((e) => JSON.stringify(e.data).includes(id));
  /** Stored (replayable) events mentioning `id`. */
  const storedMentions = async (id: string) =>
    Number((await t.ds.query(`SELECT count(*)::int AS n FROM events WHERE payload::text LIKE $1`, [`%${id}%`]))[0].n);

  async function readers(a: string): Promise<Inbox[]> {
    const out: Inbox[] = [];
    for (let i = 0; i < 3; i++) {
      // Anonymous, a signed-in reader, and one that joined with a replay cursor.
      const token = i === 1 ? t.token(`watcher-${i}-${a}`) : undefined;
      const { socket, inbox } = await pool.connect(t.url, { token, label: `reader ${i}` });
      if (i === 2) {
        const ack = await join(socket, a);
        if (!ack.ok) throw new Error('join failed');
        await mustJoin(socket, a, ack.cursor);
      } else await mustJoin(socket, a);
      out.push(inbox);
    }
    return out;
  }

  it('premoderated article: held, then rejected, stays invisible; approved appears as comment.created', async () => {
    const a = article('premod');
    await must(t.api('PATCH', `/articles/${enc(a)}`, { token: mod, body: { premoderation: true } }));
    const inboxes = await readers(a);

    const secret = `held text ${text()}`;
    const held = await post(t, a, { body: secret });
    expect(held.status).toBe('pending');
    const rejected = await post(t, a);
    expect(rejected.status).toBe('pending');
    await must(t.api('POST', `/moderation/comments/${rejected.id}/reject`, { token: mod, body: { reason: 'spam' } }));

    await barrier(t, a, inboxes);
    for (const inbox of inboxes) {
      expect(mentions(inbox, held.id)).toEqual([]);
      expect(mentions(inbox, rejected.id)).toEqual([]);
      expect(inbox.events.filter((e) => JSON.stringify(e.data).includes(secret))).toEqual([]);
      expect(inbox.of('comment.created')).toEqual([]);
      expect(inbox.of('article.count')).toEqual([]);
    }
    expect(await storedMentions(held.id)).toBe(0);
    expect(await storedMentions(rejected.id)).toBe(0);

    await must(t.api('POST', `/moderation/comments/${held.id}/approve`, { token: mod }));
    for (const inbox of inboxes) {
      const created = await inbox.waitFor('comment.created', (e) => e.comment.id === held.id);
      expect(created.comment).toMatchObject({ id: held.id, articleId: a, body: secret, status: 'approved' });
      expect((await inbox.waitFor('article.count', (e) => e.articleId === a)).total).toBe(1);
    }
    await barrier(t, a, inboxes);
    for (const inbox of inboxes) {
      expect(inbox.of('comment.created').map((e) => e.comment.id)).toEqual([held.id]);
      expect(mentions(inbox, rejected.id)).toEqual([]);
    }
  });

  it('suspect word: held comment stays invisible until approved; a banned word never shows', async () => {
    const a = article('words');
    const inboxes = await readers(a);
    await must(t.api('PATCH', '/settings', { token: admin, body: { suspectWords: ['quibblefrotz'], bannedWords: ['zorgnak'] } }));
    try {
      const suspect = await post(t, a, { body: `you are a quibblefrotz ${text()}` });
      expect(suspect.status).toBe('pending');
      const banned = await post(t, a, { body: `zorgnak ${text()}` });
      expect(banned.status).toBe('rejected');
      const fine = await post(t, a);
      expect(fine.status).toBe('approved');

      // The held one is in the moderators' queue for the right reason.
      const queue = await must(t.api('GET', `/moderation/queues/pending?articleId=${enc(a)}`, { token: mod }));
      expect(queue.items.map((i: any) => i.id)).toEqual([suspect.id]);
      expect(queue.items[0].reasons).toContain('suspect_word:quibblefrotz');

      await barrier(t, a, inboxes);
      for (const inbox of inboxes) {
        expect(mentions(inbox, suspect.id)).toEqual([]);
        expect(mentions(inbox, banned.id)).toEqual([]);
        expect(inbox.of('comment.created').map((e) => e.comment.id)).toEqual([fine.id]);
        expect(inbox.of('article.count').map((e) => e.total)).toEqual([1]);
      }
      expect(await storedMentions(suspect.id)).toBe(0);
      expect(await storedMentions(banned.id)).toBe(0);

      await must(t.api('POST', `/moderation/comments/${suspect.id}/approve`, { token: mod }));
      for (const inbox of inboxes) {
        const created = await inbox.waitFor('comment.created', (e) => e.comment.id === suspect.id);
        expect(created.comment.status).toBe('approved');
        expect((await inbox.waitFor('article.count', (e) => e.total === 2)).articleId).toBe(a);
      }
    } finally {
      await must(t.api('PATCH', '/settings', { token: admin, body: { suspectWords: [], bannedWords: [] } }));
    }
  });

  it('a held reply does not leak through its parent either', async () => {
    const a = article('reply');
    const parent = await post(t, a);
    const inboxes = await readers(a);
    await must(t.api('PATCH', `/articles/${enc(a)}`, { token: mod, body: { premoderation: true } }));
    const reply = await post(t, a, { parentId: parent.id });
    expect(reply.status).toBe('pending');
    await barrier(t, a, inboxes);
    for (const inbox of inboxes) {
      expect(mentions(inbox, reply.id)).toEqual([]);
      // The parent's reply count is not bumped for a reply nobody can see.
      expect(inbox.of('comment.updated')).toEqual([]);
    }
  });
});
