import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../support/app';
import { article, barrier, cursorEvents, Inbox, must, mustJoin, post, SocketPool, storedEvents } from './live-helpers';

/**
 * What is no longer public is not replayed: a reader that joins with a cursor from before a
 * comment was posted never receives the text (or the author) of a comment that was since deleted
 * or rejected, nor text its author edited away, however the replay is asked for.
 */
describe('live: replay carries only what is public now', () => {
  let t: TestApp;
  const pool = new SocketPool();
  let mod: string;

  beforeAll(async () => {
    t = await startApp();
    mod = t.token({ sub: 'mod-privacy', name: 'Mod Privacy', role: 'moderator' });
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
  });

  const secret = (label: string) => `${label} ${randomUUID().slice(0, 13)}`;

  it('deleted, rejected and edited-away text and the removed comments’ authors are in no replayed payload', async () => {
    const a = article('privacy');
    // Something before, so `since` is a real cursor of the article.
    await post(t, a);
    const since = (await storedEvents(t, a)).slice(-1)[0].cursor;

    // A reader that stays connected throughout (it saw everything live, as readers did then).
    const { socket: liveSock, inbox: live } = await pool.connect(t.url, { label: 'live' });
    await mustJoin(liveSock, a, since);

    const author = (name: string) => t.token({ sub: `u-${randomUUID().slice(0, 8)}`, name });
    const deletedBy = secret('Deleted Author');
    const deletedText = secret('deleted text');
    const rejectedBy = secret('Rejected Author');
    const doxx = secret('doxxing: lives at');
    const editor = secret('Editor Author');
    const editedAway = secret('edited-away text');
    const editedIn = secret('edited-in text');
    const parentBy = secret('Tombstone Author');
    const parentText = secret('tombstoned parent text');

    const deleterToken = author(deletedBy);
    const deleted = await post(t, a, { token: deleterToken, body: deletedText });
    const rejected = await post(t, a, { token: author(rejectedBy), body: doxx });
    const editorToken = author(editor);
    const edited = await post(t, a, { token: editorToken, body: editedAway });
    const parentToken = author(parentBy);
    const parent = await post(t, a, { token: parentToken, body: parentText });
    const reply = await post(t, a, { parentId: parent.id });
    // A like on the deleted one: its reactions event carries no text and is still replayed.
    await must(t.api('PUT', `/comments/${deleted.id}/reactions/like`, { token: t.token('privacy-liker') }));

    await must(t.api('DELETE', `/comments/${deleted.id}`, { token: deleterToken }), 204);
    await must(t.api('POST', `/moderation/comments/${rejected.id}/reject`, { token: mod, body: { reason: 'abuse' } }));
    await must(t.api('PATCH', `/comments/${edited.id}`, { token: editorToken, body: { body: editedIn } }));
    // Deleted by its author while it has a visible reply: it stays as a tombstone.
    await must(t.api('DELETE', `/comments/${parent.id}`, { token: parentToken }), 204);
    await barrier(t, a, [live]);

    // The live reader did see the text back then (so the secrets were really in the feed)...
    const liveText = JSON.stringify(live.events);
    for (const s of [deletedText, doxx, editedAway, parentText, deletedBy, rejectedBy, parentBy]) expect(liveText).toContain(s);

    // ...but a fresh reader resuming from before it all, in every way a join can ask, is not replayed any of it.
    const replays: Inbox[] = [];
    for (const from of [since, '0']) {
      const { socket, inbox } = await pool.connect(t.url, { label: `resume from ${from}` });
      await mustJoin(socket, a, from);
      replays.push(inbox);
    }
    // The same socket asking again from further back.
    const { socket: again, inbox: againInbox } = await pool.connect(t.url, { label: 'twice' });
    await mustJoin(again, a);
    await mustJoin(again, a, since);
    replays.push(againInbox);

    const stored = await storedEvents(t, a, since);
    for (const inbox of replays) {
      // Every stored event is still replayed (cursors and order intact)...
      expect(cursorEvents(inbox.events, a).filter((e) => BigInt(e.cursor) > BigInt(since))).toEqual(stored);
      const replayed = JSON.stringify(inbox.events);
      // ...with none of what is no longer public.
      for (const s of [deletedText, doxx, editedAway, parentText, deletedBy, rejectedBy, parentBy]) expect(replayed).not.toContain(s);
      // What is public now is there: the edited text, its author, the reply, the tombstone.
      expect(replayed).toContain(editedIn);
      expect(replayed).toContain(editor);
      expect(replayed).toContain(reply.id);
      const created = inbox.of('comment.created');
      expect(created.find((e) => e.comment.id === parent.id)?.comment).toMatchObject({ id: parent.id, author: null, body: '', html: '', status: 'deleted' });
      expect(created.find((e) => e.comment.id === deleted.id)?.comment).toMatchObject({ author: null, body: '', html: '' });
      expect(created.find((e) => e.comment.id === edited.id)?.comment).toMatchObject({ body: editedIn, editedAt: expect.any(String) });
    }

    // And the stored rows themselves no longer hold it.
    const rows = await t.ds.query(`SELECT payload::text AS p FROM events WHERE article_id = $1`, [a]);
    const all = rows.map((r: { p: string }) => r.p).join('\n');
    for (const s of [deletedText, doxx, editedAway, parentText, deletedBy, rejectedBy, parentBy]) expect(all).not.toContain(s);
  });
});
