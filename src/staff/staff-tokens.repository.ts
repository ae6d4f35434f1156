import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../common/sql';
import type { StaffRole, StaffTokenKind } from './staff-types';

export interface StaffTokenRecord {
  id: string;
  kind: StaffTokenKind;
  email: string;
  staffId: string | null;
  siteId: string | null;
  role: StaffRole | null;
  createdBy: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

interface StaffTokenRow {
  id: string;
  kind: StaffTokenKind;
  email: string;
  staff_id: string | null;
  site_id: string | null;
  role: StaffRole | null;
  created_by: string | null;
  expires_at: Date;
  used_at: Date | null;
}

const toRecord = (r: StaffTokenRow): StaffTokenRecord => ({
  id: r.id,
  kind: r.kind,
  email: r.email,
  staffId: r.staff_id,
  siteId: r.site_id,
  role: r.role,
  createdBy: r.created_by,
  expiresAt: new Date(r.expires_at),
  usedAt: r.used_at ? new Date(r.used_at) : null,
});

/** Owns the SQL of `staff_tokens`: one-time links and exchanged SSO tokens, by the SHA-256 of the token. */
@Injectable()
export class StaffTokensRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(
    m: EntityManager,
    t: { id: string; kind: StaffTokenKind; email: string; staffId?: string | null; siteId?: string | null; role?: StaffRole | null; createdBy?: string | null },
    ttlMs: number,
  ): Promise<StaffTokenRecord> {
    const [row] = await queryRows<StaffTokenRow>(
      m,
      `INSERT INTO staff_tokens (id, kind, email, staff_id, site_id, role, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8)) RETURNING *`,
      [t.id, t.kind, t.email, t.staffId ?? null, t.siteId ?? null, t.role ?? null, t.createdBy ?? null, ttlMs / 1000],
    );
    return toRecord(row);
  }

  /** The link row, locked for the rest of the transaction so it is spent once. */
  async lock(m: EntityManager, id: string, kind: StaffTokenKind): Promise<StaffTokenRecord | null> {
    const [row] = await queryRows<StaffTokenRow>(m, `SELECT * FROM staff_tokens WHERE id = $1 AND kind = $2 FOR UPDATE`, [id, kind]);
    return row ? toRecord(row) : null;
  }

  async markUsed(m: EntityManager, id: string, staffId: string): Promise<void> {
    await m.query(`UPDATE staff_tokens SET used_at = now(), staff_id = $2 WHERE id = $1`, [id, staffId]);
  }

  /** Spends every other unused reset link of the member (a reset, once done, leaves none open). */
  async spendResets(m: EntityManager, staffId: string): Promise<void> {
    await m.query(`UPDATE staff_tokens SET used_at = now() WHERE kind = 'reset' AND staff_id = $1 AND used_at IS NULL`, [staffId]);
  }

  /**
   * Records an SSO token as exchanged, kept until it expires. False when it already was: the
   * primary key makes this hold across concurrent requests and instances.
   */
  async spendSso(m: EntityManager, id: string, email: string, staffId: string, expiresAt: Date): Promise<boolean> {
    // Exchanged tokens past their expiry can no longer be replayed; they need not be kept.
    await m.query(`DELETE FROM staff_tokens WHERE kind = 'sso' AND expires_at < now()`);
    const rows = await queryRows(
      m,
      `INSERT INTO staff_tokens (id, kind, email, staff_id, expires_at, used_at) VALUES ($1, 'sso', $2, $3, $4, now())
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, email, staffId, expiresAt],
    );
    return rows.length === 1;
  }

  /** Whether this SSO token was exchanged already (checked before anything is created for it). */
  async ssoSpent(id: string): Promise<boolean> {
    const rows = await queryRows(this.ds.manager, `SELECT 1 FROM staff_tokens WHERE id = $1 AND kind = 'sso'`, [id]);
    return rows.length > 0;
  }
}
