import { Injectable } from '@nestjs/common';
import { forbidden } from '../common/api-error';
import type { Viewer } from '../common/viewer';
import { UserRecord, UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  /** Creates or refreshes the user row from verified token claims and returns it. */
  upsert(viewer: Viewer): Promise<UserRecord> {
    return this.users.upsert(viewer);
  }

  /** Upserts the writer and refuses banned or currently suspended users (they may still read). */
  async requireWriter(viewer: Viewer): Promise<UserRecord> {
    const user = await this.users.upsert(viewer);
    if (user.status === 'banned') throw forbidden('USER_BANNED', 'This account is banned from commenting');
    if (user.status === 'suspended' && user.suspendedUntil && user.suspendedUntil > new Date()) {
      throw forbidden('USER_SUSPENDED', `This account is suspended until ${user.suspendedUntil.toISOString()}`);
    }
    return user;
  }
}

/** The sanctions as the log and the user panel describe them: status, plus premod when set. */
export function describeSanctions(user: Pick<UserRecord, 'status' | 'premod'>): string {
  return user.premod ? `${user.status}+premod` : user.status;
}
