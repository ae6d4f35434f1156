/**
 * Every socket.io event Parley sends or receives, in one place. The server gateways and the web
 * pages (embed widget, moderator dashboard) both type their sockets with these maps.
 */
import type { CommentView, ModeratedUserView, Queue, QueueCounts, QueueItem, UserWarningView } from '../common/contract';
import type { NotificationEvent } from '../common/notification-contract';

export const LIVE_PATH = '/socket.io';
export const MODERATION_NAMESPACE = '/moderation';

/** A cursor is the id of a stored event, as a decimal string. */
export type Cursor = string;

/**
 * Where an article event sits in its article's sequence: its own cursor, and `prev`, the cursor of
 * the article's event just before it ('0' for the first). A reader whose newest cursor is older
 * than `prev` missed something and catches up with `join { since }`. (Servers before `prev` was
 * added leave it out.)
 */
export interface Sequenced {
  cursor: Cursor;
  prev?: Cursor;
}

export interface JoinRequest {
  articleId: string;
  since?: Cursor;
}
export type Ack = { ok: true; cursor: Cursor } | { ok: false; error: { code: string; message: string } };

export interface ReaderServerEvents {
  'comment.created': (e: { comment: CommentView } & Sequenced) => void;
  'comment.updated': (e: { comment: CommentView } & Sequenced) => void;
  'comment.removed': (e: { id: string; articleId: string } & Sequenced) => void;
  'comment.reactions': (e: { id: string; articleId: string; reactions: { like: number } } & Sequenced) => void;
  'article.count': (e: { articleId: string; total: number } & Sequenced) => void;
  'article.updated': (
    e: {
      article: { id: string; closed: boolean; premoderation: boolean; title: string | null; url: string | null };
    } & Sequenced,
  ) => void;
  /** Sent to the author's own sockets when a moderator decides on their comment; `reason` when a rejection gave one. */
  'comment.status': (e: { id: string; articleId: string; status: 'approved' | 'rejected'; reason?: string }) => void;
  /** Too much was missed to replay: refetch the article, then continue from `cursor`. */
  resync: (e: { articleId: string; cursor: Cursor }) => void;
}

/**
 * About the reader's connection rather than an article (apart from the feed above, so pages that
 * handle every feed event need not handle these).
 */
export interface ReaderNoticeEvents {
  /**
   * A message went over the socket's budget (code RATE_LIMITED) and was dropped; its ack, if it
   * asked for one, says the same. Sent at most once a second; a socket that keeps going is disconnected.
   */
  error: (e: { code: string; message: string }) => void;
}

/**
 * To the reader's own sockets on the site (their user room), apart from the article feed above so
 * that pages handling every feed event need not handle these: type a socket with
 * `ReaderServerEvents & ReaderPersonalEvents` to receive them.
 */
export interface ReaderPersonalEvents {
  /** A new stored notification (GET /api/v1/notifications lists them), with the reader's unread count. */
  notification: (e: NotificationEvent) => void;
  /** A moderator warned the reader: the same warning GET /api/v1/me shows until they acknowledge it. */
  'user.warning': (e: { warning: UserWarningView }) => void;
}

export interface ReaderClientEvents {
  join: (req: JoinRequest, ack?: (res: Ack) => void) => void;
  leave: (req: { articleId: string }, ack?: (res: Ack) => void) => void;
}

export interface ModerationServerEvents {
  'queue.added': (e: { queue: Queue; item: QueueItem }) => void;
  'queue.removed': (e: { queue: Queue; id: string; articleId: string }) => void;
  /** `version` only grows: a total with a lower one than already seen is older (instances send independently). */
  'queue.counts': (e: QueueCounts & { version: number }) => void;
  /** A user's standing changed (a sanction or its undo): the user as they now stand. */
  'user.sanctioned': (e: { user: ModeratedUserView }) => void;
}

/** About the moderator's connection rather than the queues. */
export interface ModerationNoticeEvents {
  /** The token the socket connected with has expired (code TOKEN_EXPIRED); the server disconnects the socket right after. */
  error: (e: { code: string; message: string }) => void;
}

/** Reader event names that are stored and replayed (everything with a cursor). */
export const REPLAYED_EVENTS = ['comment.created', 'comment.updated', 'comment.removed', 'comment.reactions', 'article.count', 'article.updated'] as const;
