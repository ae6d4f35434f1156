import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { queryRows } from '../common/sql';
import type { SiteRoleView } from '../common/staff-contract';
import type { StaffRole } from './staff-types';

/** A `staff` row with its roles, as the services use it. */
export interface StaffRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnabled: boolean;
  owner: boolean;
  createdAt: Date;
  disabledAt: Date | null;
  roles: SiteRoleView[];
}

interface StaffRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  owner: boolean;
  created_at: Date;
  disabled_at: Date | null;
  roles: SiteRoleView[] | string | null;
}

/** The row with its roles (site order) as one JSON array. */
const SELECT_STAFF = `SELECT s.*, COALESCE((SELECT json_agg(json_build_object('siteId', r.site_id, 'role', r.role) ORDER BY r.site_id)
                                             FROM site_staff r WHERE r.staff_id = s.id), '[]') AS roles
                        FROM staff s`;

export const toStaffRecord = (r: StaffRow): StaffRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  passwordHash: r.password_hash,
  totpSecret: r.totp_secret,
  totpEnabled: r.totp_enabled,
  owner: r.owner,
  createdAt: new Date(r.created_at),
  disabledAt: r.disabled_at ? new Date(r.disabled_at) : null,
  roles: typeof r.roles === 'string' ? (JSON.parse(r.roles) as SiteRoleView[]) : (r.roles ?? []),
});

/** The role a staff member holds on a site: an owner is admin everywhere; null for none. */
export function roleOn(staff: Pick<StaffRecord, 'owner' | 'roles'>, siteId: string): StaffRole | null {
  if (staff.owner) return 'admin';
  return staff.roles.find((r) => r.siteId === siteId)?.role ?? null;
}

/** Owns the SQL of `staff`, `site_staff` and `sites`. */
@Injectable()
export class StaffRepository {
  constructor(private readonly ds: DataSource) {}

  async findById(id: string, m: EntityManager = this.ds.manager, lock = false): Promise<StaffRecord | null> {
    const [row] = await queryRows<StaffRow>(m, `${SELECT_STAFF} WHERE s.id = $1 ${lock ? 'FOR UPDATE OF s' : ''}`, [id]);
    return row ? toStaffRecord(row) : null;
  }

  async findByEmail(email: string, m: EntityManager = this.ds.manager, lock = false): Promise<StaffRecord | null> {
    const [row] = await queryRows<StaffRow>(m, `${SELECT_STAFF} WHERE lower(s.email) = lower($1) ${lock ? 'FOR UPDATE OF s' : ''}`, [email.trim()]);
    return row ? toStaffRecord(row) : null;
  }

  /**
   * A new staff member; `passwordHash` null until they set one. Another with the same address is a
   * unique violation. `id` (a site restored from its export keeps its staff's ids) must be free.
   */
  async insert(
    m: EntityManager,
    fields: { email: string; name: string; passwordHash: string | null; owner?: boolean; id?: string; disabled?: boolean },
  ): Promise<StaffRecord> {
    const id = fields.id ?? newId();
    await m.query(`INSERT INTO staff (id, email, name, password_hash, owner, disabled_at) VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END)`, [
      id,
      fields.email.trim(),
      fields.name,
      fields.passwordHash,
      fields.owner ?? false,
      fields.disabled ?? false,
    ]);
    return (await this.findById(id, m))!;
  }

  /** Staff members holding a role on the site, and every owner, by name. */
  async listForSite(siteId: string): Promise<StaffRecord[]> {
    const rows = await queryRows<StaffRow>(
      this.ds.manager,
      `${SELECT_STAFF} WHERE s.owner OR EXISTS (SELECT 1 FROM site_staff r WHERE r.staff_id = s.id AND r.site_id = $1)
       ORDER BY lower(s.name), s.id`,
      [siteId],
    );
    return rows.map(toStaffRecord);
  }

  async setPassword(m: EntityManager, id: string, passwordHash: string): Promise<void> {
    await m.query(`UPDATE staff SET password_hash = $2, updated_at = now() WHERE id = $1`, [id, passwordHash]);
  }

  async setOwner(m: EntityManager, id: string, owner: boolean): Promise<void> {
    await m.query(`UPDATE staff SET owner = $2, updated_at = now() WHERE id = $1`, [id, owner]);
  }

  async setName(m: EntityManager, id: string, name: string): Promise<void> {
    await m.query(`UPDATE staff SET name = $2, updated_at = now() WHERE id = $1`, [id, name]);
  }

  /** Starts (secret, not enabled), enables (secret kept, enabled) or clears (null, disabled) the second factor. */
  async setTotp(id: string, secret: string | null, enabled: boolean): Promise<void> {
    await this.ds.query(`UPDATE staff SET totp_secret = $2, totp_enabled = $3, updated_at = now() WHERE id = $1`, [id, secret, enabled]);
  }

  /** Grants a role on a site; an existing role is replaced, except that `keepHigher` never demotes an admin. */
  async grant(m: EntityManager, siteId: string, staffId: string, role: StaffRole, keepHigher = false): Promise<void> {
    await m.query(
      `INSERT INTO site_staff (site_id, staff_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (site_id, staff_id) DO UPDATE SET role = CASE WHEN $4 AND site_staff.role = 'admin' THEN 'admin' ELSE EXCLUDED.role END`,
      [siteId, staffId, role, keepHigher],
    );
  }

  async revoke(m: EntityManager, siteId: string, staffId: string): Promise<void> {
    await m.query(`DELETE FROM site_staff WHERE site_id = $1 AND staff_id = $2`, [siteId, staffId]);
  }

  /**
   * Serializes role changes on one site for the rest of the transaction: two admins demoting each
   * other at once must not both succeed and leave the site with none.
   */
  async lockSiteRoles(m: EntityManager, siteId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('parley:site_staff'), hashtext($1))`, [siteId]);
  }

  /** Who can still administer the site: its admins that are not disabled, plus the owners. */
  async countAdministrators(m: EntityManager, siteId: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      m,
      `SELECT count(*)::int AS n FROM staff s
        WHERE s.disabled_at IS NULL
          AND (s.owner OR EXISTS (SELECT 1 FROM site_staff r WHERE r.staff_id = s.id AND r.site_id = $1 AND r.role = 'admin'))`,
      [siteId],
    );
    return Number(row.n);
  }

  async siteExists(siteId: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    const rows = await queryRows(m, `SELECT 1 FROM sites WHERE id = $1`, [siteId]);
    return rows.length > 0;
  }
}
