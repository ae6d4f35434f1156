import { Parser } from 'htmlparser2';

/**
 * What a reader sees of a comment, for the word filters: a listed word hidden from the raw text
 * by markup, entities, invisible characters, accents or direction controls is plain on screen.
 */

/** Tags of the sanitized output that break a line; the others (strong, em, a) join their text. */
const BLOCK_TAGS = new Set(['p', 'br', 'blockquote']);

/** Bidi embedding, override and isolate controls (LRE RLE PDF LRO RLO, LRI RLI FSI PDI). */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Format characters and everything Unicode says to render as nothing (zero-width, soft hyphen,
 * fillers, variation selectors, tags), and the blank Braille pattern, a letter that draws nothing.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu;
/**
 * Combining marks of no script of their own (accents, Zalgo stacks, Arabic harakat). Marks that
 * belong to a script (Devanagari vowel signs) stay: without them a word reads as another word.
 */
const LOOSE_MARK = /(?=\p{Script=Inherited})\p{M}/gu;
/** Markdown emphasis characters inside a word, rendered or left literal ("i*d*iot", "i_d_iot"). */
const INNER_EMPHASIS = /(?<=[\p{L}\p{N}])[*_]+(?=[\p{L}\p{N}])/gu;
/** Three or more of one letter: no English word has them, "idioooot" and "iiidiot" do. */
const LONG_RUN = /(\p{L})\1{2,}/giu;

/** The text a browser shows for sanitized comment HTML: tags gone (blocks break lines), entities decoded. */
export function renderedText(html: string): string {
  let out = '';
  const parser = new Parser(
    {
      ontext: (text) => {
        out += text;
      },
      onopentag: (name) => {
        if (BLOCK_TAGS.has(name)) out += '\n';
      },
      onclosetag: (name) => {
        if (BLOCK_TAGS.has(name)) out += '\n';
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return out.replace(/\n\s*\n/g, '\n').trim();
}

export function hasBidiControl(text: string): boolean {
  return BIDI_CONTROL.test(text);
}

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Characters as a reader tells them apart: compatibility forms unified (NFKC: fullwidth and
 * mathematical letters, ligatures), invisible characters dropped, script-less accents dropped.
 */
export function foldCharacters(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').normalize('NFD').replace(LOOSE_MARK, '').normalize('NFC');
}

/** True when something would show: not only spaces, invisible characters and stray accents. */
export function hasVisibleCharacters(text: string): boolean {
  return foldCharacters(text).replace(/\s/gu, '').length > 0;
}

/** Openers of a direction run: right-to-left or not, isolate (closed by PDI) or embedding (by PDF). */
const OPENERS = new Map<string, { rtl: boolean; isolate: boolean }>([
  ['\u202a', { rtl: false, isolate: false }], // LRE
  ['\u202b', { rtl: true, isolate: false }], // RLE
  ['\u202d', { rtl: false, isolate: false }], // LRO
  ['\u202e', { rtl: true, isolate: false }], // RLO
  ['\u2066', { rtl: false, isolate: true }], // LRI
  ['\u2067', { rtl: true, isolate: true }], // RLI
  ['\u2068', { rtl: true, isolate: true }], // FSI: taken as right-to-left, the order that can hide a word
]);

/**
 * The order a reader sees, near enough for matching: each run opened by a direction control
 * takes the next embedding level up (odd for right-to-left, even for left-to-right), and a run
 * that adds an odd number of levels is shown reversed. A run ends at its closer (PDF for an
 * embedding or override, PDI for an isolate and whatever it left open) or at the end of the line.
 * Letters inside a right-to-left embedding are reversed too, which only an override really does:
 * callers match the logical order as well, so erring towards reversal is safe.
 */
export function displayOrder(text: string): string {
  type Frame = { level: number; isolate: boolean; out: string };
  const stack: Frame[] = [{ level: 0, isolate: true, out: '' }];
  const top = () => stack[stack.length - 1];
  const close = () => {
    const run = stack.pop()!;
    const reversed = (run.level - top().level) % 2 === 1;
    top().out += reversed ? [...run.out].reverse().join('') : run.out;
  };
  for (const ch of text) {
    const opener = OPENERS.get(ch);
    if (opener) {
      const p = top().level;
      const level = opener.rtl === (p % 2 === 0) ? p + 1 : p + 2;
      stack.push({ level, isolate: opener.isolate, out: '' });
    } else if (ch === '\u202c') {
      if (stack.length > 1 && !top().isolate) close();
    } else if (ch === '\u2069') {
      if (stack.slice(1).some((f) => f.isolate)) {
        while (!top().isolate) close(); // embeddings left open inside the isolate
        close();
      }
    } else if (ch === '\n') {
      while (stack.length > 1) close();
      top().out += ch;
    } else top().out += ch;
  }
  while (stack.length > 1) close();
  return stack[0].out;
}

/** Folded characters in one order, emphasis joined ("i**d**iot" renders "i<strong>d</strong>iot"). */
function seenAs(rendered: string, order: 'display' | 'logical'): string {
  return foldCharacters(order === 'display' ? displayOrder(rendered) : rendered).replace(INNER_EMPHASIS, '');
}

const squeeze = (text: string): string => text.replace(LONG_RUN, '$1');

/** The visible text of sanitized comment HTML, folded for matching, long runs squeezed. */
export function visibleText(html: string, order: 'display' | 'logical' = 'display'): string {
  return squeeze(seenAs(renderedText(html), order));
}

/**
 * Every text the word filters judge a comment by: the body as written, and what a reader sees in
 * either order, with long runs squeezed and also as they are (a listed word with a doubled
 * letter, "rotten", must survive "r\u200botttten").
 */
export function readings(body: string, html: string): string[] {
  const rendered = renderedText(html);
  const seen = [seenAs(rendered, 'display'), seenAs(rendered, 'logical')];
  return [...new Set([body, ...seen.map(squeeze), ...seen])];
}
