import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { badRequest, conflict, forbidden, notFound } from '../common/api-error';
import { AccountDeletion, DELETE_ACCOUNT_CONFIRMATION, ReaderDataExport } from '../common/data-rights-contract';
import { articleKey } from '../common/ids';
import { isModerator, Viewer } from '../common/viewer';
import { CommentLedger } from '../comments/comment-ledger';
import { DELETED_BY_AUTHOR, publiclyVisible, toView } from '../comments/comment-view';
import { CommentsRepository } from '../comments/comments.repository';
import { Tx, TxService } from '../events/tx.service';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { SettingsService } from '../settings/settings.service';
import { SitesService } from '../sites/sites.service';
import { UsersService } from '../users/users.service';
import { DataRightsRepository } from './data-rights.repository';

/**
 * A reader's rights over what the site holds about them: a copy of all of it, and deletion of the
 * account. Deletion hands the account's history to a fresh anonymous row ("Deleted user") and
 * either erases the comments (tombstones removed by their author, replies kept) or keeps them
 * there, as the site's `accountDeletion` setting says; every counter moves through the ledger.
 */
@Injectable()
export class DataRightsService {
  constructor(
    private readonly repo: DataRightsRepository,
    private readonly comments: CommentsRepository,
    private readonly ledger: CommentLedger,
    private readonly txs: TxService,
    private readonly log: ModerationLog,
    private readonly settings: SettingsService,
    private readonly sites: SitesService,
    private readonly users: UsersService,
    private readonly ds: DataSource,
  ) {}

  /** The signed-in reader's own data (their token must still be good for the account). */
  async mine(viewer: Viewer): Promise<ReaderDataExport> {
    await this.users.upsert(viewer);
    return this.collect(viewer.siteId, viewer.id);
  }

  /** An admin's copy of a user's data; logged as `user.data_exported`. */
  async forAdmin(siteId: string, userId: string, admin: Viewer): Promise<ReaderDataExport> {
    await this.users.requireActiveStaff(admin);
    const data = await this.collect(siteId, userId);
    await this.log.write(this.ds.manager, { siteId, actorId: admin.id, action: 'user.data_exported', userId });
    return data;
  }

  async deleteMine(viewer: Viewer, confirm: string | undefined): Promise<AccountDeletion> {
    if (confirm !== DELETE_ACCOUNT_CONFIRMATION) {
      throw badRequest('CONFIRMATION_REQUIRED', `Send {"confirm": "${DELETE_ACCOUNT_CONFIRMATION}"} to delete the account`);
    }
    if (isModerator(viewer)) throw forbidden('STAFF_ACCOUNT', "A staff member's account is removed by the site's admins, not deleted from the widget");
    await this.users.upsert(viewer);
    return this.delete(viewer.siteId, viewer.id, viewer.id);
  }

  /** An admin deletes a user of their site; `confirm` must repeat the user's id. */
  async deleteForAdmin(siteId: string, userId: string, admin: Viewer, confirm: string | undefined): Promise<AccountDeletion> {
    if (confirm !== userId) throw badRequest('CONFIRMATION_REQUIRED', 'Send {"confirm": "<the user\'s id>"} to delete the account');
    await this.users.requireActiveStaff(admin);
    if (userId === admin.id) throw forbidden('SANCTION_NOT_ALLOWED', 'Admins cannot delete their own account here');
    return this.delete(siteId, userId, admin.id);
  }

  private async collect(siteId: string, userId: string): Promise<ReaderDataExport> {
    const data = await this.repo.export(siteId, userId);
    if (!data) throw notFound('USER_NOT_FOUND', `No user ${userId}`);
    const site = this.sites.get(siteId);
    return { exportedAt: new Date().toISOString(), site: { id: siteId, name: site?.name ?? siteId }, ...data };
  }

  private async delete(siteId: string, userId: string, actorId: string): Promise<AccountDeletion> {
    const mode = this.settings.get(siteId).accountDeletion;
    return this.txs.run(async (tx) => {
      const m = tx.manager;
      const account = await this.repo.lockAccount(m, siteId, userId);
      if (!account) throw notFound('USER_NOT_FOUND', `No user ${userId}`);
      if (account.deletedAt) throw conflict('ACCOUNT_DELETED', 'This account is deleted already');
      if (account.role !== 'reader') throw forbidden('SANCTION_NOT_ALLOWED', "A staff member's account is removed from the staff screen first");
      const ids = await this.repo.commentIds(m, siteId, userId);
      const ghostId = `deleted:${randomUUID()}`;
      if (mode === 'delete') for (const id of ids) await this.erase(tx, siteId, id);
      await this.repo.handOver(m, siteId, userId, ghostId, mode === 'delete');
      if (mode === 'anonymize') for (const id of ids) await this.anonymized(tx, siteId, id);
      await this.repo.scrubAccount(m, siteId, userId);
      await this.log.write(m, { siteId, actorId, action: 'user.deleted', userId, toStatus: mode, reason: `${ids.length} comments` });
      return { userId, mode, comments: ids.length };
    });
  }

  /** One comment removed by its author's deletion: counted, told to readers, its text gone from the stored events. */
  private async erase(tx: Tx, siteId: string, id: string): Promise<void> {
    const before = await this.comments.lock(tx.manager, siteId, id);
    if (!before) return;
    const reasons = before.reasons.includes(DELETED_BY_AUTHOR) || before.status === 'deleted' ? before.reasons : [...before.reasons, DELETED_BY_AUTHOR];
    const after = { ...before, status: 'deleted' as const, reasons, body: '', html: '' };
    await this.repo.eraseComment(tx.manager, siteId, id, after.status, after.reasons);
    if (before.status !== 'deleted') await this.ledger.apply(tx, before, after);
  }

  /** A kept comment now under "Deleted user": readers' pages and the stored events say so. */
  private async anonymized(tx: Tx, siteId: string, id: string): Promise<void> {
    const c = await this.comments.find(siteId, id, tx.manager);
    if (!c || !publiclyVisible(c)) return;
    const comment = toView(c, null);
    const feed = articleKey(siteId, c.articleId);
    await tx.record(feed, 'comment.updated', { comment });
    await tx.redactComment(feed, id, { author: comment.author });
  }
}
