import { Parser } from 'htmlparser2';
import { cleanBody } from '../common/render';

/**
 * An imported comment's HTML (Disqus, WordPress, remark42) as the light markdown Parley stores as
 * a comment's body: paragraphs, line breaks, emphasis, quotes and links keep their meaning, every
 * other tag keeps only its text, and characters markdown would read as syntax are escaped, so
 * renderBody(body) shows the words the source showed (a backslash stays a backslash).
 */
export function htmlToMarkdown(html: string): string {
  const root: Frame = { tag: '', href: null, out: '' };
  const stack: Frame[] = [root];
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (SKIPPED.has(name)) skipping += 1;
        if (name === 'br') return void (stack.at(-1)!.out += '\n');
        if (name === 'hr') return void (stack.at(-1)!.out += '\n\n');
        if (VOID.has(name)) return;
        stack.push({ tag: name, href: name === 'a' ? (attrs.href ?? null) : null, out: '' });
      },
      ontext(text) {
        if (!skipping) stack.at(-1)!.out += escapeMarkdown(text);
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipping = Math.max(0, skipping - 1);
        if (VOID.has(name) || stack.length === 1 || stack.at(-1)!.tag !== name) return;
        const frame = stack.pop()!;
        stack.at(-1)!.out += wrap(frame);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  while (stack.length > 1) {
    const frame = stack.pop()!;
    stack.at(-1)!.out += wrap(frame);
  }
  return cleanBody(
    root.out
      .split('\n')
      .map((line) => line.replace(/[ \t]+$/, ''))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n'),
  );
}

interface Frame {
  tag: string;
  href: string | null;
  out: string;
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'source', 'wbr', 'area', 'col', 'embed', 'param', 'track']);
const SKIPPED = new Set(['script', 'style', 'template']);
const BLOCKS = new Set(['p', 'div', 'ul', 'ol', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr', 'figure']);

function wrap(f: Frame): string {
  const inner = f.out;
  if (BLOCKS.has(f.tag)) return `\n\n${inner.trim()}\n\n`;
  if (f.tag === 'li') return `\n- ${inner.trim()}`;
  if (f.tag === 'blockquote') {
    const lines = inner.trim().split('\n');
    return `\n\n${lines.map((l) => (l ? `> ${l}` : '>')).join('\n')}\n\n`;
  }
  if (f.tag === 'strong' || f.tag === 'b') return emphasis(inner, '**');
  if (f.tag === 'em' || f.tag === 'i') return emphasis(inner, '*');
  if (f.tag === 'a') return link(inner, f.href);
  return inner;
}

function emphasis(inner: string, mark: string): string {
  const t = inner.trim();
  if (!t) return inner;
  const lead = inner.slice(0, inner.indexOf(t[0]));
  const trail = inner.slice(inner.lastIndexOf(t.at(-1)!) + 1);
  return `${lead}${mark}${t}${mark}${trail}`;
}

/** A link the renderer keeps (http, https, mailto) as markdown; any other keeps its words only. */
function link(inner: string, href: string | null): string {
  const url = href?.trim() ?? '';
  if (!/^(https?:\/\/|mailto:)/i.test(url)) return inner;
  const text = inner.trim();
  const safe = url.replace(/[\s()<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  if (!text || unescapeMarkdown(text) === url) return safe;
  return `[${text}](${safe})`;
}

/** Characters the light markdown would read as syntax (escapes, emphasis, links, entities) and a `>` opening a line. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_[\]&]/g, (c) => `\\${c}`).replace(/^(\s*)>/gm, '$1\\>');
}

function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\*_[\]&>])/g, '$1');
}
