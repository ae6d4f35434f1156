import { renderBody } from '../../src/common/render';
import { displayOrder, hasBidiControl, hasVisibleCharacters, readings, renderedText, visibleText, withoutBidiControls } from '../../src/common/visible-text';
import { WordFilter } from '../../src/pipeline/word-filter';
import { EVASIONS } from '../support/evasions';

/** What a reader sees of a body, as the site renders it. */
const seen = (body: string, order: 'display' | 'logical' = 'display') => visibleText(renderBody(body), order);
/** The words a filter finds in a body, as the pipeline hands it the texts. */
const found = (words: string[], body: string) => new WordFilter(words).matchesAny(readings(body, renderBody(body)));

describe('visibleText', () => {
  it.each(EVASIONS)('%s reads "idiot"', (_label, body) => {
    expect(seen(body)).toBe('idiot');
  });

  it.each(EVASIONS)('%s: the word filter finds "idiot"', (_label, body) => {
    expect(found(['idiot'], body)).toEqual(['idiot']);
    expect(found(['idiot'], `You ${body}!`)).toEqual(['idiot']);
  });

  it.each([
    ['plain words', 'He painted a portrait of the trade minister'],
    ['innocent words that contain listed ones', 'Scunthorpe, classic, assassin, bass, passage'],
    ['Cyrillic', 'Олена Шевченко'],
    ['Arabic', 'مرحبا بالعالم'],
    ['Hebrew', 'שלום עולם'],
    ['Devanagari keeps its vowel signs', 'नमस्ते दुनिया'],
    ['Thai keeps its vowel signs', 'สวัสดีครับ'],
    ['emoji', 'Great piece 😀👍'],
    ['doubled letters', 'The committee will meet in Mississippi'],
    ['numbers and punctuation', 'In 2024, 3 of 10 (30%) said "no" — really?'],
  ])('%s are unchanged', (_label, body) => {
    expect(seen(body)).toBe(body);
    expect(seen(body, 'logical')).toBe(body);
  });

  it.each([
    ['emphasis around whole words', 'I **really** mean *it*', 'I really mean it'],
    ['escaped markup', '<b>bold</b> &amp; a &lt;3', '<b>bold</b> & a <3'],
    ['accents', 'Café crème, naïve', 'Cafe creme, naive'],
    ['an exclamation run', 'Nooooo, that is sooo wrong', 'No, that is so wrong'],
    ['paragraphs and quotes', '> quoted\n\nreply\nsecond line', 'quoted\nreply\nsecond line'],
  ])('%s keep their meaning', (_label, body, text) => {
    expect(seen(body)).toBe(text);
  });

  it('a link shows its text, not its address', () => {
    expect(seen('see [the report](https://example.org/idiot) here')).toBe('see the report here');
  });
});

describe('no false positives through the visible text', () => {
  it.each([
    ['Scunthorpe', ['ass', 'cunt']],
    ['**Scunthorpe** &amp; a classic', ['ass', 'cunt']],
    ['an assassin in the _classic_ sense', ['ass', 'cunt']],
    ['bass\u200b and class', ['ass']],
    ['passage', ['ass']],
    ['portrait', ['traitor']],
    ['He painted a *portrait* of the trade minister', ['traitor']],
    ['a traitorous act', ['traitor']],
    ['trait or not', ['traitor']],
    ['But I disagree, but politely', ['butt']],
    ['I read it as roten', ['rotten']],
    ['That was idiomatic, not idiotic', ['idiot']],
  ])('"%s" against %j', (body, words) => {
    expect(found(words, body)).toEqual([]);
  });
});

describe('readings', () => {
  it('holds the body as written and what a reader sees, in both orders', () => {
    const body = 'a \u202etoidi\u202c b';
    expect(readings(body, renderBody(body))).toEqual(expect.arrayContaining([body, 'a idiot b', 'a toidi b']));
  });

  it('keeps an unsqueezed reading for words with a doubled letter', () => {
    expect(found(['rotten'], 'r\u200botttten')).toEqual(['rotten']);
    expect(found(['butt'], 'b\u200butttt')).toEqual(['butt']);
  });

  it('a listed word with an accent matches it hidden behind an invisible character, named as listed', () => {
    expect(found(['crétin'], 'cr\u200bétin')).toEqual(['crétin']);
    expect(found(['crétin'], 'crétin')).toEqual(['crétin']);
  });
});

describe('renderedText', () => {
  it('drops tags, breaks lines at blocks and decodes entities once', () => {
    expect(renderedText('<p>a <strong>b</strong> &amp;amp; &lt;i&gt;</p>\n<blockquote>\n<p>c<br />\nd</p>\n</blockquote>')).toBe('a b &amp; <i>\nc\nd');
  });
});

describe('displayOrder', () => {
  it.each([
    ['no controls', 'abc', 'abc'],
    ['an override', 'x \u202ecba\u202c y', 'x abc y'],
    ['an embedding', '\u202bcba\u202c', 'abc'],
    ['an isolate', '\u2067cba\u2069!', 'abc!'],
    ['a first-strong isolate', '\u2068cba\u2069', 'abc'],
    ['left-to-right controls', '\u202dabc\u202c \u2066def\u2069', 'abc def'],
    ['a run that ends at the line', '\u202ecba\nfed', 'abc\nfed'],
    ['an isolate closing the override inside it', '\u2067\u202ecba\u2069d', 'abcd'],
    ['an override inside an override (three levels: reversed three times)', '\u202e\u202ecba\u202c\u202c', 'abc'],
    ['a stray closer', 'ab\u202cc\u2069', 'abc'],
  ])('%s', (_label, text, shown) => {
    expect(withoutBidiControls(displayOrder(text))).toBe(shown);
  });
});

describe('bidi controls', () => {
  it.each(['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'])('U+%s is one', (ch) => {
    expect(hasBidiControl(`a${ch}b`)).toBe(true);
    expect(withoutBidiControls(`a${ch}b`)).toBe('ab');
  });

  it.each([
    ['left-to-right mark', '\u200e'],
    ['right-to-left mark', '\u200f'],
    ['Arabic letter mark', '\u061c'],
  ])('the %s (what right-to-left writers need in plain text) is not', (_label, ch) => {
    expect(hasBidiControl(`a${ch}b`)).toBe(false);
  });
});

describe('hasVisibleCharacters', () => {
  it.each([
    ['nothing', ''],
    ['spaces', ' \n\t\u00a0\u3000'],
    ['zero-width characters', '\u200b\u200c\u200d\u2060\ufeff'],
    ['bidi controls and marks', '\u202e\u2067\u200e\u200f'],
    ['a soft hyphen', '\u00ad'],
    ['Hangul fillers', '\u3164\u115f\u1160\uffa0'],
    ['variation selectors', '\ufe0f\ufe00'],
    ['lone combining accents', '\u0301\u0308'],
    ['tag characters', '\u{e0041}\u{e0042}'],
    ['the blank Braille pattern', '\u2800\u2800 \u2800'],
  ])('%s: none', (_label, text) => {
    expect(hasVisibleCharacters(text)).toBe(false);
  });

  it.each([
    ['a letter', 'a'],
    ['a letter among invisibles', '\u200bx\u202e'],
    ['an emoji with a variation selector', '❤️'],
    ['punctuation', '.'],
    ['a Devanagari letter', 'क'],
  ])('%s: some', (_label, text) => {
    expect(hasVisibleCharacters(text)).toBe(true);
  });
});
