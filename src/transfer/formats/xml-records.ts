import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import sax from 'sax';

/** A small element tree of one record (a `<post>`, an `<item>`): names lower-cased, text and CDATA joined. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** The first child named `name`. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** The trimmed text of the first child named `name`, or null when there is none (or it is empty). */
export function childText(el: XmlElement | undefined, name: string): string | null {
  const c = child(el, name);
  if (!c) return null;
  const t = c.text.trim();
  return t === '' ? null : t;
}

/**
 * Streams an XML document and yields each record element (one whose name `isRecord` accepts, at a
 * depth it accepts) as a tree, one at a time: memory holds one record and the chunk being read.
 * The parser is sax in its lenient mode, so a stray character before the prolog or an unquoted
 * attribute does not stop the file; the records still say what they say and the readers check
 * their fields.
 */
export async function* xmlRecords(input: Readable, isRecord: (name: string, depth: number) => boolean): AsyncGenerator<XmlElement> {
  const parser = sax.parser(false, { lowercase: true, trim: false, normalize: false, xmlns: false, position: false });
  const ready: XmlElement[] = [];
  const stack: XmlElement[] = [];
  let depth = 0;
  let recordDepth = -1;
  parser.onerror = () => {
    // Lenient: note nothing, carry on (a record that comes out broken fails its own checks).
    parser.error = null as unknown as Error;
    parser.resume();
  };
  parser.onopentag = (node) => {
    depth += 1;
    if (recordDepth < 0 && !isRecord(node.name, depth)) return;
    if (recordDepth < 0) recordDepth = depth;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(node.attributes as Record<string, string | { value: string }>)) attrs[k] = typeof v === 'string' ? v : v.value;
    const el: XmlElement = { name: node.name, attrs, children: [], text: '' };
    stack.at(-1)?.children.push(el);
    stack.push(el);
  };
  const onText = (t: string) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  parser.onclosetag = () => {
    if (recordDepth >= 0 && stack.length) {
      const el = stack.pop()!;
      if (depth === recordDepth) {
        ready.push(el);
        recordDepth = -1;
      }
    }
    depth -= 1;
  };
  // A character split between two chunks is joined before the parser sees it.
  const utf8 = new StringDecoder('utf8');
  for await (const chunk of input) {
    parser.write(typeof chunk === 'string' ? chunk : utf8.write(chunk as Buffer));
    while (ready.length) yield ready.shift()!;
  }
  parser.write(utf8.end());
  parser.close();
  while (ready.length) yield ready.shift()!;
}
