import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { prepared, queryRows } from '../common/sql';
import type { Role, Viewer } from '../common/viewer';

export type UserStatus = 'active' | 'banned' | 'suspended';

/** A `users` row as the services use it. */
export interface UserRecord {
  siteId: string;
  id: string;
  name: string;
  email: string | null;
  role: Role;
  status: UserStatus;
  suspendedUntil: Date | null;
  sanctionReason: string | null;
  premod: boolean;
  approvedCount: number;
  rejectedCount: number;
  createdAt: Date;
  updatedAt: Date;
}

interface UserRow {
  site_id: string;
  id: string;
  name: string;
  email: string | null;
  role: Role;
  status: UserStatus;
  suspended_until: Date | null;
  sanction_reason: string | null;
  premod: boolean;
  approved_count: number;
  rejected_count: number;
  created_at: Date;
  updated_at: Date;
}

/** A user as a signed-in request finds them: with whether a moderator's warning waits to be acknowledged. */
export interface SignedInUser extends UserRecord {
  warned: boolean;
}

/** The sanction columns a moderator may change. */
export interface SanctionChange {
  status?: UserStatus;
  suspendedUntil?: Date | null;
  sanctionReason?: string | null;
  premod?: boolean;
}

const SANCTION_COLUMNS: Record<keyof SanctionChange, string> = {
  status: 'status',
  suspendedUntil: 'suspended_until',
  sanctionReason: 'sanction_reason',
  premod: 'premod',
};

export const toUserRecord = (r: UserRow): UserRecord => ({
  siteId: r.site_id,
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  status: r.status,
  suspendedUntil: r.suspended_until ? new Date(r.suspended_until) : null,
  sanctionReason: r.sanction_reason,
  premod: r.premod,
  approvedCount: Number(r.approved_count),
  rejectedCount: Number(r.rejected_count),
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/** The columns of a UserRow, for statements that return them. */
const USER_COLUMNS = `site_id, id, name, email, role, status, suspended_until, sanction_reason, premod, approved_count, rejected_count, created_at, updated_at`;

/** Every signed-in write runs it first. */
const UPSERT = prepared(
  `INSERT INTO users (site_id, id, name, email, role, status, premod) VALUES ($5, $1, $2, $3, $4, 'active', false)
   ON CONFLICT (site_id, id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, role = EXCLUDED.role, deleted_at = NULL,
     email_seen_at = CASE WHEN EXCLUDED.email IS NOT NULL THEN now() ELSE users.email_seen_at END,
     updated_at = CASE WHEN (users.name, users.email, users.role) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.role)
                       THEN now() ELSE users.updated_at END
   WHERE users.deleted_at IS NULL OR users.deleted_at < to_timestamp($6::double precision)
   RETURNING ${USER_COLUMNS}, EXISTS (SELECT 1 FROM user_warnings w WHERE w.site_id = users.site_id AND w.user_id = users.id AND w.acknowledged_at IS NULL) AS warned`,
);
const LOCK_ACTIVE = prepared(`SELECT deleted_at IS NOT NULL AS deleted FROM users WHERE site_id = $1 AND id = $2 FOR NO KEY UPDATE`);
const BUMP_TALLIES = prepared(
  `UPDATE users SET approved_count = approved_count + $2, rejected_count = rejected_count + $3 WHERE site_id = $4 AND id = $1 RETURNING ${USER_COLUMNS}`,
);

/** Owns the SQL of the `users` table. */
@Injectable()
export class UsersRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Creates or refreshes the row from verified token claims (on the site the viewer holds on).
   * Null when the account was deleted after the token was issued (or the token has no `iat`): such
   * a token restores nothing. A token issued after the deletion re-creates the account on the
   * scrubbed row, which holds no comments, counts or trust of the old one.
   */
  async upsert(viewer: Viewer): Promise<SignedInUser | null> {
    const [row] = await queryRows<UserRow & { warned: boolean }>(this.ds.manager, UPSERT, [
      viewer.id,
      viewer.name,
      viewer.email,
      viewer.role,
      viewer.siteId,
      viewer.issuedAt ?? null,
    ]);
    return row ? { ...toUserRecord(row), warned: row.warned } : null;
  }

  /**
   * Locks the author's row for a write in `m` and says whether the account still stands (it exists
   * and is not deleted). A deletion locks the same row first, so a write that passed its checks
   * before a deletion committed learns of it here instead of writing under the deleted account.
   */
  async lockActive(m: EntityManager, siteId: string, id: string): Promise<boolean> {
    const [row] = await queryRows<{ deleted: boolean }>(m, LOCK_ACTIVE, [siteId, id]);
    return !!row && !row.deleted;
  }

  async find(siteId: string, id: string, m: EntityManager = this.ds.manager, lock = false): Promise<UserRecord | null> {
    const [row] = await queryRows<UserRow>(m, `SELECT * FROM users WHERE site_id = $2 AND id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id, siteId]);
    return row ? toUserRecord(row) : null;
  }

  async findMany(m: EntityManager, siteId: string, ids: string[]): Promise<UserRecord[]> {
    const rows = await queryRows<UserRow>(m, `SELECT * FROM users WHERE site_id = $2 AND id = ANY($1)`, [ids, siteId]);
    return rows.map(toUserRecord);
  }

  async applySanction(m: EntityManager, siteId: string, id: string, change: SanctionChange): Promise<UserRecord> {
    const keys = (Object.keys(change) as (keyof SanctionChange)[]).filter((k) => change[k] !== undefined);
    const [row] = await queryRows<UserRow>(
      m,
      `UPDATE users SET ${keys.map((k, i) => `${SANCTION_COLUMNS[k]} = $${i + 3}`).join(', ')}, updated_at = now() WHERE site_id = $2 AND id = $1 RETURNING *`,
      [id, siteId, ...keys.map((k) => change[k])],
    );
    return toUserRecord(row);
  }

  /** Keeps the author's approved/rejected tallies in step with a comment's status change. */
  async bumpTallies(m: EntityManager, siteId: string, id: string, approved: number, rejected: number): Promise<UserRecord> {
    const [row] = await queryRows<UserRow>(m, BUMP_TALLIES, [id, approved, rejected, siteId]);
    return toUserRecord(row);
  }

  /** Recomputes the tallies from the comments; returns how many rows were off. */
  async repairTallies(m: EntityManager): Promise<number> {
    const fixed = await queryRows(
      m,
      `WITH real AS (
         SELECT u.site_id, u.id, count(c.id) FILTER (WHERE c.status = 'approved')::int AS a, count(c.id) FILTER (WHERE c.status = 'rejected')::int AS r
         FROM users u LEFT JOIN comments c ON c.site_id = u.site_id AND c.author_id = u.id GROUP BY u.site_id, u.id
       )
       UPDATE users u SET approved_count = real.a, rejected_count = real.r FROM real
       WHERE real.site_id = u.site_id AND real.id = u.id AND (u.approved_count, u.rejected_count) IS DISTINCT FROM (real.a, real.r) RETURNING u.id`,
    );
    return fixed.length;
  }
}
