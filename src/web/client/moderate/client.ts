import type { BulkResult, LogEntryView, Page, Queue, QueueCounts, QueueItem, UserPanelView } from '../../../common/contract';
import { ApiError, call, enc } from '../shared/api';
import type { Me } from './session';

export type Decision = 'approve' | 'reject' | 'feature' | 'unfeature';
export type BulkDecision = Extract<Decision, 'approve' | 'reject'>;
export type Sanction = 'ban' | 'unban' | 'suspend' | 'premod' | 'unpremod';

const PAGE = 25;
const LOG_PAGE = 50;

/**
 * The moderation endpoints (and any other, through send), signed with the moderator's token or
 * their staff session (cookie and CSRF token); a refused token or an ended session signs out.
 */
export class ModerationApi {
  me: Me | null = null;

  constructor(private readonly refused: (e: ApiError) => void) {}

  counts(articleId: string): Promise<QueueCounts> {
    return this.call('GET', `/moderation/counts${articleId ? `?articleId=${enc(articleId)}` : ''}`);
  }

  queue(queue: Queue, articleId: string, cursor?: string | null): Promise<Page<QueueItem>> {
    const q = `?limit=${PAGE}${cursor ? `&cursor=${enc(cursor)}` : ''}${articleId ? `&articleId=${enc(articleId)}` : ''}`;
    return this.call('GET', `/moderation/queues/${queue}${q}`);
  }

  log(cursor?: string | null): Promise<Page<LogEntryView>> {
    return this.call('GET', `/moderation/log?limit=${LOG_PAGE}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
  }

  user(id: string): Promise<UserPanelView> {
    return this.call('GET', `/moderation/users/${enc(id)}`);
  }

  sanction(userId: string, sanction: Sanction, body: object): Promise<unknown> {
    return this.call('POST', `/moderation/users/${enc(userId)}/${sanction}`, body);
  }

  decide(id: string, decision: Decision): Promise<QueueItem> {
    return this.call('POST', `/moderation/comments/${enc(id)}/${decision}`, decision === 'reject' ? {} : undefined);
  }

  bulk(action: BulkDecision, ids: string[]): Promise<{ results: BulkResult[] }> {
    return this.call('POST', '/moderation/bulk', { action, ids });
  }

  send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.call<T>(method, path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const me = this.me;
    try {
      return await call<T>('', method, path, { token: me?.token, body, session: !!me?.session, csrf: me?.session?.csrfToken });
    } catch (e) {
      // Signed out, or (a staff session) the role changed meanwhile: the dashboard checks again.
      if (e instanceof ApiError && (e.status === 401 || e.code === 'WRONG_ROLE')) this.refused(e);
      throw e;
    }
  }
}
