import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { child, childText, xmlRecords } from './xml-records';
import { ImportedStatus, parseBool, parseDate, SourceItem, SourceUser } from './types';

/**
 * Disqus's XML export: `<thread dsq:id>` records (identifier `<id>`, `<link>`, `<title>`,
 * `<isClosed>`, `<isDeleted>`), then `<post dsq:id>` records naming their thread and parent by
 * dsq:id, with the message as HTML, `<isSpam>`, `<isDeleted>` and `<isApproved>`. Records are read one at a time.
 */
export async function* readDisqus(input: Readable): AsyncGenerator<SourceItem> {
  for await (const el of xmlRecords(input, (name, depth) => depth === 2 && (name === 'thread' || name === 'post'))) {
    const id = dsqId(el.attrs);
    if (el.name === 'thread') {
      if (!id) {
        yield { kind: 'skip', item: 'thread', reason: 'no dsq:id', comments: 0 };
        continue;
      }
      const deleted = parseBool(childText(el, 'isdeleted'), false);
      yield {
        kind: 'thread',
        thread: {
          sourceId: id,
          identifier: childText(el, 'id'),
          url: childText(el, 'link'),
          title: childText(el, 'title'),
          closed: parseBool(childText(el, 'isclosed'), false) === true,
          skipReason: deleted ? 'its thread is deleted in the export' : undefined,
        },
      };
      continue;
    }
    const raw = el.attrs['dsq:id']?.trim();
    const item = `post ${raw || '(no dsq:id)'}`;
    if (!id) {
      yield { kind: 'skip', item, reason: raw ? `dsq:id ${JSON.stringify(raw)} is not a number` : 'no dsq:id' };
      continue;
    }
    const threadId = dsqId(child(el, 'thread')?.attrs ?? {});
    if (!threadId) {
      yield { kind: 'skip', item, reason: 'no thread dsq:id' };
      continue;
    }
    const createdAt = parseDate(childText(el, 'createdat'));
    if (!createdAt) {
      yield { kind: 'skip', item, reason: `createdAt is not a date: ${JSON.stringify(childText(el, 'createdat') ?? '')}` };
      continue;
    }
    const spam = parseBool(childText(el, 'isspam'), false);
    const deleted = parseBool(childText(el, 'isdeleted'), false);
    if (spam === null || deleted === null) {
      yield { kind: 'skip', item, reason: `isSpam/isDeleted is not true or false` };
      continue;
    }
    const parentEl = child(el, 'parent');
    const parentId = parentEl ? dsqId(parentEl.attrs) : null;
    // isApproved false (held for a moderator; Parley's own Disqus export writes it) is pending.
    const held = parseBool(childText(el, 'isapproved'), true) === false;
    const status: ImportedStatus = deleted ? 'deleted' : spam ? 'rejected' : held ? 'pending' : 'approved';
    yield {
      kind: 'comment',
      comment: {
        sourceId: id,
        threadId,
        parentId,
        author: author(child(el, 'author')),
        text: { html: child(el, 'message')?.text.trim() ?? '' },
        createdAt,
        status,
        likers: [],
      },
    };
  }
}

/** A dsq:id is digits; a malformed one (a stray quote or slash around it) is read for its digits. */
function dsqId(attrs: Record<string, string>): string | null {
  const raw = attrs['dsq:id']?.trim();
  if (!raw) return null;
  return /^\d+\/?$/.test(raw) ? raw.replace(/\/$/, '') : null;
}

/**
 * The author's user key: their Disqus username when they have one (not an anonymous guest),
 * else a hash of their email, else of their name.
 */
function author(el: ReturnType<typeof child>): SourceUser {
  const name = childText(el, 'name') ?? 'Anonymous';
  const email = childText(el, 'email');
  const username = childText(el, 'username');
  const anonymous = parseBool(childText(el, 'isanonymous'), false) === true;
  const key = username && !anonymous ? username : email ? `email-${hash(email.toLowerCase())}` : `guest-${hash(name)}`;
  return { key, name, email };
}

export function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}
