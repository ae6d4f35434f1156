/**
 * Issue 10: moderation judges what a reader sees. A listed word hidden from the raw text (invisible
 * characters, accents, markdown, entities, squeezed runs) is still found; direction controls are
 * refused in bodies and dropped from display names; a name with nothing visible is refused.
 */
import type { TestApp } from '../support/app';
import { article, commentRowCount } from '../support/factories';
import { POSTABLE_EVASIONS } from '../support/evasions';
import { Actors, enc, must, patchSettings, post, startModerationApp, text } from './helpers';

const BIDI_CONTROLS = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
const hex = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase()}`;

describe('moderation matches what a reader sees', () => {
  let t: TestApp;
  let a: Actors;
  const where = article('evasion');

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
  });
  afterAll(() => t.close());

  const row = async (id: string) => (await t.ds.query(`SELECT status, body, reasons FROM comments WHERE id = $1`, [id]))[0];
  const userRows = (sub: string) => t.ds.query<{ name: string }[]>(`SELECT name FROM users WHERE id = $1`, [sub]);
  const edit = (token: string, id: string, body: string) => t.api('PATCH', `/comments/${id}`, { token, body: { body } });

  describe.each([
    ['banned', { bannedWords: ['idiot'], suspectWords: [] }, 'rejected', 'banned_word:idiot'],
    ['suspect', { bannedWords: [], suspectWords: ['idiot'] }, 'pending', 'suspect_word:idiot'],
  ])('a %s word', (_kind, words, status, reason) => {
    beforeAll(() => patchSettings(t, a.admin, words));
    afterAll(() => patchSettings(t, a.admin, { bannedWords: [], suspectWords: [] }));

    it.each(POSTABLE_EVASIONS)(`hidden by %s: the comment is ${status} with ${reason}`, async (_label, evasion) => {
      const c = await post(t, a.reader('evasion-post'), where, `You ${evasion}! ${text()}`);
      expect({ status: c.status, reasons: (await row(c.id)).reasons }).toEqual({ status, reasons: [reason] });
    });

    it.each(POSTABLE_EVASIONS)(`hidden by %s in an edit: the comment becomes ${status} with ${reason}`, async (_label, evasion) => {
      const token = a.reader('evasion-edit');
      const c = await post(t, token, where, `A fair point ${text()}`);
      expect(c.status).toBe('approved');
      const edited = await must(edit(token, c.id, `On second thought, you ${evasion} ${text()}`));
      expect({ status: edited.status, reasons: (await row(c.id)).reasons }).toEqual({ status, reasons: [reason] });
    });
  });

  describe('no false positives', () => {
    beforeAll(() => patchSettings(t, a.admin, { bannedWords: ['ass', 'cunt', 'idiot', 'traitor'], suspectWords: ['ass', 'cunt', 'idiot', 'traitor'] }));
    afterAll(() => patchSettings(t, a.admin, { bannedWords: [], suspectWords: [] }));

    it.each([
      '**Scunthorpe** &amp; a _classic_ assassin',
      'bass, class and passage',
      'He painted a *portrait* of the trade minister',
      'trait or not, a traitorous act',
      'That was idiomatic, not idiotic',
      'Café crème, naïve, Ｆｕｌｌｗｉｄｔｈ',
      'Nooooo, sooo wrong',
      'مرحبا\u200f! שלום\u200e, Олена, नमस्ते',
    ])('"%s" is published', async (body) => {
      const c = await post(t, a.reader('evasion-innocent'), where, `${body} ${text()}`);
      expect({ status: c.status, reasons: (await row(c.id)).reasons }).toEqual({ status: 'approved', reasons: [] });
    });
  });

  describe('direction controls in a body', () => {
    const bodies = [
      ...BIDI_CONTROLS.map((ch) => [hex(ch), `look ${ch}here${ch} now`]),
      ['the reversed word in an override', '\u202etoidi\u202c'],
      ['an override written as a hex entity', 'look &#x202E;toidi&#x202C; now'],
      ['an isolate written as a decimal entity', 'look &#8295;toidi&#8297; now'],
    ];

    it.each(bodies)('%s: 400 COMMENT_BIDI_CONTROL before anything is stored', async (_label, body) => {
      const sub = `evasion-bidi-${Math.random().toString(36).slice(2)}`;
      const before = await commentRowCount(t);
      const res = await t.api('POST', `/articles/${enc(where)}/comments`, { token: a.reader(sub), body: { body: `${body} ${text()}` } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('COMMENT_BIDI_CONTROL');
      expect(await commentRowCount(t)).toBe(before);
      expect(await userRows(sub)).toEqual([]);
    });

    it.each(bodies)('%s in an edit: 400 COMMENT_BIDI_CONTROL and the comment keeps its text', async (_label, body) => {
      const token = a.reader('evasion-bidi-edit');
      const c = await post(t, token, where, `Original words ${text()}`);
      const res = await edit(token, c.id, `${body} ${text()}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('COMMENT_BIDI_CONTROL');
      expect((await row(c.id)).body).toBe(c.body);
    });

    it('direction marks (LRM, RLM, ALM), which right-to-left writers use in plain text, are accepted', async () => {
      const body = `قال\u061c: "hello"\u200f and \u200eשלום ${text()}`;
      const c = await post(t, a.reader('evasion-marks'), where, body);
      expect(c.status).toBe('approved');
      expect(c.body).toBe(body);
    });
  });

  it.each([
    ['an entity of a zero-width space', '&#8203;'],
    ['entities of invisible characters and a space', '&shy;&#xFEFF; &nbsp;'],
    ['lone combining accents', '\u0301\u0308'],
  ])('a body of only %s shows nothing: 400 COMMENT_EMPTY, nothing stored', async (_label, body) => {
    const before = await commentRowCount(t);
    const res = await t.api('POST', `/articles/${enc(where)}/comments`, { token: a.reader('evasion-empty'), body: { body } });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'COMMENT_EMPTY' });
    expect(await commentRowCount(t)).toBe(before);
  });

  describe('display names from the token', () => {
    it.each([
      ['an override', '\u202enimda\u202c', 'nimda'],
      ['an override never closed', 'Bob\u202e', 'Bob'],
      ['an isolate around an Arabic name', '\u2067أحمد\u2069', 'أحمد'],
      ['an embedding and spaces', ' \u202bOlena\u202c ', 'Olena'],
    ])('a name with %s is shown without the controls', async (_label, name, shown) => {
      const sub = `evasion-name-${Math.random().toString(36).slice(2)}`;
      const c = await post(t, a.reader(sub, name), where, `Named ${text()}`);
      expect(c.author.name).toBe(shown);
      expect(await userRows(sub)).toEqual([{ name: shown }]);
    });

    it('a name that needs its joiners and marks keeps them', async () => {
      const name = 'مهدی\u200cزاده\u200f';
      const c = await post(t, a.reader(`evasion-zwnj-${Math.random().toString(36).slice(2)}`, name), where, `Named ${text()}`);
      expect(c.author.name).toBe(name);
    });

    it.each([
      ['zero-width characters', '\u200b\u200d\ufeff'],
      ['a soft hyphen', '\u00ad'],
      ['direction controls only', '\u202e\u202c\u2067\u2069'],
      ['a Hangul filler', '\u3164'],
      ['lone combining accents', '\u0301\u0308'],
      ['a variation selector', '\ufe0f'],
    ])('a name of only %s: 401 TOKEN_INVALID_NAME on a write and a read, nothing stored', async (_label, name) => {
      const sub = `evasion-invisible-${Math.random().toString(36).slice(2)}`;
      const token = a.reader(sub, name);
      const before = await commentRowCount(t);
      const w = await t.api('POST', `/articles/${enc(where)}/comments`, { token, body: { body: `Nameless ${text()}` } });
      expect({ status: w.status, code: w.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID_NAME' });
      const r = await t.api('GET', `/articles/${enc(where)}/comments`, { token });
      expect({ status: r.status, code: r.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID_NAME' });
      expect(await commentRowCount(t)).toBe(before);
      expect(await userRows(sub)).toEqual([]);
    });
  });
});
