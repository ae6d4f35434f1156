import type { Readable } from 'node:stream';
import { hash } from './disqus';
import { childText, XmlElement, xmlRecords } from './xml-records';
import { ImportedStatus, parseDate, SourceItem, SourceUser } from './types';

const STATUSES: Record<string, ImportedStatus> = {
  '1': 'approved',
  approve: 'approved',
  '0': 'pending',
  hold: 'pending',
  spam: 'rejected',
  trash: 'deleted',
  'post-trashed': 'deleted',
};

/**
 * WordPress's WXR (1.0 to 1.2): each `<item>` (a post or page) with its `<wp:comment>`s. The
 * thread is the post (`wp:post_id`, else its link); a comment's source id is `<thread>:<comment
 * id>`, since WordPress numbers comments per blog and its parents name ids of the same post.
 * Pingbacks and trackbacks are not comments and are skipped. Every post is a thread (the dry run
 * shows how it maps), but only one with comments makes an article. Items are read one at a time.
 */
export async function* readWordPress(input: Readable): AsyncGenerator<SourceItem> {
  for await (const item of xmlRecords(input, (name) => name === 'item')) {
    const postId = childText(item, 'wp:post_id');
    const link = childText(item, 'link');
    const comments = item.children.filter((c) => c.name === 'wp:comment');
    const threadId = postId ?? link;
    if (!threadId && !comments.length) continue;
    if (!threadId) {
      yield { kind: 'skip', item: `post ${childText(item, 'title') ?? '(untitled)'}`, reason: 'no wp:post_id or link', comments: comments.length };
      continue;
    }
    const status = childText(item, 'wp:status');
    yield {
      kind: 'thread',
      thread: {
        sourceId: threadId,
        identifier: postId,
        url: link,
        title: childText(item, 'title'),
        closed: childText(item, 'wp:comment_status') === 'closed',
        skipReason: status === 'trash' ? 'its post is in the trash' : undefined,
      },
    };
    for (const c of comments) yield comment(threadId, c);
  }
}

function comment(threadId: string, c: XmlElement): SourceItem {
  const id = childText(c, 'wp:comment_id');
  const item = `comment ${threadId}:${id ?? '(no id)'}`;
  if (!id) return { kind: 'skip', item, reason: 'no wp:comment_id' };
  const type = childText(c, 'wp:comment_type');
  if (type === 'pingback' || type === 'trackback') return { kind: 'skip', item, reason: `a ${type}, not a comment` };
  const approved = childText(c, 'wp:comment_approved') ?? '1';
  const status = STATUSES[approved];
  if (!status) return { kind: 'skip', item, reason: `comment_approved ${JSON.stringify(approved)} is not one WordPress writes` };
  const createdAt = parseDate(childText(c, 'wp:comment_date_gmt')) ?? parseDate(childText(c, 'wp:comment_date'));
  if (!createdAt) return { kind: 'skip', item, reason: 'no comment_date_gmt or comment_date' };
  const parent = childText(c, 'wp:comment_parent');
  const content = c.children.find((x) => x.name === 'wp:comment_content')?.text ?? '';
  return {
    kind: 'comment',
    comment: {
      sourceId: `${threadId}:${id}`,
      threadId,
      parentId: parent && parent !== '0' ? `${threadId}:${parent}` : null,
      author: author(c),
      text: { html: content.trim() },
      createdAt,
      status,
      likers: [],
    },
  };
}

/** A registered user by their WordPress user id; a guest by a hash of their email, else of their name. */
function author(c: XmlElement): SourceUser {
  const name = childText(c, 'wp:comment_author') ?? 'Anonymous';
  const email = childText(c, 'wp:comment_author_email');
  const userId = childText(c, 'wp:comment_user_id');
  const key = userId && userId !== '0' ? `user-${userId}` : email ? `email-${hash(email.toLowerCase())}` : `guest-${hash(name)}`;
  return { key, name, email };
}
