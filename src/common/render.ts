import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { hasVisibleCharacters } from './visible-text';

// Light markdown only: emphasis, quotes, links and line breaks. Everything else stays literal text.
const md = new MarkdownIt('zero', { breaks: true, linkify: true, html: false }).enable([
  'paragraph',
  'newline',
  'emphasis',
  'blockquote',
  'link',
  'linkify',
  'escape',
  'entity',
]);

/**
 * Markdown makes links only where the sanitizer keeps them: http, https, mailto or a relative path.
 * Any other link stays literal text; the sanitizer would drop it together with its words. A
 * relative path cannot have a colon before its first slash (RFC 3986): that is a scheme someone
 * disguised (`jav&#x09;ascript:` arrives here as `jav%09ascript:`), and it stays text like the plain one.
 */
const LINK_SCHEMES = new Set(['http', 'https', 'mailto']);
md.validateLink = (url: string): boolean => {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase();
  if (scheme) return LINK_SCHEMES.has(scheme);
  return !/^\s*[\\/]{2}/.test(url) && !/^[^/?#]*:/.test(url);
};

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'blockquote', 'a'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { href: attribs.href ?? '', rel: 'nofollow ugc noopener' } }),
    b: 'strong',
    i: 'em',
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href,
};

/** Control characters PostgreSQL text cannot hold, or that only serve to hide things. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** The body as written, minus control characters, trimmed, line endings normalised. */
export function cleanBody(input: string): string {
  return input.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
}

/** Invisible characters (zero-width, joiners, direction marks, BOM, fillers, lone accents) do not make a comment. */
export function hasVisibleText(body: string): boolean {
  return hasVisibleCharacters(body);
}

export function renderBody(body: string): string {
  return sanitizeHtml(md.render(body), SANITIZE).trim();
}

/** True when the body links somewhere: the `links` premoderation policy holds such comments. */
export function hasLink(html: string): boolean {
  return html.includes('<a ');
}
