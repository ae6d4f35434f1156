import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { forbidden } from '../common/api-error';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(private readonly ds: DataSource) {}

  /** Creates or refreshes the user row from verified token claims and returns it. */
  async upsert(viewer: Viewer): Promise<User> {
    const [row] = await this.ds.query(
      `INSERT INTO users (id, name, email, role, status, premod) VALUES ($1, $2, $3, $4, 'active', false)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, role = EXCLUDED.role,
         updated_at = CASE WHEN (users.name, users.email, users.role) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.role)
                           THEN now() ELSE users.updated_at END
       RETURNING *`,
      [viewer.id, viewer.name, viewer.email, viewer.role],
    );
    return this.ds.getRepository(User).create({
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      status: row.status,
      suspendedUntil: row.suspended_until,
      sanctionReason: row.sanction_reason,
      premod: row.premod,
      approvedCount: row.approved_count,
      rejectedCount: row.rejected_count,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  }

  /** Upserts the writer and refuses banned or currently suspended users (they may still read). */
  async requireWriter(viewer: Viewer): Promise<User> {
    const user = await this.upsert(viewer);
    if (user.status === 'banned') throw forbidden('USER_BANNED', 'This account is banned from commenting');
    if (user.status === 'suspended' && user.suspendedUntil && new Date(user.suspendedUntil) > new Date()) {
      throw forbidden('USER_SUSPENDED', `This account is suspended until ${new Date(user.suspendedUntil).toISOString()}`);
    }
    return user;
  }

}
