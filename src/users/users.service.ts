import { Injectable } from '@nestjs/common';
import { forbidden } from '../common/api-error';
import type { Role, Viewer } from '../common/viewer';
import { UserRecord, UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  /** Creates or refreshes the user row from verified token claims and returns it. */
  upsert(viewer: Viewer): Promise<UserRecord> {
    return this.users.upsert(viewer);
  }

  /**
   * Upserts a staff member about to act. A ban or a running suspension takes moderation powers
   * too: the publisher's token may still say moderator, the user row says otherwise.
   */
  async requireActiveStaff(viewer: Viewer): Promise<UserRecord> {
    const user = await this.users.upsert(viewer);
    if (isSanctioned(user)) throw forbidden('STAFF_SANCTIONED', 'This account is banned or suspended and cannot moderate');
    return user;
  }

  /** Upserts the writer and refuses banned or currently suspended users (they may still read). */
  async requireWriter(viewer: Viewer): Promise<UserRecord> {
    const user = await this.users.upsert(viewer);
    if (user.status === 'banned') throw forbidden('USER_BANNED', 'This account is banned from commenting');
    if (isSanctioned(user)) throw forbidden('USER_SUSPENDED', `This account is suspended until ${user.suspendedUntil?.toISOString()}`);
    return user;
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
