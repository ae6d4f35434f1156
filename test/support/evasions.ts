/** Shared by the unit and end-to-end tests of matching what a reader sees (not a spec file itself). */

/** Each way the attacker test hid "idiot" from the raw-text filter (issue 10), and a few more of the kind. */
export const EVASIONS: readonly [label: string, body: string][] = [
  ['zero-width space', 'i\u200bdiot'],
  ['zero-width non-joiner', 'id\u200ciot'],
  ['zero-width joiner', 'idi\u200dot'],
  ['word joiner', 'idio\u2060t'],
  ['byte order mark', 'i\ufeffdiot'],
  ['several invisibles', '\u200bi\u200cd\u200di\u2060o\ufefft'],
  ['soft hyphen', 'idi\u00adot'],
  ['right-to-left override around the reversed word', '\u202etoidi\u202c'],
  ['right-to-left override, never closed', '\u202etoidi'],
  ['right-to-left isolate', '\u2067toidi\u2069'],
  ['combining acute accent', 'i\u0301diot'],
  ['stacked combining marks', 'i\u0301\u0308d\u0323iot'],
  ['variation selector', 'idi\ufe0fot'],
  ['strong emphasis inside the word', 'i**d**iot'],
  ['emphasis inside the word', 'i*d*iot'],
  ['underscores inside the word', 'i_d_iot'],
  ['a link around part of the word', '[id](https://example.org)iot'],
  ['decimal entity', 'id&#105;ot'],
  ['decimal entity with zeros', 'id&#0105;ot'],
  ['hex entity', 'id&#x69;ot'],
  ['upper-case hex entity', 'id&#X69;ot'],
  ['named entity of an accented letter', 'id&iacute;ot'],
  ['named entity of a double-struck letter', '&iopf;diot'],
  ['named entity of a fraktur letter', 'id&ifr;ot'],
  ['entity of a zero-width space', 'i&#8203;diot'],
  ['named soft hyphen entity', 'i&shy;diot'],
  ['a squeezed-out run', 'idioooot'],
  ['a leading run', 'iiidiot'],
  ['runs everywhere', 'iiiddddiiiooottt'],
  ['fullwidth letters', 'ｉｄｉｏｔ'],
  ['mathematical letters', '𝐢𝐝𝐢𝐨𝐭'],
];

/** The evasions that can still be posted: a body with a direction control is refused (COMMENT_BIDI_CONTROL). */
export const POSTABLE_EVASIONS = EVASIONS.filter(([, body]) => !/[\u202a-\u202e\u2066-\u2069]/u.test(body));
