import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface LogEntryInput {
  actorId: string;
  action: string;
  commentId?: string | null;
  userId?: string | null;
  articleId?: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
}

/** Appends to the moderation log inside the decision's own transaction. */
@Injectable()
export class ModerationLog {
  async write(m: EntityManager, e: LogEntryInput): Promise<void> {
    await m.query(
      `INSERT INTO moderation_log (actor_id, action, comment_id, user_id, article_id, from_status, to_status, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.actorId, e.action, e.commentId ?? null, e.userId ?? null, e.articleId ?? null, e.fromStatus ?? null, e.toStatus ?? null, e.reason ?? null],
    );
  }
}
