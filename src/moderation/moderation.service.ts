import { Injectable } from '@nestjs/common';
import { ArticlesRepository } from '../articles/articles.repository';
import { CommentLedger } from '../comments/comment-ledger';
import type { CommentRecord } from '../comments/comment-view';
import { ArticleScope, CommentSearch, CommentsRepository } from '../comments/comments.repository';
import { QueueItems } from '../comments/queue-item';
import { SiteCounters } from '../comments/site-counters.repository';
import { ApiError, conflict, forbidden, notFound } from '../common/api-error';
import type {
  BulkResult,
  CommentFocusView,
  LogEntryView,
  ModeratedUserView,
  Page,
  Queue,
  QueueCounts,
  QueueItem,
  UserNoteView,
  UserPanelView,
  UserWarningView,
} from '../common/contract';
import { decodeCursor, invalidCursor, toPage } from '../common/cursor';
import { sanctionEvents, warnedEvents } from '../common/domain-events';
import { isCommentId } from '../common/ids';
import type { Viewer } from '../common/viewer';
import { Tx, TxService } from '../events/tx.service';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { SanctionChange, UserRecord, UsersRepository } from '../users/users.repository';
import { describeSanctions, maySanction, UsersService } from '../users/users.service';
import { SettingsService } from '../settings/settings.service';
import { UserWarnings } from '../users/user-warnings.repository';
import { Recount, RecountResult } from './recount';
import { UserNotes } from './user-notes.repository';
import { notifyStanding, sanctionPrior } from './sanction-undo';

export type Decision = 'approve' | 'reject' | 'feature' | 'unfeature';
export type Sanction = 'ban' | 'unban' | 'suspend' | 'premod' | 'unpremod';

/** How long after a decision its moderator may undo it. */
export const UNDO_WINDOW_MS = 10 * 60_000;

/** What a decision changed, kept in its log entry for an undo. */
interface Prior {
  status: CommentRecord['status'];
  moderated: boolean;
  featured: boolean;
  decidedAt: string | null;
  /** The open reports the decision answered. */
  reports: string[];
}

function priorOf(c: CommentRecord, reports: string[]): Prior {
  return { status: c.status, moderated: c.moderated, featured: c.featured, decidedAt: c.decidedAt ? c.decidedAt.toISOString() : null, reports };
}

function readPrior(v: unknown): Prior | null {
  if (!v || typeof v !== 'object') return null;
  const p = v as Partial<Prior>;
  if (typeof p.status !== 'string' || typeof p.moderated !== 'boolean' || typeof p.featured !== 'boolean') return null;
  return {
    status: p.status,
    moderated: p.moderated,
    featured: p.featured,
    decidedAt: p.decidedAt ?? null,
    reports: Array.isArray(p.reports) ? p.reports.map(String) : [],
  };
}

@Injectable()
export class ModerationService {
  constructor(
    private readonly txs: TxService,
    private readonly ledger: CommentLedger,
    private readonly comments: CommentsRepository,
    private readonly queueItems: QueueItems,
    private readonly articles: ArticlesRepository,
    private readonly siteCounters: SiteCounters,
    private readonly users: UsersService,
    private readonly userRows: UsersRepository,
    private readonly log: ModerationLog,
    private readonly recounter: Recount,
    private readonly notes: UserNotes,
    private readonly warnings: UserWarnings,
    private readonly settings: SettingsService,
  ) {}

  async queue(siteId: string, queue: Queue, scope: ArticleScope = {}, limit = 20, cursor?: string): Promise<Page<QueueItem>> {
    if (queue === 'approved' || queue === 'rejected') return this.decidedQueue(siteId, queue, scope, limit, cursor);
    const key = decodeCursor(cursor, ['string']);
    if (key && !isCommentId(key[0] as string)) throw invalidCursor();
    const records = await this.comments.queuePage(siteId, queue, scope, limit + 1, key ? (key[0] as string) : null);
    const items = await this.queueItems.build(this.txs.manager, records.slice(0, limit));
    const byId = new Map(items.map((i) => [i.id, i]));
    return toPage(
      records,
      limit,
      (r) => byId.get(r.id)!,
      (r) => [r.id],
    );
  }

