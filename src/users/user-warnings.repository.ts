import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { UserWarningView } from '../common/contract';
import { queryRows } from '../common/sql';

interface WarningRow {
  id: string;
  message: string;
  actor_name: string;
  created_at: Date;
  acknowledged_at: Date | null;
}

const COLUMNS = `id, message, actor_name, created_at, acknowledged_at`;

const toView = (r: WarningRow): UserWarningView => ({
  id: String(r.id),
  message: r.message,
  from: r.actor_name,
  createdAt: new Date(r.created_at).toISOString(),
  acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
});

/** Owns the SQL of `user_warnings`: moderators' warnings to a reader of one site and their acknowledgement. */
@Injectable()
export class UserWarnings {
  constructor(private readonly ds: DataSource) {}

  async add(m: EntityManager, siteId: string, userId: string, actor: { id: string; name: string }, message: string): Promise<UserWarningView> {
    const [row] = await queryRows<WarningRow>(
      m,
      `INSERT INTO user_warnings (site_id, user_id, actor_id, actor_name, message) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [siteId, userId, actor.id, actor.name, message],
    );
    return toView(row);
  }

  /** The reader's latest warning not acknowledged yet, or null. */
  async pending(siteId: string, userId: string, m: EntityManager = this.ds.manager): Promise<UserWarningView | null> {
    const [row] = await queryRows<WarningRow>(
      m,
      `SELECT ${COLUMNS} FROM user_warnings WHERE site_id = $1 AND user_id = $2 AND acknowledged_at IS NULL ORDER BY site_id, user_id, id DESC LIMIT 1`,
      [siteId, userId],
    );
    return row ? toView(row) : null;
  }

  /** Acknowledges every open warning of the reader; returns those it acknowledged, oldest first. */
  async acknowledge(m: EntityManager, siteId: string, userId: string): Promise<UserWarningView[]> {
    const rows = await queryRows<WarningRow>(
      m,
      `UPDATE user_warnings SET acknowledged_at = now() WHERE site_id = $1 AND user_id = $2 AND acknowledged_at IS NULL RETURNING ${COLUMNS}`,
      [siteId, userId],
    );
    return rows.map(toView).sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** The reader's warnings, newest first, `limit` at most. */
  async list(siteId: string, userId: string, limit = 50): Promise<UserWarningView[]> {
    const rows = await queryRows<WarningRow>(
      this.ds.manager,
      `SELECT ${COLUMNS} FROM user_warnings WHERE site_id = $1 AND user_id = $2 ORDER BY site_id, user_id, id DESC LIMIT $3`,
      [siteId, userId, limit],
    );
    return rows.map(toView);
  }
}
