import { DataSet, englishRecommendedTransformers, parseRawPattern, RegExpMatcher } from 'obscenity';

const SEPARATORS = /[\s._*\-]+/g;
/** Runs of single characters split by spaces or dots ("t r a i t o r") close up into one word. */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])(?:[\p{L}\p{N}][\s._*\-]+){2,}[\p{L}\p{N}](?![\p{L}\p{N}])/gu;
/** Sentence punctuation next to a word would otherwise read as leetspeak ("traitor!" as "traitori"). */
const EDGE_PUNCTUATION = /[!?.,;:)"'\]]+(?=\s|$)/g;
const OPENING_PUNCTUATION = /(^|\s)[("'\[]+/g;

/**
 * Matches a configured word list with obscenity: case, accents, confusable letters, leetspeak and
 * repeated letters are normalised; words match whole (with a plural s), so "class" never trips "ass".
 */
export class WordFilter {
  private readonly matcher: RegExpMatcher | null;
  private readonly dataset: DataSet<{ word: string }>;

  constructor(words: string[]) {
    this.dataset = new DataSet<{ word: string }>();
    const clean = [...new Set(words.map((w) => w.trim().toLowerCase()).filter(Boolean))];
    for (const word of clean) {
      const escaped = word.replace(/[[\]|?\\]/g, (c) => `\\${c}`);
      this.dataset.addPhrase((p) =>
        p.setMetadata({ word }).addPattern(parseRawPattern(`|${escaped}|`)).addPattern(parseRawPattern(`|${escaped}s|`)),
      );
    }
    this.matcher = clean.length ? new RegExpMatcher({ ...this.dataset.build(), ...englishRecommendedTransformers }) : null;
  }

  /** The listed words found in `text`, each once, in list order of discovery. */
  matches(text: string): string[] {
    if (!this.matcher) return [];
    const unpunctuated = text.replace(EDGE_PUNCTUATION, ' ').replace(OPENING_PUNCTUATION, '$1');
    const variants = new Set([text, unpunctuated, closeUp(text), closeUp(unpunctuated)]);
    const found = new Set<string>();
    for (const v of variants) {
      for (const m of this.matcher.getAllMatches(v)) found.add(this.dataset.getPayloadWithPhraseMetadata(m).phraseMetadata!.word);
    }
    return [...found];
  }
}

function closeUp(text: string): string {
  return text.replace(SPACED_LETTERS, (s) => s.replace(SEPARATORS, ''));
}
