import type { BulkResult, LogEntryView, Page, Queue, QueueCounts, QueueItem, UserPanelView } from '../../../common/contract';
import { ApiError, call, enc } from '../shared/api';
import type { Me } from './session';

export type Decision = 'approve' | 'reject' | 'feature' | 'unfeature';
export type BulkDecision = Extract<Decision, 'approve' | 'reject'>;
export type Sanction = 'ban' | 'unban' | 'suspend' | 'premod' | 'unpremod';

const PAGE = 25;
const LOG_PAGE = 50;

/**
 * The moderation endpoints (and any other, through send and onSite), signed with the moderator's
 * token or their staff session (cookie and CSRF token); a refused token or an ended session signs
 * out. What acts on a site (queues, counts, decisions, log, users, settings) names the chosen site
 * as `?site=`; the staff and sites endpoints name theirs in the path, query or body.
 */
export class ModerationApi {
  me: Me | null = null;

  constructor(private readonly refused: (e: ApiError) => void) {}

  counts(articleId: string): Promise<QueueCounts> {
    return this.onSite('GET', `/moderation/counts${articleId ? `?articleId=${enc(articleId)}` : ''}`);
  }

  queue(queue: Queue, articleId: string, cursor?: string | null): Promise<Page<QueueItem>> {
    const q = `?limit=${PAGE}${cursor ? `&cursor=${enc(cursor)}` : ''}${articleId ? `&articleId=${enc(articleId)}` : ''}`;
    return this.onSite('GET', `/moderation/queues/${queue}${q}`);
  }

  log(cursor?: string | null): Promise<Page<LogEntryView>> {
    return this.onSite('GET', `/moderation/log?limit=${LOG_PAGE}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
  }

  user(id: string): Promise<UserPanelView> {
    return this.onSite('GET', `/moderation/users/${enc(id)}`);
  }

  sanction(userId: string, sanction: Sanction, body: object): Promise<unknown> {
    return this.onSite('POST', `/moderation/users/${enc(userId)}/${sanction}`, body);
  }

  /** Takes back this moderator's latest sanction on the user (the server keeps how they stood before). */
  undoSanction(userId: string): Promise<unknown> {
    return this.onSite('POST', `/moderation/users/${enc(userId)}/undo`);
  }

  decide(id: string, decision: Decision): Promise<QueueItem> {
    return this.onSite('POST', `/moderation/comments/${enc(id)}/${decision}`, decision === 'reject' ? {} : undefined);
  }

  bulk(action: BulkDecision, ids: string[]): Promise<{ results: BulkResult[] }> {
    return this.onSite('POST', '/moderation/bulk', { action, ids });
  }

  /** Any endpoint, as it is (no site added). */
  send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.call<T>(method, path, body);
  }

  /** Any endpoint, on the chosen site (`?site=`). */
  onSite<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.call<T>(method, path, body, true);
  }

  private async call<T>(method: string, path: string, body?: unknown, scoped = false): Promise<T> {
    const me = this.me;
    // A token speaks for the site that signed it: its requests name none.
    const site = scoped && me?.session ? me.site : undefined;
    try {
      return await call<T>('', method, path, { token: me?.token, body, session: !!me?.session, csrf: me?.session?.csrfToken, site });
    } catch (e) {
      // Signed out, or (a staff session) the role changed meanwhile: the dashboard checks again.
      if (e instanceof ApiError && (e.status === 401 || e.code === 'WRONG_ROLE')) this.refused(e);
      throw e;
    }
  }
}
