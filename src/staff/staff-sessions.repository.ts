import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../common/sql';
import { ClientInfo, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_MS } from './staff-types';

/** A live session: the row that a cookie's token hashes to, not revoked, idle or past its end. */
export interface SessionRecord {
  id: string;
  staffId: string;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

interface SessionRow {
  id: string;
  staff_id: string;
  csrf_token: string;
  expires_at: Date;
  last_seen_at: Date;
}

const toSessionRecord = (r: SessionRow): SessionRecord => ({
  id: r.id,
  staffId: r.staff_id,
  csrfToken: r.csrf_token,
  expiresAt: new Date(r.expires_at),
  lastSeenAt: new Date(r.last_seen_at),
});

/** Owns the SQL of `staff_sessions`. Ids are SHA-256 hashes of the cookie tokens. */
@Injectable()
export class StaffSessionsRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(m: EntityManager, id: string, staffId: string, csrfToken: string, client: ClientInfo): Promise<SessionRecord> {
    // Ended sessions of this member are dropped as a new one starts: the table holds live ones, the audit keeps the history.
    await m.query(`DELETE FROM staff_sessions WHERE staff_id = $1 AND (revoked_at IS NOT NULL OR expires_at < now())`, [staffId]);
    const [row] = await queryRows<SessionRow>(
      m,
      `INSERT INTO staff_sessions (id, staff_id, csrf_token, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6) RETURNING *`,
      [id, staffId, csrfToken, SESSION_ABSOLUTE_MS / 1000, client.ip, client.userAgent?.slice(0, 500) ?? null],
    );
    return toSessionRecord(row);
  }

  /** The live session with this id, if any; its last_seen_at is moved on at most once a minute. */
  async findLive(id: string): Promise<SessionRecord | null> {
    const [row] = await queryRows<SessionRow>(
      this.ds.manager,
      `SELECT s.* FROM staff_sessions s JOIN staff st ON st.id = s.staff_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(secs => $2) AND st.disabled_at IS NULL`,
      [id, SESSION_IDLE_MS / 1000],
    );
    if (!row) return null;
    const session = toSessionRecord(row);
    if (Date.now() - session.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
      await this.ds.query(`UPDATE staff_sessions SET last_seen_at = now() WHERE id = $1`, [id]);
    }
    return session;
  }

  async revoke(id: string): Promise<void> {
    await this.ds.query(`UPDATE staff_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  }

  /** Ends every session of the member; returns how many were live. */
  async revokeAll(staffId: string, m: EntityManager = this.ds.manager): Promise<number> {
    const rows = await queryRows(m, `UPDATE staff_sessions SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL RETURNING id`, [staffId]);
    return rows.length;
  }
}
