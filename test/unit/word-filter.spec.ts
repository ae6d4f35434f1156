import { WordFilter } from '../../src/pipeline/word-filter';

describe('WordFilter', () => {
  describe('evasions of a listed word match', () => {
    const filter = new WordFilter(['traitor']);

    it.each([
      ['upper case', 'TRAITOR'],
      ['mixed case', 'TrAiToR'],
      ['accents', 'Träitor'],
      ['several accents', 'tràïtör'],
      ['leetspeak', 'tr41tor'],
      ['leetspeak in capitals', 'TR41T0R'],
      ['spaced letters', 't r a i t o r'],
      ['dotted letters', 't.r.a.i.t.o.r'],
      ['hyphenated letters', 't-r-a-i-t-o-r'],
      ['repeated letters', 'traaaitor'],
      ['the plural', 'traitors'],
      ['spaced plural', 't r a i t o r s'],
      ['followed by punctuation', 'You traitor!'],
      ['in brackets', '(traitor)'],
      ['in quotes', '"traitor"'],
      ['spaced, after the one-letter word "a"', 'I think you are a t r a i t o r'],
      ['dotted, after the one-letter word "a"', 'What a t.r.a.i.t.o.r'],
      ['spaced, with a leading "a" in the run', 'a t r a i t o r'],
      ['spaced, with a leading "I" in the run', 'I t r a i t o r'],
    ])('%s: "%s"', (_label, text) => {
      expect(filter.matches(text)).toEqual(['traitor']);
    });
  });

  describe('innocent text does not match', () => {
    it.each([
      ['Scunthorpe', ['ass', 'cunt']],
      ['assassin', ['ass', 'cunt']],
      ['classic', ['ass', 'cunt']],
      ['bass', ['ass', 'cunt']],
      ['class', ['ass']],
      ['passage', ['ass']],
      ['portrait', ['traitor']],
      ['He painted a portrait of the trade minister', ['traitor']],
      ['a traitorous act', ['traitor']],
      ['trait or not', ['traitor']],
      ['But I disagree, but politely', ['butt']],
      ['I read it as roten', ['rotten']],
    ])('"%s" against %j', (text, words) => {
      expect(new WordFilter(words).matches(text)).toEqual([]);
    });

    it('the same lists do match the words themselves (so the misses above mean something)', () => {
      const f = new WordFilter(['ass', 'cunt', 'butt', 'rotten']);
      expect(f.matches('What an ass').sort()).toEqual(['ass']);
      expect(f.matches('cunts')).toEqual(['cunt']);
      expect(f.matches('Get off your BUTT')).toEqual(['butt']);
      expect(f.matches('Rotten')).toEqual(['rotten']);
    });
  });

  describe('words with a doubled letter keep it', () => {
    it.each([
      ['rotten', 'Rotten'],
      ['rotten', 'r o t t e n'],
      ['rotten', 'rottten'],
      ['puppet', 'PUPPET'],
      ['puppet', 'pupp3t'],
      ['puppet', 'puppets'],
      ['mutt', 'mutt'],
      ['butt', 'buttt'],
    ])('"%s" matches "%s"', (word, text) => {
      expect(new WordFilter([word]).matches(text)).toEqual([word]);
    });
  });

  describe('the list itself', () => {
    it('finds every listed word present, each once', () => {
      expect(new WordFilter(['traitor', 'rotten', 'ass']).matches('rotten traitor, rotten').sort()).toEqual(['rotten', 'traitor']);
    });

    it('reports a repeated word once', () => {
      expect(new WordFilter(['traitor']).matches('traitor, traitor, TRAITOR')).toEqual(['traitor']);
    });

    it('trims and lower-cases listed words, and drops duplicates and blanks', () => {
      const f = new WordFilter(['  Traitor ', 'TRAITOR', '', '   ']);
      expect(f.matches('what a traitor')).toEqual(['traitor']);
      expect(f.matches('   ')).toEqual([]);
    });

    it('an empty list matches nothing', () => {
      expect(new WordFilter([]).matches('traitor ass anything')).toEqual([]);
    });

    it('a phrase of two words matches only as a phrase', () => {
      const f = new WordFilter(['two words']);
      expect(f.matches('these two words here')).toEqual(['two words']);
      expect(f.matches('two separate words')).toEqual([]);
    });

    it('a word with a pattern character in it is taken literally', () => {
      const f = new WordFilter(['a|b']);
      expect(f.matches('say a|b now')).toEqual(['a|b']);
      expect(f.matches('say a now')).toEqual([]);
    });
  });

  describe('several readings of one comment', () => {
    it('matchesAny finds the words of every text, each once', () => {
      const f = new WordFilter(['traitor', 'rotten']);
      expect(f.matchesAny(['tr\u200baitor', 'traitor', 'a TRAITOR, rotten']).sort()).toEqual(['rotten', 'traitor']);
      expect(f.matchesAny(['portrait', 'trait or not'])).toEqual([]);
      expect(f.matchesAny([])).toEqual([]);
    });

    it('a listed word is also matched as the folded visible text spells it, and reported as listed', () => {
      // "cre\u0301tin" is how the visible text never spells it: folded, it reads "cretin".
      expect(new WordFilter(['cre\u0301tin']).matches('you cretin')).toEqual(['cre\u0301tin']);
      expect(new WordFilter(['ｃｒｅｔｉｎ']).matches('you cretin')).toEqual(['ｃｒｅｔｉｎ']);
      expect(new WordFilter(['cre\u0301tin']).matches('a cretaceous rock')).toEqual([]);
    });
  });

  describe('two lists judging the same texts (the pipeline runs the banned list, then the suspect list)', () => {
    const banned = new WordFilter(['traitor', 'rotten']);
    const suspect = new WordFilter(['liar', 'butt']);

    it('each list finds its own words, however the texts interleave', () => {
      const texts = ['You tr41tor', 'what a l i a r', 'a rotten butt', 'nothing here', ...Array.from({ length: 20 }, (_, k) => `filler text ${k}`)];
      for (let round = 0; round < 3; round++) {
        for (const text of texts) {
          const b = banned.matches(text);
          const s = suspect.matches(text);
          expect({ text, b, s }).toEqual({
            text,
            b: text === 'You tr41tor' ? ['traitor'] : text === 'a rotten butt' ? ['rotten'] : [],
            s: text === 'what a l i a r' ? ['liar'] : text === 'a rotten butt' ? ['butt'] : [],
          });
        }
      }
    });

    it('characters outside the Basic Multilingual Plane do not shift the text: a listed word after emoji still matches', () => {
      expect(banned.matches('\u{1F525}\u{1F525} traitor \u{1F600}')).toEqual(['traitor']);
      expect(suspect.matches('\u{1D400} liar')).toEqual(['liar']);
      expect(banned.matches('\u{1F525}traitorous\u{1F525}')).toEqual([]);
    });
  });
});
