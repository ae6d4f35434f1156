import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { StaffAuditAction } from './staff-types';

export interface AuditEntry {
  action: StaffAuditAction;
  staffId?: string | null;
  email?: string | null;
  siteId?: string | null;
  ip?: string | null;
  detail?: string | null;
}

/** Owns the SQL of `staff_audit`: append only. */
@Injectable()
export class StaffAuditRepository {
  constructor(private readonly ds: DataSource) {}

  async record(e: AuditEntry, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(`INSERT INTO staff_audit (staff_id, email, action, site_id, ip, detail) VALUES ($1, $2, $3, $4, $5, $6)`, [
      e.staffId ?? null,
      e.email?.slice(0, 320) ?? null,
      e.action,
      e.siteId ?? null,
      e.ip ?? null,
      e.detail ?? null,
    ]);
  }
}
