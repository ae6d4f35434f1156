import { ARTICLE_ID } from '../common/ids';
import type { SourceThread } from './formats/types';

/** How a source thread names its Parley article. */
export const MAPPINGS = ['identifier', 'url-path', 'pattern'] as const;
export type MappingKind = (typeof MAPPINGS)[number];

export interface Mapping {
  kind: MappingKind;
  /** For `pattern`: tried on the thread's URL, then its identifier; the first capture group is the article id. */
  pattern?: RegExp;
}

/** The article id, or why the thread has none. */
export type Mapped = { articleId: string } | { skip: string };

/**
 * - `identifier`: the source's identifier of the thread (Disqus `<id>`, the WordPress post id, the
 *   Commento path, the remark42 URL); a thread without one falls back to its URL path.
 * - `url-path`: the path (and query) of the thread's URL, without the slashes around it.
 * - `pattern`: a regular expression with a capture group, tried on the URL, then the identifier.
 * What comes out is made an article id: characters an article id cannot hold become `-`, at most 200.
 */
export function mapThread(thread: SourceThread, mapping: Mapping): Mapped {
  if (mapping.kind === 'pattern') {
    const re = mapping.pattern!;
    for (const candidate of [thread.url, thread.identifier]) {
      if (!candidate) continue;
      const m = re.exec(candidate);
      if (m && m[1]) return articleId(m[1]);
    }
    return { skip: `neither its URL nor its identifier matches the pattern` };
  }
  if (mapping.kind === 'identifier' && thread.identifier) return articleId(thread.identifier);
  const path = urlPath(thread.url);
  if (path) return articleId(path);
  return { skip: mapping.kind === 'identifier' ? 'no identifier and no URL path' : 'no URL path' };
}

function urlPath(url: string | null): string | null {
  if (!url) return null;
  let path: string;
  try {
    const u = new URL(url);
    path = u.pathname + u.search;
  } catch {
    path = url;
  }
  path = path.replace(/^\/+|\/+$/g, '');
  return path || null;
}

function articleId(raw: string): Mapped {
  const id = raw
    .trim()
    .replace(/[^A-Za-z0-9._:~/-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
  return ARTICLE_ID.test(id) ? { articleId: id } : { skip: `${JSON.stringify(raw.slice(0, 80))} makes no article id` };
}

/** A `pattern` mapping from what a request sent: a valid regular expression with a capture group. */
export function compilePattern(source: string): RegExp | string {
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch (err) {
    return `pattern is not a regular expression: ${(err as Error).message}`;
  }
  if (new RegExp(`${source}|`).exec('')!.length < 2) return 'pattern needs a capture group: the article id';
  return re;
}
