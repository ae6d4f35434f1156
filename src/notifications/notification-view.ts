import type { EmailFailureView, NotificationView } from '../common/notification-contract';
import type { EmailRecord, NotificationRecord } from './notifications.repository';

export function notificationView(n: NotificationRecord): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    commentId: n.commentId,
    articleId: n.articleId,
    articleTitle: n.articleTitle,
    articleUrl: n.articleUrl,
    actorName: n.actorName,
    reason: n.reason,
    excerpt: n.excerpt,
    read: n.readAt !== null,
    createdAt: n.createdAt.toISOString(),
  };
}

export function failureView(e: EmailRecord): EmailFailureView {
  return {
    id: e.id,
    userId: e.userId,
    kind: e.kind,
    address: e.address,
    status: e.status === 'bounced' ? 'bounced' : 'failed',
    mode: e.mode,
    notificationCount: e.notificationIds.length,
    attempts: e.attempts,
    lastError: e.lastError,
    createdAt: e.createdAt.toISOString(),
    failedAt: e.finishedAt ? e.finishedAt.toISOString() : null,
  };
}