  /** Approved and rejected: latest decision first, each item with that decision and every report it had. */
  private async decidedQueue(siteId: string, queue: 'approved' | 'rejected', scope: ArticleScope, limit: number, cursor?: string) {
    const key = decodeCursor(cursor, ['string', 'string']);
    if (key && (!isCommentId(key[1] as string) || Number.isNaN(Date.parse(key[0] as string)))) throw invalidCursor();
    const rows = await this.comments.decidedPage(siteId, queue, scope, limit + 1, key ? { at: key[0] as string, id: key[1] as string } : null);
    const items = await this.withHistory(
      siteId,
      rows.slice(0, limit).map((r) => r.record),
    );
    const byId = new Map(items.map((i) => [i.id, i]));
    return toPage(
      rows,
      limit,
      (r) => byId.get(r.record.id)!,
      (r) => [r.key, r.record.id],
    );
  }

  /** Queue items with their latest decision and every report they had. */
  private async withHistory(siteId: string, records: CommentRecord[]): Promise<QueueItem[]> {
    const m = this.txs.manager;
    const items = await this.queueItems.build(m, records);
    const ids = records.map((r) => r.id);
    const decisions = await this.log.lastDecisions(m, siteId, ids);
    const reports = await this.comments.reportHistory(m, ids);
    return items.map((i) => {
      const d = decisions.get(i.id);
      const decision = d ? { action: d.action, actorId: d.actorId, actorName: d.actorName, reason: d.reason, at: d.createdAt.toISOString() } : null;
      return { ...i, decision, reportHistory: reports.get(i.id) ?? { counts: {}, notes: [] } };
    });
  }

  /** Full-text search and filters over every comment of the site, queues and history alike. */
  async search(siteId: string, f: CommentSearch, limit = 20, cursor?: string): Promise<Page<QueueItem>> {
    const key = decodeCursor(cursor, ['string']);
    if (key && !isCommentId(key[0] as string)) throw invalidCursor();
    const records = await this.comments.search(siteId, f, limit + 1, key ? (key[0] as string) : null);
    const items = await this.withHistory(siteId, records.slice(0, limit));
    const byId = new Map(items.map((i) => [i.id, i]));
    return toPage(
      records,
      limit,
      (r) => byId.get(r.id)!,
      (r) => [r.id],
    );
  }

  /** One comment on its own: the item with its decision and reports, and every log entry about it. */
  async focus(siteId: string, id: string): Promise<CommentFocusView> {
    const record = isCommentId(id) ? await this.comments.find(siteId, id) : null;
    if (!record) throw notFound('COMMENT_NOT_FOUND', `No comment ${id}`);
    const [item] = await this.withHistory(siteId, [record]);
    const log = await this.logEntries(siteId, { commentId: id, limit: 100 });
    return { item, log: log.items };
  }

  /** Kept as counters by the ledger: no COUNT(*) over comments here. */
  counts(siteId: string, scope: ArticleScope = {}): Promise<QueueCounts> {
    if (scope.articleId || scope.section) return this.articles.queueCounts(siteId, scope);
    return this.siteCounters.read(siteId);
  }

  /**
   * One decision on one comment, under the comment's row lock. Repeating a decision that already
   * holds (two moderators pressing approve together) changes nothing and logs nothing.
   */
  async decide(id: string, action: Decision, actor: Viewer, reason?: string): Promise<QueueItem> {
    await this.users.requireActiveStaff(actor);
    return this.txs.run((tx) => this.decideIn(tx, id, action, actor, reason));
  }

