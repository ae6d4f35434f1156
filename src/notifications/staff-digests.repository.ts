import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { StaffDigestFrequency } from '../common/notification-contract';
import { queryRows } from '../common/sql';

export interface StaffDigestRecord {
  siteId: string;
  staffId: string;
  name: string;
  email: string;
  frequency: Exclude<StaffDigestFrequency, 'off'>;
  lastPeriodAt: Date | null;
}

/** The queues as a digest shows them: sizes, what was held in the period, and the oldest waiting items. */
export interface QueueSnapshot {
  pending: number;
  reported: number;
  heldInPeriod: number;
  oldestPending: WaitingItem | null;
  oldestReported: WaitingItem | null;
}

export interface WaitingItem {
  id: string;
  createdAt: Date;
  authorName: string;
  excerpt: string;
  articleTitle: string | null;
  articleId: string;
}

const ROW = `site_id AS "siteId", staff_id AS "staffId", name, email, frequency, last_period_at AS "lastPeriodAt"`;
const ITEM = `c.id, c.created_at AS "createdAt", coalesce(u.name, '') AS "authorName", left(regexp_replace(c.body, '\\s+', ' ', 'g'), 200) AS excerpt,
  a.title AS "articleTitle", c.article_id AS "articleId"`;
const ITEM_FROM = `comments c
  LEFT JOIN users u ON u.site_id = c.site_id AND u.id = c.author_id
  LEFT JOIN articles a ON a.site_id = c.site_id AND a.id = c.article_id`;

/** The SQL of staff queue digests (`staff_digests`) and of the queue snapshot they send; every query names the site. */
@Injectable()
export class StaffDigestsRepository {
  constructor(private readonly ds: DataSource) {}

  async get(siteId: string, staffId: string): Promise<StaffDigestRecord | null> {
    const [row] = await queryRows<StaffDigestRecord>(this.ds.manager, `SELECT ${ROW} FROM staff_digests WHERE site_id = $1 AND staff_id = $2`, [
      siteId,
      staffId,
    ]);
    return row ?? null;
  }

  async set(m: EntityManager, r: Omit<StaffDigestRecord, 'lastPeriodAt'>): Promise<void> {
    await m.query(
      `INSERT INTO staff_digests (site_id, staff_id, name, email, frequency) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (site_id, staff_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, frequency = EXCLUDED.frequency, updated_at = now()`,
      [r.siteId, r.staffId, r.name, r.email, r.frequency],
    );
  }

  async remove(siteId: string, staffId: string): Promise<void> {
    await this.ds.query(`DELETE FROM staff_digests WHERE site_id = $1 AND staff_id = $2`, [siteId, staffId]);
  }

  /** Every digest asked for, on every site (few rows: one per staff member and site at most). */
  all(): Promise<StaffDigestRecord[]> {
    return queryRows<StaffDigestRecord>(this.ds.manager, `SELECT ${ROW} FROM staff_digests`);
  }

  /** Records the period as sent; false when it was already (so it is never sent twice). */
  async markSent(siteId: string, staffId: string, periodEnd: Date): Promise<boolean> {
    const rows = await queryRows<{ staffId: string }>(
      this.ds.manager,
      `UPDATE staff_digests SET last_period_at = $3 WHERE site_id = $1 AND staff_id = $2 AND (last_period_at IS NULL OR last_period_at < $3)
       RETURNING staff_id AS "staffId"`,
      [siteId, staffId, periodEnd],
    );
    return rows.length > 0;
  }

  /** Whether a staff account (`staff:<uuid>`) still works on the site: not disabled, and an owner or a member of the site. */
  async isMember(siteId: string, staffUuid: string): Promise<boolean> {
    const rows = await queryRows<{ one: number }>(
      this.ds.manager,
      `SELECT 1 AS one FROM staff s WHERE s.id = $2::uuid AND s.disabled_at IS NULL
          AND (s.owner OR EXISTS (SELECT 1 FROM site_staff ss WHERE ss.site_id = $1 AND ss.staff_id = s.id))`,
      [siteId, staffUuid],
    );
    return rows.length > 0;
  }

  /** The site's queues now (sizes from the kept counters, summed over their shards), and what was held between `from` and `to`. */
  async snapshot(siteId: string, from: Date, to: Date): Promise<QueueSnapshot> {
    const m = this.ds.manager;
    const [counts] = await queryRows<{ pending: number; reported: number }>(
      m,
      `SELECT coalesce(sum(pending_count), 0)::int AS pending, coalesce(sum(reported_count), 0)::int AS reported FROM site_counters WHERE site_id = $1`,
      [siteId],
    );
    const [held] = await queryRows<{ n: number }>(
      m,
      `SELECT count(*)::int AS n FROM comments WHERE site_id = $1 AND status = 'pending' AND created_at >= $2 AND created_at < $3`,
      [siteId, from, to],
    );
    const [oldestPending] = await queryRows<WaitingItem>(
      m,
      `SELECT ${ITEM} FROM ${ITEM_FROM} WHERE c.site_id = $1 AND c.status = 'pending' ORDER BY c.created_at, c.id LIMIT 1`,
      [siteId],
    );
    const [oldestReported] = await queryRows<WaitingItem>(
      m,
      `SELECT ${ITEM} FROM ${ITEM_FROM} WHERE c.site_id = $1 AND c.status = 'approved' AND c.open_report_count > 0 ORDER BY c.created_at, c.id LIMIT 1`,
      [siteId],
    );
    return {
      pending: counts?.pending ?? 0,
      reported: counts?.reported ?? 0,
      heldInPeriod: held.n,
      oldestPending: oldestPending ?? null,
      oldestReported: oldestReported ?? null,
    };
  }
}
