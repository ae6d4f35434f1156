import type { Readable } from 'node:stream';
import { isObject, jsonValues, str } from './json-values';
import { ImportedStatus, parseDate, SourceItem } from './types';

const STATES: Record<string, ImportedStatus> = { approved: 'approved', unapproved: 'pending', flagged: 'pending' };

/**
 * Commento's JSON export: `comments` (commentHex, domain, url (the page path), commenterHex,
 * markdown, parentHex `root` for top level, state approved/unapproved/flagged, deleted, score)
 * and `commenters` (commenterHex, email, name). Both arrays are streamed element by element; a
 * comment's author is created by id first and gets their name and email from `commenters`,
 * whichever comes first in the file. The page is the thread (identifier: its path).
 */
export async function* readCommento(input: Readable): AsyncGenerator<SourceItem> {
  const threads = new Set<string>();
  for await (const v of jsonValues(input, /^(comments|commenters)\.\d+$/)) {
    if (!isObject(v)) {
      yield { kind: 'skip', item: 'element', reason: 'not an object' };
      continue;
    }
    if (!('commentHex' in v)) {
      const hex = str(v, 'commenterHex');
      if (hex) yield { kind: 'user', user: { key: hex, name: str(v, 'name') || 'Anonymous', email: str(v, 'email') || null } };
      continue;
    }
    const id = str(v, 'commentHex');
    const item = `comment ${id ?? '(no commentHex)'}`;
    if (!id) {
      yield { kind: 'skip', item, reason: 'no commentHex' };
      continue;
    }
    const path = str(v, 'url') ?? str(v, 'path');
    if (!path) {
      yield { kind: 'skip', item, reason: 'no url (page path)' };
      continue;
    }
    const createdAt = parseDate(str(v, 'creationDate'));
    if (!createdAt) {
      yield { kind: 'skip', item, reason: 'creationDate is not a date' };
      continue;
    }
    const state = STATES[str(v, 'state') ?? 'approved'];
    if (!state) {
      yield { kind: 'skip', item, reason: `state ${JSON.stringify(str(v, 'state'))} is not one Commento writes` };
      continue;
    }
    const domain = str(v, 'domain');
    const threadId = `${domain ?? ''}${path}`;
    if (!threads.has(threadId)) {
      threads.add(threadId);
      yield { kind: 'thread', thread: { sourceId: threadId, identifier: path, url: domain ? `https://${domain}${path}` : path, title: null, closed: false } };
    }
    const commenter = str(v, 'commenterHex') || 'anonymous';
    const parent = str(v, 'parentHex');
    const score = typeof v.score === 'number' ? v.score : 0;
    yield {
      kind: 'comment',
      comment: {
        sourceId: id,
        threadId,
        parentId: parent && parent !== 'root' ? parent : null,
        author: { key: commenter, name: commenter === 'anonymous' ? 'Anonymous' : `Commento user ${commenter.slice(0, 8)}`, email: null, stub: true },
        text: { markdown: str(v, 'markdown') ?? '' },
        createdAt,
        status: v.deleted === true ? 'deleted' : state,
        likers: [],
        anonymousScore: score,
      },
    };
  }
}
