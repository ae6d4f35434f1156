import type { TestApp } from '../support/app';
import { Actors, must, post, startModerationApp, text } from './helpers';

/** POST /moderation/users/{userId}/notes and the notes in the user panel. */
describe('staff notes on a user', () => {
  let t: TestApp;
  let a: Actors;

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
    await post(t, a.reader('note-target', 'Nadia'), 'notes-article', text());
  });
  afterAll(() => t.close());

  const add = (token: string, userId: string, body: unknown) => t.api('POST', `/moderation/users/${userId}/notes`, { token, body });

  it('a note one moderator writes, every moderator and admin of the site reads in the user panel, newest first', async () => {
    const first = await add(a.mod, 'note-target', { body: '  Warned by email about links  ' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      authorId: 'mod-1',
      authorName: 'Mo Moderator',
      body: 'Warned by email about links',
      createdAt: expect.any(String),
    });
    await must(add(a.admin, 'note-target', { body: 'Second thought' }), 201);
    for (const token of [a.mod, a.mod2, a.admin]) {
      const panel = await must(t.api('GET', '/moderation/users/note-target', { token }));
      expect(panel.notes.map((n: any) => [n.authorName, n.body])).toEqual([
        ['Ada Admin', 'Second thought'],
        ['Mo Moderator', 'Warned by email about links'],
      ]);
    }
  });

  it('refuses bad input and outsiders, storing nothing', async () => {
    const count = async () => Number((await t.ds.query(`SELECT count(*) FROM user_notes`))[0].count);
    const before = await count();
    for (const body of [{ body: '   ' }, { body: 'x'.repeat(2001) }, {}, { body: 5 }, { body: 'ok', extra: 1 }]) {
      const res = await add(a.mod, 'note-target', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await add(a.mod, 'nobody-here', { body: 'hello' })).status).toBe(404);
    expect((await add(a.reader('note-reader'), 'note-target', { body: 'hello' })).status).toBe(403);
    expect(await count()).toBe(before);
  });
});
