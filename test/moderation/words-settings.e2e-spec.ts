import type { TestApp } from '../support/app';
import { INVALID_SETTINGS_PATCHES } from '../support/settings-cases';
import { Actors, must, patchSettings, post, text, startModerationApp } from './helpers';

/** Word lists: evasions match, innocent words that contain a listed word do not. Settings edits. */
describe('word matching and site settings', () => {
  let t: TestApp;
  let a: Actors;

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
  });
  afterAll(() => t.close());

  const EVASIONS = ['TRAITOR', 'tr41tor', 't r a i t o r', 'traaaitor', 'Träitor'];

  describe('evasions of a listed word match', () => {
    afterAll(() => patchSettings(t, a.admin, { bannedWords: [], suspectWords: [] }));

    it.each(EVASIONS)('banned word "traitor" rejects "%s"', async (variant) => {
      await patchSettings(t, a.admin, { bannedWords: ['traitor'], suspectWords: [] });
      const c = await post(t, a.reader('words-banned'), 'words', `You ${variant}! ${text()}`);
      expect(c.status).toBe('rejected');
      const [row] = await t.ds.query(`SELECT reasons FROM comments WHERE id = $1`, [c.id]);
      expect(row.reasons).toEqual(['banned_word:traitor']);
    });

    it.each(EVASIONS)('suspect word "traitor" holds "%s"', async (variant) => {
      await patchSettings(t, a.admin, { bannedWords: [], suspectWords: ['traitor'] });
      const c = await post(t, a.reader('words-suspect'), 'words', `Such a ${variant} ${text()}`);
      expect(c.status).toBe('pending');
      const [row] = await t.ds.query(`SELECT reasons FROM comments WHERE id = $1`, [c.id]);
      expect(row.reasons).toEqual(['suspect_word:traitor']);
    });

    it.each(['I think you are a t r a i t o r', 'What a t.r.a.i.t.o.r'])('a spaced-out word after a one-letter word matches: "%s"', async (body) => {
      await patchSettings(t, a.admin, { bannedWords: ['traitor'], suspectWords: [] });
      const c = await post(t, a.reader('words-spaced'), 'words', `${body} ${text()}`);
      expect(c.status).toBe('rejected');
    });

    it.each([
      ['rotten', 'Rotten'],
      ['rotten', 'r o t t e n'],
      ['puppet', 'PUPPET'],
      ['puppet', 'pupp3t'],
      ['mutt', 'mutt'],
    ])('a listed word with a doubled letter ("%s") matches "%s"', async (word, variant) => {
      await patchSettings(t, a.admin, { bannedWords: [word], suspectWords: [] });
      const c = await post(t, a.reader('words-doubled'), 'words', `You ${variant} ${text()}`);
      expect(c.status).toBe('rejected');
      const [row] = await t.ds.query(`SELECT reasons FROM comments WHERE id = $1`, [c.id]);
      expect(row.reasons).toEqual([`banned_word:${word}`]);
    });

    it('the clean spelling next to the evasions is published', async () => {
      await patchSettings(t, a.admin, { bannedWords: ['traitor'], suspectWords: ['traitor'] });
      const c = await post(t, a.reader('words-clean'), 'words', `He painted a portrait of the trade minister ${text()}`);
      expect(c.status).toBe('approved');
    });
  });

  describe('no false positives', () => {
    beforeAll(() => patchSettings(t, a.admin, { bannedWords: ['ass', 'cunt'], suspectWords: ['ass', 'cunt'] }));
    afterAll(() => patchSettings(t, a.admin, { bannedWords: [], suspectWords: [] }));

    it.each(['Scunthorpe', 'assassin', 'classic', 'bass'])('"%s" does not match ["ass", "cunt"]', async (word) => {
      const c = await post(t, a.reader('words-innocent'), 'words-fp', `${word} ${text()}`);
      expect(c.status).toBe('approved');
      const [row] = await t.ds.query(`SELECT reasons FROM comments WHERE id = $1`, [c.id]);
      expect(row.reasons).toEqual([]);
    });

    it('a listed word with a doubled letter does not swallow the word without it ("butt" vs "but")', async () => {
      await patchSettings(t, a.admin, { bannedWords: ['ass', 'cunt', 'butt'] });
      try {
        expect((await post(t, a.reader('words-innocent'), 'words-fp', `But I disagree, but politely ${text()}`)).status).toBe('approved');
        expect((await post(t, a.reader('words-innocent'), 'words-fp', `Get off your BUTT ${text()}`)).status).toBe('rejected');
      } finally {
        await patchSettings(t, a.admin, { bannedWords: ['ass', 'cunt'] });
      }
    });

    it('the listed words themselves still match (so the misses above mean something)', async () => {
      const c = await post(t, a.reader('words-innocent'), 'words-fp', `What an ass ${text()}`);
      expect(c.status).toBe('rejected');
      const [row] = await t.ds.query(`SELECT reasons FROM comments WHERE id = $1`, [c.id]);
      expect([...row.reasons].sort()).toEqual(['banned_word:ass', 'suspect_word:ass']);
    });
  });

  describe('GET/PATCH /settings', () => {
    it('is admin only: anonymous 401, reader and moderator 403', async () => {
      for (const [token, status] of [
        [undefined, 401],
        [a.reader('settings-reader'), 403],
        [a.mod, 403],
      ] as const) {
        expect((await t.api('GET', '/settings', { token })).status).toBe(status);
        const patch = await t.api('PATCH', '/settings', { token, body: { premoderation: 'all' } });
        expect(patch.status).toBe(status);
      }
      const s = await must(t.api('GET', '/settings', { token: a.admin }));
      expect(s.premoderation).toBe('none');
    });

    it('returns the whole policy with its defaults', async () => {
      const s = await must(t.api('GET', '/settings', { token: a.admin }));
      expect(s).toEqual(
        expect.objectContaining({
          premoderation: 'none',
          maxLength: 5000,
          maxDepth: 3,
          editWindowSeconds: 900,
          toxicityThreshold: 0.8,
          bannedWords: expect.any(Array),
          suspectWords: expect.any(Array),
          rateLimits: expect.objectContaining({ commentsPerMinute: 1000 }),
        }),
      );
    });

    it('a patch changes only the fields sent and survives a reload from the database', async () => {
      const before = await must(t.api('GET', '/settings', { token: a.admin }));
      const after = await patchSettings(t, a.admin, { maxDepth: 2, rateLimits: { duplicateWindowSeconds: 120 } });
      expect(after).toEqual({ ...before, maxDepth: 2, rateLimits: { ...before.rateLimits, duplicateWindowSeconds: 120 } });
      expect(await must(t.api('GET', '/settings', { token: a.admin }))).toEqual(after);
      const [row] = await t.ds.query(`SELECT value FROM settings WHERE site_id = 'default'`);
      expect(row.value.maxDepth).toBe(2);
      expect(row.value.rateLimits.duplicateWindowSeconds).toBe(120);
      await patchSettings(t, a.admin, { maxDepth: before.maxDepth, rateLimits: before.rateLimits });
    });

    // The controller refuses an empty patch; every other case is the validation of the fields.
    const BAD: Array<[string, Record<string, unknown>]> = [...INVALID_SETTINGS_PATCHES, ['an empty patch', {}]];

    it.each(BAD)('%s → 400 and nothing changed', async (_label, body) => {
      const before = await must(t.api('GET', '/settings', { token: a.admin }));
      const [rowBefore] = await t.ds.query(`SELECT value FROM settings WHERE site_id = 'default'`);
      const res = await t.api('PATCH', '/settings', { token: a.admin, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await must(t.api('GET', '/settings', { token: a.admin }))).toEqual(before);
      const [rowAfter] = await t.ds.query(`SELECT value FROM settings WHERE site_id = 'default'`);
      expect(rowAfter.value).toEqual(rowBefore.value);
      // And the service still works under the unchanged policy.
      expect((await post(t, a.reader('settings-after-bad'), 'settings', text())).status).toBe('approved');
    });

    it('edits are in force at once: word lists, premoderation and maxLength', async () => {
      const tok = a.reader('settings-live');
      await patchSettings(t, a.admin, { bannedWords: ['rotten'] });
      expect((await post(t, tok, 'settings', `rotten ${text()}`)).status).toBe('rejected');
      await patchSettings(t, a.admin, { bannedWords: [] });
      expect((await post(t, tok, 'settings', `rotten ${text()}`)).status).toBe('approved');

      await patchSettings(t, a.admin, { premoderation: 'all' });
      expect((await post(t, tok, 'settings', text())).status).toBe('pending');
      await patchSettings(t, a.admin, { premoderation: 'none' });
      expect((await post(t, tok, 'settings', text())).status).toBe('approved');

      await patchSettings(t, a.admin, { maxLength: 40 });
      const long = await t.api('POST', '/articles/settings/comments', { token: tok, body: { body: 'x'.repeat(41) } });
      expect(long.status).toBe(400);
      expect(long.body.code).toBe('COMMENT_TOO_LONG');
      await patchSettings(t, a.admin, { maxLength: 5000 });
      expect((await post(t, tok, 'settings', `${'y'.repeat(41)} ${text()}`)).status).toBe('approved');
    });
  });
});
