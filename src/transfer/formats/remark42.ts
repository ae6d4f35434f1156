import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { isJson } from '../../common/input-limits';
import { isObject, jsonValues, peek, str } from './json-values';
import { parseDate, SourceItem, SourceUser } from './types';

/**
 * remark42's comments, in any of the shapes it writes them:
 * - its backup: JSON lines, a first line of metadata (`version`, `users`, `posts`) then one
 *   comment per line;
 * - a JSON array of comments;
 * - a comment tree, `{"comments": [{"comment": {...}, "replies": [...]}, ...]}`.
 * A comment: id, pid (parent, empty at top level), text (HTML) and orig (its markdown), user {id,
 * name}, locator {site, url} (the page: the thread), time, delete, votes {user id: up?}. Each
 * upvote is a like by that user; downvotes have no counterpart in Parley.
 */
export async function* readRemark42(input: Readable): AsyncGenerator<SourceItem> {
  const { head, stream } = await peek(input, 64 * 1024);
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  const threads = new Set<string>();
  const fromComment = function* (c: unknown): Generator<SourceItem> {
    yield* comment(c, threads);
  };
  if (first === '[') {
    for await (const v of jsonValues(stream, /^\d+$/)) yield* flatten(v, fromComment);
    return;
  }
  const firstLine = text.trimStart().split('\n', 1)[0];
  if (first === '{' && !isJson(firstLine)) {
    for await (const v of jsonValues(stream, /^comments\.\d+$/)) yield* flatten(v, fromComment);
    return;
  }
  // JSON lines: each line one value, read one at a time.
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (!line.trim()) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      yield { kind: 'skip', item: `line ${n}`, reason: 'not valid JSON' };
      continue;
    }
    if (isObject(v) && 'version' in v && !('id' in v)) continue; // the backup's metadata line
    yield* fromComment(v);
  }
}

/** A tree node ({comment, replies}) as its comments, parents first; a plain comment as itself. */
function* flatten(v: unknown, each: (c: unknown) => Generator<SourceItem>): Generator<SourceItem> {
  if (isObject(v) && isObject(v.comment)) {
    yield* each(v.comment);
    if (Array.isArray(v.replies)) for (const r of v.replies) yield* flatten(r, each);
    return;
  }
  yield* each(v);
}

function* comment(c: unknown, threads: Set<string>): Generator<SourceItem, void> {
  if (!isObject(c)) {
    yield { kind: 'skip', item: 'comment', reason: 'not an object' };
    return;
  }
  const id = str(c, 'id');
  const item = `comment ${id ?? '(no id)'}`;
  if (!id) {
    yield { kind: 'skip', item, reason: 'no id' };
    return;
  }
  const locator = isObject(c.locator) ? c.locator : {};
  const url = str(locator, 'url');
  if (!url) {
    yield { kind: 'skip', item, reason: 'no locator.url' };
    return;
  }
  const createdAt = parseDate(str(c, 'time'));
  if (!createdAt) {
    yield { kind: 'skip', item, reason: 'time is not a date' };
    return;
  }
  if (!threads.has(url)) {
    threads.add(url);
    yield { kind: 'thread', thread: { sourceId: url, identifier: url, url, title: null, closed: false } };
  }
  const u = isObject(c.user) ? c.user : {};
  const userId = str(u, 'id') || 'anonymous';
  const author: SourceUser = { key: userId, name: str(u, 'name') || (userId === 'anonymous' ? 'Anonymous' : userId), email: str(u, 'email') || null };
  const votes = isObject(c.votes) ? c.votes : {};
  const likers = Object.entries(votes)
    .filter(([voter, up]) => up === true && voter)
    .map(([voter]) => ({ key: voter, name: voter, email: null, stub: true }));
  const orig = str(c, 'orig');
  yield {
    kind: 'comment',
    comment: {
      sourceId: id,
      threadId: url,
      parentId: str(c, 'pid') || null,
      author,
      text: orig ? { markdown: orig } : { html: str(c, 'text') ?? '' },
      createdAt,
      status: c.delete === true ? 'deleted' : 'approved',
      likers,
    },
  };
}
