import type { EntityManager } from 'typeorm';
import type { ArticleView, CommentStatus } from '../common/contract';
import type { UserRecord } from '../users/users.repository';

export interface PipelineInput {
  user: UserRecord;
  article: ArticleView;
  body: string;
  html: string;
  /** Set when re-checking an edit: the comment itself is not its own repeat. */
  commentId?: string;
  /** A new comment: the posting limit is checked first (429 `FLOOD`, nothing stored), the repeat check in its insert transaction (confirmFlood). */
  floodCheckedAtInsert?: boolean;
}

export interface Verdict {
  status: Extract<CommentStatus, 'approved' | 'pending' | 'rejected'>;
  reasons: string[];
}

/** What the comments module asks of moderation: a verdict with its reasons, before and at insert. */
export interface ModerationPipeline {
  /** The ordered checks; may wait on the toxicity scorer, so it runs outside any transaction. */
  run(input: PipelineInput): Promise<Verdict>;
  /** The posting limit again and the repeat check inside the insert's transaction, under the author's row lock the caller holds; past the limit it throws 429 `FLOOD`. */
  confirmFlood(m: EntityManager, input: PipelineInput, verdict: Verdict): Promise<Verdict>;
}

export const MODERATION_PIPELINE = Symbol('MODERATION_PIPELINE');