  private async decideIn(tx: Tx, id: string, action: Decision, actor: Viewer, reason?: string): Promise<QueueItem> {
    const m = tx.manager;
    // The actor's site: a comment of another site is not found.
    const before = isCommentId(id) ? await this.comments.lock(m, actor.siteId, id) : null;
    if (!before) throw notFound('COMMENT_NOT_FOUND', `No comment ${id}`);
    if (before.status === 'deleted') throw conflict('COMMENT_DELETED', 'The author deleted this comment');
    const after: CommentRecord = { ...before };
    let reports: string[] = [];
    switch (action) {
      case 'approve':
      case 'reject': {
        const to = action === 'approve' ? 'approved' : 'rejected';
        if (before.status === to && before.moderated && before.openReportCount === 0) return this.queueItems.one(m, before);
        Object.assign(after, { status: to, moderated: true, openReportCount: 0, decidedAt: new Date() });
        if (action === 'reject') after.featured = false;
        // A decision answers the open reports: approving dismisses them, rejecting upholds them.
        reports = await this.comments.resolveReports(m, id);
        break;
      }
      case 'feature':
      case 'unfeature': {
        const featured = action === 'feature';
        if (featured && before.status !== 'approved') throw conflict('NOT_PUBLISHED', 'Only published comments can be featured');
        if (before.featured === featured) return this.queueItems.one(m, before);
        Object.assign(after, { featured, moderated: before.status === 'approved' ? true : before.moderated });
        break;
      }
    }
    await this.comments.saveState(m, after);
    await this.ledger.apply(tx, before, after, action === 'reject' ? reason : null);
    await this.log.write(m, {
      siteId: actor.siteId,
      actorId: actor.id,
      action,
      commentId: id,
      userId: before.authorId,
      articleId: before.articleId,
      fromStatus: before.status,
      toStatus: after.status,
      reason: reason ?? null,
      prior: priorOf(before, reports),
    });
    return this.queueItems.one(m, after);
  }

  /**
   * Undoes the latest decision on a comment: the comment goes back to how it stood before (status,
   * flags, the reports that decision answered reopen), logged as `undo`. Only the moderator who
   * decided may undo it, within UNDO_WINDOW_MS, and only while nothing else has changed it since.
   */
  async undo(id: string, actor: Viewer): Promise<QueueItem> {
    await this.users.requireActiveStaff(actor);
    return this.txs.run((tx) => this.undoIn(tx, id, actor));
  }

  private async undoIn(tx: Tx, id: string, actor: Viewer): Promise<QueueItem> {
    const m = tx.manager;
    const before = isCommentId(id) ? await this.comments.lock(m, actor.siteId, id) : null;
    if (!before) throw notFound('COMMENT_NOT_FOUND', `No comment ${id}`);
    if (before.status === 'deleted') throw conflict('COMMENT_DELETED', 'The author deleted this comment');
    const last = (await this.log.lastDecisions(m, actor.siteId, [id])).get(id);
    const prior = last ? readPrior(last.prior) : null;
    if (!last || last.action === 'undo' || !prior) throw conflict('NOTHING_TO_UNDO', 'This comment has no decision to undo');
    if (last.actorId !== actor.id) throw conflict('UNDO_NOT_YOURS', 'Only the moderator who made the decision can undo it');
    if (Date.now() - last.createdAt.getTime() > UNDO_WINDOW_MS) throw conflict('UNDO_EXPIRED', 'The decision is too old to undo');
    const changedSince = before.status !== last.toStatus || (last.action === 'feature' && !before.featured) || (last.action === 'unfeature' && before.featured);
    if (changedSince) throw conflict('UNDO_STALE', 'The comment has changed since that decision');
    const reopened = await this.comments.reopenReports(m, id, prior.reports);
    const after: CommentRecord = {
      ...before,
      status: prior.status,
      moderated: prior.moderated,
      featured: prior.featured,
      decidedAt: prior.decidedAt ? new Date(prior.decidedAt) : null,
      openReportCount: before.openReportCount + reopened,
    };
    await this.comments.saveState(m, after);
    await this.ledger.apply(tx, before, after);
    await this.log.write(m, {
      siteId: actor.siteId,
      actorId: actor.id,
      action: 'undo',
      commentId: id,
      userId: before.authorId,
      articleId: before.articleId,
      fromStatus: before.status,
      toStatus: after.status,
      reason: `${last.action} undone`,
    });
    return this.queueItems.one(m, after);
  }

