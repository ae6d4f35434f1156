import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { forbidden } from '../common/api-error';
import type { UserWarningView } from '../common/contract';
import type { Role, Viewer } from '../common/viewer';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { UserWarnings } from './user-warnings.repository';
import { SignedInUser, UserRecord, UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly warnings: UserWarnings,
    private readonly ds: DataSource,
    private readonly log: ModerationLog,
  ) {}

  /** Creates or refreshes the user row from verified token claims and returns it; a token older than the account's deletion is refused. */
  async upsert(viewer: Viewer): Promise<SignedInUser> {
    const user = await this.users.upsert(viewer);
    if (!user) throw forbidden('ACCOUNT_DELETED', 'This account was deleted; sign in again to start a new one');
    return user;
  }

  /**
   * Upserts a staff member about to act. A ban or a running suspension takes moderation powers
   * too: the publisher's token may still say moderator, the user row says otherwise.
   */
  async requireActiveStaff(viewer: Viewer): Promise<UserRecord> {
    const user = await this.upsert(viewer);
    if (isSanctioned(user)) throw forbidden('STAFF_SANCTIONED', 'This account is banned or suspended and cannot moderate');
    return user;
  }

  /** Upserts the writer and refuses banned or currently suspended users (they may still read). */
  async requireWriter(viewer: Viewer): Promise<SignedInUser> {
    const user = await this.upsert(viewer);
    if (user.status === 'banned') throw forbidden('USER_BANNED', 'This account is banned from commenting');
    if (isSanctioned(user)) throw forbidden('USER_SUSPENDED', `This account is suspended until ${user.suspendedUntil?.toISOString()}`);
    return user;
  }

  /** A writer about to post or edit: also refused while a moderator's warning waits to be acknowledged. */
  async requirePoster(viewer: Viewer): Promise<UserRecord> {
    const user = await this.requireWriter(viewer);
    // Read with the upsert: a round trip less on every post.
    if (user.warned) {
      throw forbidden('WARNING_UNACKNOWLEDGED', 'A moderator has warned you: read and acknowledge the warning (POST /me/warning/ack) before posting again');
    }
    return user;
  }

  /**
   * Inside the write's transaction, before it writes: the poster's row locked and their account
   * still standing. A DELETE /me that committed after `requirePoster` is seen here (the same
   * refusal as a token older than the deletion), so nothing is left under the deleted account.
   * The lock also makes one author's posts take turns to commit, which the flood check at insert
   * (ModerationPipeline.confirmFlood) relies on.
   */
  async lockPoster(m: EntityManager, viewer: Viewer): Promise<void> {
    if (!(await this.users.lockActive(m, viewer.siteId, viewer.id))) {
      throw forbidden('ACCOUNT_DELETED', 'This account was deleted; sign in again to start a new one');
    }
  }

  /** The reader's warning not acknowledged yet, or null. */
  pendingWarning(siteId: string, userId: string): Promise<UserWarningView | null> {
    return this.warnings.pending(siteId, userId);
  }

  /** The reader acknowledges their open warnings (none is no error), each logged as `user.warning_acknowledged`. */
  async acknowledgeWarnings(viewer: Viewer): Promise<UserWarningView[]> {
    return this.ds.transaction(async (m) => {
      const done = await this.warnings.acknowledge(m, viewer.siteId, viewer.id);
      for (const w of done) {
        await this.log.write(m, { siteId: viewer.siteId, actorId: viewer.id, action: 'user.warning_acknowledged', userId: viewer.id, reason: w.message });
      }
      return done;
    });
  }
}

/** Banned, or suspended with the suspension still running. */
export function isSanctioned(user: Pick<UserRecord, 'status' | 'suspendedUntil'>, now = new Date()): boolean {
  return user.status === 'banned' || (user.status === 'suspended' && !!user.suspendedUntil && user.suspendedUntil > now);
}

const ROLE_RANK: Record<Role, number> = { reader: 0, moderator: 1, admin: 2 };

/** Staff sanction only those below them: never themselves, an equal or a higher role. */
export function maySanction(actor: Pick<Viewer, 'id' | 'role'>, target: Pick<UserRecord, 'id' | 'role'>): boolean {
  return actor.id !== target.id && ROLE_RANK[actor.role] > ROLE_RANK[target.role];
}

/** The sanctions as the log and the user panel describe them: status, plus premod when set. */
export function describeSanctions(user: Pick<UserRecord, 'status' | 'premod'>): string {
  return user.premod ? `${user.status}+premod` : user.status;
}
