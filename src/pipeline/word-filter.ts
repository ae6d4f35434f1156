import {
  collapseDuplicatesTransformer,
  DataSet,
  englishRecommendedBlacklistMatcherTransformers,
  parseRawPattern,
  RegExpMatcher,
  resolveConfusablesTransformer,
  resolveLeetSpeakTransformer,
  toAsciiLowerCaseTransformer,
  TransformerContainer,
} from 'obscenity';
import { foldCharacters } from '../common/visible-text';

const SEPARATORS = /[\s._*-]+/g;
/** Runs of single characters split by spaces or dots ("t r a i t o r") close up into one word. */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])(?:[\p{L}\p{N}][\s._*-]+){2,}[\p{L}\p{N}](?![\p{L}\p{N}])/gu;
const HAS_SPACED_LETTERS = new RegExp(SPACED_LETTERS.source, 'u');
/** Sentence punctuation next to a word would otherwise read as leetspeak ("traitor!" as "traitori"). */
const EDGE_PUNCTUATION = /[!?.,;:)"'\]]+(?=\s|$)/g;
const OPENING_PUNCTUATION = /(^|\s)[("'[]+/g;

/** obscenity's English set: most repeated letters collapse to one, so "traaaitor" reads "traitor". */
const LOOSE = englishRecommendedBlacklistMatcherTransformers;
/**
 * For words that collapsing would merge with another word ("butt" would read "but", "rotten"
 * could never match at all): the same normalisation, but a doubled letter stays doubled.
 */
const STRICT: TransformerContainer[] = [
  resolveConfusablesTransformer(),
  resolveLeetSpeakTransformer(),
  toAsciiLowerCaseTransformer(),
  collapseDuplicatesTransformer({ defaultThreshold: 2 }),
];

/**
 * Matches a configured word list with obscenity: case, accents, confusable letters, leetspeak and
 * repeated letters are normalised; words match whole (with a plural s), so "class" never trips "ass".
 */
export class WordFilter {
  private readonly parts: { dataset: DataSet<{ word: string }>; matcher: RegExpMatcher; transformers: TransformerContainer[]; any: RegExp }[] = [];

  constructor(words: string[]) {
    const clean = [...new Set(words.map((w) => w.trim().toLowerCase()).filter(Boolean))];
    const sets = new Map<TransformerContainer[], { dataset: DataSet<{ word: string }>; patterns: string[] }>();
    for (const word of clean) {
      // Also listed as it reads in the folded visible text the pipeline matches ("café" as "cafe");
      // the reason still names the word as listed.
      for (const form of new Set([word, foldCharacters(word).toLowerCase()])) addPhrase(sets, word, form);
    }
    for (const [transformers, { dataset, patterns }] of sets) {
      this.parts.push({
        dataset,
        matcher: new RegExpMatcher({ ...dataset.build(), blacklistMatcherTransformers: transformers }),
        transformers,
        // Every pattern in one expression, for the common case of a text with none of them: one
        // pass over it instead of the matcher's pass per pattern (two per word).
        any: new RegExp(`\\b(?:${patterns.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})s?\\b`, 's'),
      });
    }
  }

  /** The listed words found in any of `texts` (a comment as written and as seen), each once. */
  matchesAny(texts: readonly string[]): string[] {
    return [...new Set(texts.flatMap((text) => this.matches(text)))];
  }

  /** The listed words found in `text`, each once, in list order of discovery. */
  matches(text: string): string[] {
    if (!this.parts.length) return [];
    const unpunctuated = text.replace(EDGE_PUNCTUATION, ' ').replace(OPENING_PUNCTUATION, '$1');
    const variants = new Set<string>();
    for (const v of [text, unpunctuated]) {
      variants.add(v);
      if (!HAS_SPACED_LETTERS.test(v)) continue;
      for (const [dropFirst, dropLast] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ])
        variants.add(closeUp(v, dropFirst, dropLast));
    }
    const found = new Set<string>();
    for (const { dataset, matcher, transformers, any } of this.parts) {
      for (const v of variants) {
        if (!any.test(normalisedText(v, transformers))) continue;
        for (const m of matcher.getAllMatches(v)) found.add(dataset.getPayloadWithPhraseMetadata(m).phraseMetadata!.word);
      }
    }
    return [...found];
  }
}

/** English words of one letter, which a run of spaced letters can swallow ("a t r a i t o r"). */
const LEADING_WORD = /^[ai][\s._*-]+/i;
const TRAILING_WORD = /[\s._*-]+[ai]$/i;

/**
 * Closes up runs of spaced single letters. A run may start or end with a real one-letter word
 * ("a t r a i t o r", "I t r a i t o r"), so callers also try it with that word left standing.
 */
function closeUp(text: string, dropFirst = false, dropLast = false): string {
  return text.replace(SPACED_LETTERS, (run) => {
    const first = dropFirst ? (LEADING_WORD.exec(run)?.[0] ?? '') : '';
    const last = dropLast ? (TRAILING_WORD.exec(run)?.[0] ?? '') : '';
    return first + run.slice(first.length, run.length - last.length).replace(SEPARATORS, '') + last;
  });
}

/** Adds `form` of a listed `word` to the data set of the transformers it needs. */
function addPhrase(sets: Map<TransformerContainer[], { dataset: DataSet<{ word: string }>; patterns: string[] }>, word: string, form: string): void {
  // The matcher compares patterns with the text *after* its transformers ran, so the pattern
  // must be in that form too.
  const loose = normalise(form, LOOSE);
  const strict = normalise(form, STRICT);
  const [transformers, pattern] = loose === strict ? [LOOSE, loose] : [STRICT, strict];
  if (!pattern) return;
  const escaped = pattern.replace(/[[\]|?\\]/g, (c) => `\\${c}`);
  if (!sets.has(transformers)) sets.set(transformers, { dataset: new DataSet<{ word: string }>(), patterns: [] });
  const set = sets.get(transformers)!;
  set.patterns.push(pattern);
  set.dataset.addPhrase((p) =>
    p
      .setMetadata({ word })
      .addPattern(parseRawPattern(`|${escaped}|`))
      .addPattern(parseRawPattern(`|${escaped}s|`)),
  );
}

/** A word as a matcher's transformers turn it (confusables, leetspeak, case, repeats). */
function normalise(word: string, transformers: TransformerContainer[]): string {
  const steps = transformers.map((t) => ('factory' in t ? t.factory() : t));
  const out: number[] = [];
  for (let i = 0; i < word.length; i++) {
    let c: number | undefined = word.codePointAt(i);
    if (c! > 0xffff) i++;
    for (const step of steps) {
      if (c === undefined) break;
      c = step.transform(c);
    }
    if (c !== undefined) out.push(c);
  }
  return codePointsToString(out);
}

/** String.fromCodePoint over an array, in slices that stay within the engine's argument limit. */
function codePointsToString(points: number[]): string {
  let s = '';
  for (let i = 0; i < points.length; i += 8192) s += String.fromCodePoint(...points.slice(i, i + 8192));
  return s;
}

/**
 * The texts each transformer set normalised last: the banned and the suspect lists judge the same
 * texts one after the other, with the same transformer sets (LOOSE, STRICT).
 */
const RECENT = 8;
const recent = new Map<TransformerContainer[], Map<string, string>>();

function normalisedText(text: string, transformers: TransformerContainer[]): string {
  let memo = recent.get(transformers);
  if (!memo) recent.set(transformers, (memo = new Map<string, string>()));
  let out = memo.get(text);
  if (out === undefined) {
    out = normalise(text, transformers);
    if (memo.size >= RECENT) memo.delete(memo.keys().next().value as string);
    memo.set(text, out);
  }
  return out;
}
