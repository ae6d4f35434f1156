import { Injectable } from '@nestjs/common';
import { conflict, notFound } from '../common/api-error';
import type { ModeratedUserView } from '../common/contract';
import { sanctionEvents } from '../common/domain-events';
import type { Viewer } from '../common/viewer';
import { Tx, TxService } from '../events/tx.service';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { SanctionChange, UserRecord, UsersRepository } from '../users/users.repository';
import { describeSanctions, UsersService } from '../users/users.service';
import { UNDO_WINDOW_MS, userView } from './moderation.service';

/** What a sanction changed, kept in its log entry (`prior`) for an undo. */
export interface SanctionPrior {
  status: UserRecord['status'];
  suspendedUntil: string | null;
  sanctionReason: string | null;
  premod: boolean;
}

export const sanctionPrior = (u: UserRecord): SanctionPrior => ({
  status: u.status,
  suspendedUntil: u.suspendedUntil ? u.suspendedUntil.toISOString() : null,
  sanctionReason: u.sanctionReason,
  premod: u.premod,
});

function readPrior(v: unknown): SanctionPrior | null {
  if (!v || typeof v !== 'object') return null;
  const p = v as Partial<SanctionPrior>;
  if (!['active', 'banned', 'suspended'].includes(p.status as string) || typeof p.premod !== 'boolean') return null;
  return { status: p.status!, suspendedUntil: p.suspendedUntil ?? null, sanctionReason: p.sanctionReason ?? null, premod: p.premod };
}

/** Tells the site's moderators how a user now stands (their desks update the author's badge and an open user panel). */
export function notifyStanding(tx: Tx, siteId: string, user: UserRecord): void {
  tx.notify('user.sanctioned', { moderation: siteId }, { user: userView(user) });
}

/**
 * Undoes a moderator's latest sanction on a user (ban, unban, suspend, premod, unpremod): the user
 * goes back to how they stood before it, logged as `user.undo`. As with a decision's undo, only the
 * moderator who sanctioned may undo, within UNDO_WINDOW_MS, and only while nothing has changed since.
 */
@Injectable()
export class SanctionUndo {
  constructor(
    private readonly txs: TxService,
    private readonly users: UsersService,
    private readonly userRows: UsersRepository,
    private readonly log: ModerationLog,
  ) {}

  async undo(userId: string, actor: Viewer): Promise<{ user: ModeratedUserView; undone: string }> {
    await this.users.requireActiveStaff(actor);
    return this.txs.run(async (tx) => {
      const m = tx.manager;
      const site = actor.siteId;
      const user = await this.userRows.find(site, userId, m, true);
      if (!user) throw notFound('USER_NOT_FOUND', `No user ${userId}`);
      const last = await this.log.lastSanction(m, site, userId);
      const prior = last ? readPrior(last.prior) : null;
      if (!last || last.action === 'user.undo' || !prior) throw conflict('NOTHING_TO_UNDO', 'This user has no sanction to undo');
      if (last.actorId !== actor.id) throw conflict('UNDO_NOT_YOURS', 'Only the moderator who made the sanction can undo it');
      if (Date.now() - last.createdAt.getTime() > UNDO_WINDOW_MS) throw conflict('UNDO_EXPIRED', 'The sanction is too old to undo');
      if (describeSanctions(user) !== last.toStatus) throw conflict('UNDO_STALE', 'The user has changed since that sanction');
      const change: SanctionChange = {
        status: prior.status,
        suspendedUntil: prior.suspendedUntil ? new Date(prior.suspendedUntil) : null,
        sanctionReason: prior.sanctionReason,
        premod: prior.premod,
      };
      const updated = await this.userRows.applySanction(m, site, userId, change);
      // Back to a ban or a suspension: the same domain event as the sanction itself.
      if (updated.status !== user.status) tx.events(sanctionEvents(site, updated.status === 'banned' ? 'ban' : 'suspend', updated, actor.id));
      notifyStanding(tx, site, updated);
      await this.log.write(m, {
        siteId: site,
        actorId: actor.id,
        action: 'user.undo',
        userId,
        fromStatus: describeSanctions(user),
        toStatus: describeSanctions(updated),
        reason: `${last.action} undone`,
      });
      return { user: userView(updated), undone: last.action };
    });
  }
}
