import type { CommentContext, CommentView, Page, QueueItem, ReaderStanding, ReportReason, Sort } from '../../../common/contract';
import { MAX_MUTES, type MuteView } from '../../../common/mute-contract';
import { ApiError, call, enc } from '../shared/api';
import type { Options } from './options';
import type { Session } from './session';
import { S } from './strings';

/** The article's comment list also carries the article's comment count. */
export type ArticlePage = Page<CommentView> & { total?: number };
export type Reactions = Pick<CommentView, 'reactions' | 'viewerReacted'>;

/** The service's endpoints the widget uses, signed with the reader's token (refreshed on expiry). */
export class CommentsApi {
  constructor(
    private readonly o: Options,
    private readonly session: Session,
  ) {}

  /** The signed-in reader's standing: whether they may post. */
  me(): Promise<ReaderStanding> {
    return this.call('GET', '/me');
  }

  /** Acknowledges a moderator's warning: posting is allowed again. */
  ackWarning(): Promise<unknown> {
    return this.call('POST', '/me/warning/ack');
  }

  /** A comment with the thread above it, root first (what a link to a comment opens). */
  context(id: string): Promise<CommentContext> {
    return this.call('GET', `/comments/${enc(id)}/context`);
  }

  comments(sort: Sort, cursor?: string | null): Promise<ArticlePage> {
    const after = cursor ? `&cursor=${enc(cursor)}` : '';
    return this.call('GET', `/articles/${enc(this.o.articleId)}/comments?sort=${sort}&limit=${this.o.pageSize}${after}`);
  }

  replies(id: string, limit: number, cursor?: string | null): Promise<Page<CommentView>> {
    const after = cursor ? `&cursor=${enc(cursor)}` : '';
    return this.call('GET', `/comments/${enc(id)}/replies?limit=${limit}${after}`);
  }

  comment(id: string): Promise<CommentView> {
    return this.call('GET', `/comments/${enc(id)}`);
  }

  /** `key` makes a retried post (same text, network hiccup) land once. */
  post(text: string, key: string, parentId?: string): Promise<CommentView> {
    const body: Record<string, string> = { body: text };
    if (parentId) body.parentId = parentId;
    if (this.o.title) body.articleTitle = this.o.title.slice(0, 300);
    if (this.o.url) body.articleUrl = this.o.url;
    if (this.o.section) body.articleSection = this.o.section;
    return this.call('POST', `/articles/${enc(this.o.articleId)}/comments`, body, { 'Idempotency-Key': key });
  }

  /** The text as it would be published (the service's own rendering; nothing is stored). */
  async preview(text: string): Promise<string> {
    return (await this.call<{ html: string }>('POST', '/comments/preview', { body: text })).html;
  }

  edit(id: string, text: string): Promise<CommentView> {
    return this.call('PATCH', `/comments/${enc(id)}`, { body: text });
  }

  delete(id: string): Promise<void> {
    return this.call('DELETE', `/comments/${enc(id)}`);
  }

  like(id: string, on: boolean): Promise<Reactions> {
    return this.call(on ? 'PUT' : 'DELETE', `/comments/${enc(id)}/reactions/like`);
  }

  report(id: string, reason: ReportReason, note: string): Promise<{ accepted: true; alreadyReported?: boolean }> {
    return this.call('POST', `/comments/${enc(id)}/reports`, { reason, ...(note ? { note } : {}) });
  }

  /** The readers this reader muted on the site (at most MAX_MUTES: one page holds them all). */
  mutes(): Promise<Page<MuteView>> {
    return this.call('GET', `/me/mutes?limit=${MAX_MUTES}`);
  }

  mute(userId: string): Promise<MuteView> {
    return this.call('POST', '/me/mutes', { userId });
  }

  unmute(userId: string): Promise<void> {
    return this.call('DELETE', `/me/mutes/${enc(userId)}`);
  }

  /** For a moderator: the article's comments waiting for a decision (the pending queue, oldest first). */
  held(): Promise<Page<QueueItem>> {
    return this.call('GET', `/moderation/queues/pending?articleId=${enc(this.o.articleId)}&limit=100`);
  }

  /** For a moderator: the site's reasons to offer when rejecting. */
  rejectReasons(): Promise<{ rejectReasons: string[] }> {
    return this.call('GET', '/moderation/reasons');
  }

  /** A moderator's decision from the stream, through the moderation API (the token's role is checked there); answers the comment as it now stands. */
  moderate(id: string, action: 'approve' | 'reject' | 'feature' | 'unfeature', reason?: string): Promise<QueueItem> {
    return this.call('POST', `/moderation/comments/${enc(id)}/${action}`, reason ? { reason } : {});
  }

  /** Any endpoint, signed as the rest are (embed-extras.js's rarer requests, e.g. a moderator's ban, go through it). */
  async call<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const { session } = this;
    const go = () => call<T>(this.o.base, method, path, { token: session.token, body, headers, site: this.o.site });
    const used = session.token;
    try {
      return await go();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401 || !session.token) throw e;
      // Another request already swapped the token while this one was on its way.
      if (session.token !== used) return go();
      const fresh = e.code === 'TOKEN_EXPIRED' ? await session.refresh() : null;
      if (!fresh) {
        session.set(null);
        // Reads carry on signed out; a write would only fail again, so its own error says why.
        if (method !== 'GET') throw e;
      }
      return go();
    }
  }
}

/** What to tell the reader about a failed request. */
export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return S.errors.default;
  if (e.code === 'FLOOD' && e.retryAfter) return S.flood(e.retryAfter);
  if (e.code === 'USER_SUSPENDED' || (e.status === 400 && !S.errors[e.code])) return e.message;
  return S.errors[e.code] ?? (e.status === 429 ? S.errors.RATE_LIMITED : S.errors.default);
}
