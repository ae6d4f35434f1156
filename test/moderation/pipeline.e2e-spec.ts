import type { TestApp } from '../support/app';
import { Actors, commentRowCount, decide, enc, must, patchSettings, post, text, startModerationApp } from './helpers';

/**
 * The ordered checks every new comment passes (pipeline.service.ts), each one's hit and miss,
 * seen only through the public API and the rows it leaves.
 */
describe('moderation pipeline', () => {
  let t: TestApp;
  let a: Actors;

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
  });
  afterAll(() => t.close());

  describe('who may write', () => {
    it('a banned user gets 403 USER_BANNED and nothing is stored; an unbanned one writes again', async () => {
      const tok = a.reader('pipe-banned');
      await post(t, tok, 'pipe-users', text('before the ban')); // creates the user row
      await must(t.api('POST', '/moderation/users/pipe-banned/ban', { token: a.mod, body: { reason: 'abuse' } }));
      const before = await commentRowCount(t, 'author_id = $1', ['pipe-banned']);
      const res = await t.api('POST', '/articles/pipe-users/comments', { token: tok, body: { body: text('while banned') } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('USER_BANNED');
      expect(await commentRowCount(t, 'author_id = $1', ['pipe-banned'])).toBe(before);
      // Reading still works for the banned user.
      expect((await t.api('GET', '/articles/pipe-users/comments', { token: tok })).status).toBe(200);

      await must(t.api('POST', '/moderation/users/pipe-banned/unban', { token: a.mod, body: {} }));
      const again = await post(t, tok, 'pipe-users', text('after the ban'));
      expect(again.status).toBe('approved');
      expect(await commentRowCount(t, 'author_id = $1', ['pipe-banned'])).toBe(before + 1);
    });

    it('a suspended user gets 403 USER_SUSPENDED until the suspension ends, and nothing is stored', async () => {
      const tok = a.reader('pipe-suspended');
      await post(t, tok, 'pipe-users', text('before the suspension'));
      const until = new Date(Date.now() + 2500).toISOString();
      const s = await must(t.api('POST', '/moderation/users/pipe-suspended/suspend', { token: a.mod, body: { until, reason: 'cool off' } }));
      expect(s.user.status).toBe('suspended');
      expect(s.user.suspendedUntil).toBe(until);
      const before = await commentRowCount(t, 'author_id = $1', ['pipe-suspended']);
      const res = await t.api('POST', '/articles/pipe-users/comments', { token: tok, body: { body: text('while suspended') } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('USER_SUSPENDED');
      expect(await commentRowCount(t, 'author_id = $1', ['pipe-suspended'])).toBe(before);

      await new Promise((r) => setTimeout(r, Date.parse(until) - Date.now() + 200));
      const after = await post(t, tok, 'pipe-users', text('suspension over'));
      expect(after.status).toBe('approved');
      expect(await commentRowCount(t, 'author_id = $1', ['pipe-suspended'])).toBe(before + 1);
    });

    it('a closed article refuses comments with 403 ARTICLE_CLOSED and stores nothing; reopened it takes them', async () => {
      const tok = a.reader('pipe-closed-writer');
      await post(t, tok, 'pipe-closed', text('while open'));
      await must(t.api('PATCH', '/articles/pipe-closed', { token: a.mod, body: { closed: true } }));
      const before = await commentRowCount(t, 'article_id = $1', ['pipe-closed']);
      const res = await t.api('POST', '/articles/pipe-closed/comments', { token: tok, body: { body: text('while closed') } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ARTICLE_CLOSED');
      expect(await commentRowCount(t, 'article_id = $1', ['pipe-closed'])).toBe(before);

      await must(t.api('PATCH', '/articles/pipe-closed', { token: a.mod, body: { closed: false } }));
      expect((await post(t, tok, 'pipe-closed', text('reopened'))).status).toBe('approved');
    });
  });

  describe('words', () => {
    afterEach(() => patchSettings(t, a.admin, { bannedWords: [], suspectWords: [] }));

    it('a banned word rejects the comment with banned_word:<w>; text without it is published', async () => {
      await patchSettings(t, a.admin, { bannedWords: ['traitor', 'scoundrel'] });
      const tok = a.reader('pipe-words');
      const hit = await post(t, tok, 'pipe-words', 'You are a traitor and a scoundrel.');
      expect(hit.status).toBe('rejected');
      const [row] = await t.ds.query(`SELECT status, reasons FROM comments WHERE id = $1`, [hit.id]);
      expect(row.status).toBe('rejected');
      expect([...row.reasons].sort()).toEqual(['banned_word:scoundrel', 'banned_word:traitor']);

      const miss = await post(t, tok, 'pipe-words', 'You are a trader and a scholar.');
      expect(miss.status).toBe('approved');
      const [row2] = await t.ds.query(`SELECT reasons FROM comments WHERE id = $1`, [miss.id]);
      expect(row2.reasons).toEqual([]);
    });

    it('a suspect word holds the comment with suspect_word:<w>; text without it is published', async () => {
      await patchSettings(t, a.admin, { suspectWords: ['traitor'] });
      const tok = a.reader('pipe-suspect');
      const hit = await post(t, tok, 'pipe-words', 'The minister is a traitor');
      expect(hit.status).toBe('pending');
      const item = await findInQueue('pending', hit.id);
      expect(item.reasons).toEqual(['suspect_word:traitor']);

      const miss = await post(t, tok, 'pipe-words', 'The minister is a portrait painter');
      expect(miss.status).toBe('approved');
    });

    it('a banned word wins over a suspect word (rejected, both reasons kept)', async () => {
      await patchSettings(t, a.admin, { bannedWords: ['scoundrel'], suspectWords: ['traitor'] });
      const hit = await post(t, a.reader('pipe-both'), 'pipe-words', 'traitor and scoundrel');
      expect(hit.status).toBe('rejected');
      const [row] = await t.ds.query(`SELECT reasons FROM comments WHERE id = $1`, [hit.id]);
      expect([...row.reasons].sort()).toEqual(['banned_word:scoundrel', 'suspect_word:traitor']);
    });
  });

  describe('flood', () => {
    afterEach(() => patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000, duplicateWindowSeconds: 300 } }));

    it('the same text from the same user within the window is rejected as flood; other text or another user is not', async () => {
      const tok = a.reader('pipe-repeat');
      const body = text('Repeat me');
      const first = await post(t, tok, 'pipe-flood', body);
      expect(first.status).toBe('approved');
      const second = await post(t, tok, 'pipe-flood', body);
      expect(second.status).toBe('rejected');
      const [row] = await t.ds.query(`SELECT reasons FROM comments WHERE id = $1`, [second.id]);
      expect(row.reasons).toEqual(['flood']);

      expect((await post(t, tok, 'pipe-flood', text('Something else'))).status).toBe('approved');
      expect((await post(t, a.reader('pipe-repeat-other'), 'pipe-flood', body)).status).toBe('approved');
    });

    it('with duplicateWindowSeconds 0 the same text is no longer a repeat (setting in force at once)', async () => {
      const tok = a.reader('pipe-repeat-off');
      const body = text('Say it twice');
      expect((await post(t, tok, 'pipe-flood', body)).status).toBe('approved');
      await patchSettings(t, a.admin, { rateLimits: { duplicateWindowSeconds: 0 } });
      expect((await post(t, tok, 'pipe-flood', body)).status).toBe('approved');
    });

    it('more comments in a minute than rateLimits.commentsPerMinute are refused: 429 FLOOD with Retry-After, nothing stored', async () => {
      await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 3 } });
      const tok = a.reader('pipe-flooder');
      const answers: (string | number)[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await t.api('POST', '/articles/pipe-flood/comments', { token: tok, body: { body: text('burst') } });
        answers.push(res.status === 201 ? res.body.status : `${res.status} ${res.body.code} ${Number(res.headers.get('retry-after')) > 0}`);
      }
      expect(answers).toEqual(['approved', 'approved', 'approved', '429 FLOOD true', '429 FLOOD true']);
      const rows = await t.ds.query(`SELECT status, reasons FROM comments WHERE author_id = 'pipe-flooder' ORDER BY id`);
      expect(rows.map((r: any) => r.reasons)).toEqual([[], [], []]);
      // Someone else is not slowed down by it.
      expect((await post(t, a.reader('pipe-calm'), 'pipe-flood', text('calm'))).status).toBe('approved');
    });

    it('a burst sent in parallel is limited the same way: only commentsPerMinute are stored, the rest told to wait', async () => {
      await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 3 } });
      const tok = a.reader('pipe-burst');
      const res = await Promise.all(
        Array.from({ length: 10 }, (_, i) => t.api('POST', '/articles/pipe-flood/comments', { token: tok, body: { body: text(`burst ${i}`) } })),
      );
      expect(res.filter((r) => r.status === 201).map((r) => r.body.status)).toEqual(['approved', 'approved', 'approved']);
      expect(res.filter((r) => r.status === 429).map((r) => r.body.code)).toEqual(Array(7).fill('FLOOD'));
      const rows = await t.ds.query(`SELECT status FROM comments WHERE author_id = 'pipe-burst'`);
      expect(rows).toHaveLength(3);
    });

    it('the same text sent several times in parallel is published once', async () => {
      const tok = a.reader('pipe-burst-repeat');
      const body = text('Parallel repeat');
      const res = await Promise.all(Array.from({ length: 5 }, () => t.api('POST', '/articles/pipe-flood/comments', { token: tok, body: { body } })));
      expect(res.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(res.map((r) => r.body.status).sort()).toEqual(['approved', 'rejected', 'rejected', 'rejected', 'rejected']);
    });
  });

  describe('links', () => {
    afterEach(() => patchSettings(t, a.admin, { premoderation: 'none' }));

    it("premoderation 'links' holds a comment with a link (reason link) and publishes one without", async () => {
      await patchSettings(t, a.admin, { premoderation: 'links' });
      const tok = a.reader('pipe-links');
      const linked = await post(t, tok, 'pipe-links', `Read this https://example.com/story ${text()}`);
      expect(linked.status).toBe('pending');
      expect((await findInQueue('pending', linked.id)).reasons).toEqual(['link']);
      const markdown = await post(t, tok, 'pipe-links', `A [source](https://example.org/x) ${text()}`);
      expect(markdown.status).toBe('pending');
      const plain = await post(t, tok, 'pipe-links', text('No link in here'));
      expect(plain.status).toBe('approved');
    });

    it("with premoderation 'none' the same link is published", async () => {
      const c = await post(t, a.reader('pipe-links'), 'pipe-links', `Read this https://example.com/story ${text()}`);
      expect(c.status).toBe('approved');
    });
  });

  describe('pre-moderation', () => {
    it("site-wide (premoderation 'all') holds every reader comment with premod:site", async () => {
      await patchSettings(t, a.admin, { premoderation: 'all' });
      try {
        const c = await post(t, a.reader('pipe-premod-site'), 'pipe-premod-site', text());
        expect(c.status).toBe('pending');
        expect((await findInQueue('pending', c.id)).reasons).toEqual(['premod:site']);
      } finally {
        await patchSettings(t, a.admin, { premoderation: 'none' });
      }
      expect((await post(t, a.reader('pipe-premod-site'), 'pipe-premod-site', text())).status).toBe('approved');
    });

    it('per article (PATCH /articles/{id} premoderation) holds with premod:article, other articles unaffected', async () => {
      const articleId = 'news/pipe-premod-article';
      const art = await must(t.api('PATCH', `/articles/${enc(articleId)}`, { token: a.mod, body: { premoderation: true } }));
      expect(art.premoderation).toBe(true);
      const tok = a.reader('pipe-premod-article');
      const held = await post(t, tok, articleId, text());
      expect(held.status).toBe('pending');
      expect((await findInQueue('pending', held.id)).reasons).toEqual(['premod:article']);
      expect((await post(t, tok, 'pipe-premod-elsewhere', text())).status).toBe('approved');

      await must(t.api('PATCH', `/articles/${enc(articleId)}`, { token: a.mod, body: { premoderation: false } }));
      expect((await post(t, tok, articleId, text())).status).toBe('approved');
    });

    it('per user (POST /moderation/users/{id}/premod) holds with premod:user until unpremod', async () => {
      const tok = a.reader('pipe-premod-user');
      expect((await post(t, tok, 'pipe-premod-user', text())).status).toBe('approved');
      const r = await must(t.api('POST', '/moderation/users/pipe-premod-user/premod', { token: a.mod, body: {} }));
      expect(r.user.premod).toBe(true);
      const held = await post(t, tok, 'pipe-premod-user', text());
      expect(held.status).toBe('pending');
      expect((await findInQueue('pending', held.id)).reasons).toEqual(['premod:user']);
      // Another user on the same article is not held.
      expect((await post(t, a.reader('pipe-premod-bystander'), 'pipe-premod-user', text())).status).toBe('approved');

      await must(t.api('POST', '/moderation/users/pipe-premod-user/unpremod', { token: a.mod, body: {} }));
      expect((await post(t, tok, 'pipe-premod-user', text())).status).toBe('approved');
    });

    it('new users are held with premod:new_user until N of their comments were approved, then published', async () => {
      await patchSettings(t, a.admin, { premodNewUsers: 2 });
      try {
        const tok = a.reader('pipe-newbie');
        const first = await post(t, tok, 'pipe-newbie', text());
        expect(first.status).toBe('pending');
        expect((await findInQueue('pending', first.id)).reasons).toEqual(['premod:new_user']);
        expect((await must(decide(t, a.mod, first.id, 'approve'))).status).toBe('approved');

        const second = await post(t, tok, 'pipe-newbie', text());
        expect(second.status).toBe('pending');
        expect((await findInQueue('pending', second.id)).reasons).toEqual(['premod:new_user']);
        // A rejection does not count towards N.
        const extra = await post(t, tok, 'pipe-newbie', text());
        expect(extra.status).toBe('pending');
        await must(decide(t, a.mod, extra.id, 'reject'));
        expect((await post(t, tok, 'pipe-newbie', text())).status).toBe('pending');
        await must(decide(t, a.mod, second.id, 'approve'));

        const third = await post(t, tok, 'pipe-newbie', text());
        expect(third.status).toBe('approved');
        // A user who already has N approved comments is not new.
        const [u] = await t.ds.query(`SELECT approved_count FROM users WHERE id = 'pipe-newbie'`);
        expect(Number(u.approved_count)).toBe(3);
      } finally {
        await patchSettings(t, a.admin, { premodNewUsers: 0 });
      }
    });

    it('reasons accumulate: site + article + user + suspect word on one comment', async () => {
      const articleId = 'pipe-premod-all-reasons';
      await must(t.api('PATCH', `/articles/${articleId}`, { token: a.mod, body: { premoderation: true } }));
      await t.api('POST', `/articles/${articleId}/comments`, { token: a.reader('pipe-many'), body: { body: text('hello') } });
      await must(t.api('POST', '/moderation/users/pipe-many/premod', { token: a.mod, body: {} }));
      await patchSettings(t, a.admin, { premoderation: 'all', suspectWords: ['traitor'] });
      try {
        const c = await post(t, a.reader('pipe-many'), articleId, `what a traitor ${text()}`);
        expect(c.status).toBe('pending');
        expect([...(await findInQueue('pending', c.id)).reasons].sort()).toEqual(
          ['premod:article', 'premod:site', 'premod:user', 'suspect_word:traitor'].sort(),
        );
      } finally {
        await patchSettings(t, a.admin, { premoderation: 'none', suspectWords: [] });
      }
    });

    it("moderators' and admins' own comments are published whatever the policy", async () => {
      const articleId = 'pipe-staff';
      await must(t.api('PATCH', `/articles/${articleId}`, { token: a.mod, body: { premoderation: true } }));
      await patchSettings(t, a.admin, { premoderation: 'all', suspectWords: ['traitor'], premodNewUsers: 5 });
      try {
        for (const tok of [a.mod, a.admin]) {
          const c = await post(t, tok, articleId, `Staff note about the traitor claim https://example.com ${text()}`);
          expect(c.status).toBe('approved');
          // Published and already looked at by a moderator: in no work queue.
          const [row] = await t.ds.query(`SELECT status, moderated FROM comments WHERE id = $1`, [c.id]);
          expect(row).toEqual({ status: 'approved', moderated: true });
        }
        // The same text from a reader is held.
        expect((await post(t, a.reader('pipe-staff-reader'), articleId, `about the traitor claim ${text()}`)).status).toBe('pending');
      } finally {
        await patchSettings(t, a.admin, { premoderation: 'none', suspectWords: [], premodNewUsers: 0 });
      }
    });
  });

  async function findInQueue(queue: string, id: string): Promise<any> {
    const page = await must(t.api('GET', `/moderation/queues/${queue}?limit=100`, { token: a.mod }));
    const item = page.items.find((i: any) => i.id === id);
    if (!item) throw new Error(`${id} is not in the ${queue} queue`);
    return item;
  }
});