  /** Each id in its own transaction: one refused id (deleted, unknown) does not undo the others. */
  async bulk(action: 'approve' | 'reject' | 'undo', ids: string[], actor: Viewer, reason?: string): Promise<{ results: BulkResult[] }> {
    await this.users.requireActiveStaff(actor);
    const results: BulkResult[] = [];
    for (const id of ids) {
      try {
        const item = await this.txs.run((tx) => (action === 'undo' ? this.undoIn(tx, id, actor) : this.decideIn(tx, id, action, actor, reason)));
        results.push({ id, ok: true, status: item.status });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const body = err.getResponse() as { code: string; message: string };
        results.push({ id, ok: false, error: { statusCode: err.getStatus(), code: body.code, message: body.message } });
      }
    }
    return { results };
  }

  async logEntries(
    siteId: string,
    q: { commentId?: string; userId?: string; actorId?: string; action?: string; articleId?: string; limit?: number; cursor?: string },
  ): Promise<Page<LogEntryView>> {
    const limit = q.limit ?? 20;
    const key = decodeCursor(q.cursor, ['string']);
    if (key && !/^\d{1,19}$/.test(key[0] as string)) throw invalidCursor();
    const rows = await this.log.list(
      {
        siteId,
        commentId: q.commentId,
        userId: q.userId,
        actorId: q.actorId,
        action: q.action,
        articleId: q.articleId,
        beforeId: key ? (key[0] as string) : undefined,
      },
      limit + 1,
    );
    return toPage(
      rows,
      limit,
      (r) => r,
      (r) => [r.id],
    );
  }

  // ---- sanctions ---------------------------------------------------------------------------

  /**
   * A sanction and, for a ban with rejectPending or rejectPublished, the rejection of the user's held
   * or published comments (each logged and counted as a decision of its own): one transaction.
   */
  async sanction(
    userId: string,
    action: Sanction,
    actor: Viewer,
    opts: { reason?: string; until?: Date; rejectPending?: boolean; rejectPublished?: boolean } = {},
  ) {
    await this.users.requireActiveStaff(actor);
    return this.txs.run(async (tx) => {
      const m = tx.manager;
      const site = actor.siteId;
      const user = await this.userRows.find(site, userId, m, true);
      if (!user) throw notFound('USER_NOT_FOUND', `No user ${userId}`);
      if (!maySanction(actor, user)) throw forbidden('SANCTION_NOT_ALLOWED', 'Staff cannot sanction themselves, an equal or a higher role');
      const updated = await this.userRows.applySanction(m, site, userId, sanctionChange(action, opts));
      tx.events(sanctionEvents(site, action, updated, actor.id));
      notifyStanding(tx, site, updated);
      await this.log.write(m, {
        siteId: site,
        actorId: actor.id,
        action: `user.${action}`,
        userId,
        fromStatus: describeSanctions(user),
        toStatus: describeSanctions(updated),
        reason: opts.reason ?? (opts.until ? `until ${opts.until.toISOString()}` : null),
        // How the user stood, for an undo (SanctionUndo).
        prior: sanctionPrior(user),
      });
      const why = `user banned: ${opts.reason ?? ''}`.trim();
      // The ids go back to the moderator so the desk can offer to undo these rejections (POST /moderation/bulk undo).
      const rejectedIds: string[] = [];
      const rejectAll = async (wanted: boolean | undefined, status: 'pending' | 'approved') => {
        if (action !== 'ban' || !wanted) return 0;
        const ids = await this.comments.idsOfAuthor(m, site, userId, status);
        for (const id of ids) await this.decideIn(tx, id, 'reject', actor, why);
        rejectedIds.push(...ids);
        return ids.length;
      };
      const rejectedPending = await rejectAll(opts.rejectPending, 'pending');
      const rejectedPublished = await rejectAll(opts.rejectPublished, 'approved');
      // The rejections moved the user's tallies: answer with the row as it now stands.
      const now = rejectedPending + rejectedPublished ? ((await this.userRows.find(site, userId, m)) ?? updated) : updated;
      return { user: userView(now), rejectedComments: rejectedPending + rejectedPublished, rejectedPending, rejectedPublished, rejectedIds };
    });
  }

  async userPanel(siteId: string, userId: string): Promise<UserPanelView> {
    const user = await this.userRows.find(siteId, userId);
    if (!user) throw notFound('USER_NOT_FOUND', `No user ${userId}`);
    const comments = await this.queueItems.build(this.txs.manager, await this.comments.latestByAuthor(siteId, userId, 20));
    const log = await this.logEntries(siteId, { userId, limit: 20 });
    const notes = await this.notes.list(siteId, userId);
    const warnings = await this.warnings.list(siteId, userId);
    return { user: userView(user), comments, log: log.items, notes, warnings };
  }

  /**
   * A warning to a reader of the actor's site, logged as `user.warn`: the reader is shown it (GET /me)
   * and may not post again until they acknowledge it. The same roles as a sanction may warn.
   */
  async warn(userId: string, actor: Viewer, message: string): Promise<UserWarningView> {
    await this.users.requireActiveStaff(actor);
    return this.txs.run(async (tx) => {
      const m = tx.manager;
      const user = await this.userRows.find(actor.siteId, userId, m, true);
      if (!user) throw notFound('USER_NOT_FOUND', `No user ${userId}`);
      if (!maySanction(actor, user)) throw forbidden('SANCTION_NOT_ALLOWED', 'Staff cannot warn themselves, an equal or a higher role');
      const warning = await this.warnings.add(m, actor.siteId, userId, { id: actor.id, name: actor.name }, message);
      await this.log.write(m, { siteId: actor.siteId, actorId: actor.id, action: 'user.warn', userId, reason: message });
      // The reader's open pages show it at once (after the commit), not only on their next load or post.
      tx.notify('user.warning', { site: actor.siteId, user: userId }, { warning });
      // And in their notifications (the bell, email), like a decision on their comment.
      tx.events(warnedEvents(actor.siteId, user, warning, actor.id));
      return warning;
    });
  }

  /** The site's reasons for rejecting, for the moderators' reject prompt. */
  reasons(siteId: string): { rejectReasons: string[] } {
    return { rejectReasons: this.settings.get(siteId).rejectReasons };
  }

  /** A staff note on a user of the actor's site; every moderator and admin of the site reads it in the user panel. */
  async addNote(userId: string, actor: Viewer, body: string): Promise<UserNoteView> {
    await this.users.requireActiveStaff(actor);
    const user = await this.userRows.find(actor.siteId, userId);
    if (!user) throw notFound('USER_NOT_FOUND', `No user ${userId}`);
    return this.notes.add(actor.siteId, userId, { id: actor.id, name: actor.name }, body);
  }

  recount(): Promise<RecountResult> {
    return this.recounter.run();
  }
}

function sanctionChange(action: Sanction, opts: { reason?: string; until?: Date }): SanctionChange {
  switch (action) {
    case 'ban':
      return { status: 'banned', suspendedUntil: null, sanctionReason: opts.reason ?? null };
    case 'unban':
      return { status: 'active', suspendedUntil: null, sanctionReason: null };
    case 'suspend':
      return { status: 'suspended', suspendedUntil: opts.until ?? null, sanctionReason: opts.reason ?? null };
    case 'premod':
      return { premod: true };
    case 'unpremod':
      return { premod: false };
  }
}

export function userView(u: UserRecord): ModeratedUserView {
  return {
    id: u.id,
    name: u.name,
    role: u.role,
    status: u.status,
    suspendedUntil: u.suspendedUntil ? u.suspendedUntil.toISOString() : null,
    sanctionReason: u.sanctionReason,
    premod: u.premod,
    approved: u.approvedCount,
    rejected: u.rejectedCount,
    createdAt: u.createdAt.toISOString(),
  };
}
