import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MuteView } from '../common/mute-contract';
import { queryRows } from '../common/sql';

interface MuteJoinRow {
  muted_id: string;
  name: string;
  created_at: Date;
}

const toView = (r: MuteJoinRow): MuteView => ({ userId: r.muted_id, name: r.name, mutedAt: new Date(r.created_at).toISOString() });

/** What `add` did: muted now, muted already (nothing changed), or refused because the reader is at `max`. */
export type MuteAdded = { outcome: 'added' | 'exists'; mute: MuteView } | { outcome: 'full' };

/**
 * Owns the SQL of `mutes`: whom each reader of a site chose not to see. Besides the reader's own
 * list, `mutedBy` and `whoMuted` answer for other features (a notification from a muted reader,
 * a mention by one) whether a reader muted an author.
 */
@Injectable()
export class MutesRepository {
  constructor(private readonly ds: DataSource) {}

  /** The reader's mutes, newest first, after the cursor's (createdAt, mutedId), `limit` + 1 rows. */
  async list(siteId: string, userId: string, limit: number, after: [string, string] | null): Promise<(MuteView & { key: [string, string] })[]> {
    const rows = await queryRows<MuteJoinRow & { at: string }>(
      this.ds.manager,
      `SELECT m.muted_id, u.name, m.created_at, to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at
       FROM mutes m JOIN users u ON u.site_id = m.site_id AND u.id = m.muted_id
       WHERE m.site_id = $1 AND m.user_id = $2
         AND ($4::text IS NULL OR (m.created_at, m.muted_id) < (($4::text)::timestamp AT TIME ZONE 'UTC', $5::text))
       ORDER BY m.created_at DESC, m.muted_id DESC LIMIT $3`,
      [siteId, userId, limit + 1, after?.[0] ?? null, after?.[1] ?? null],
    );
    return rows.map((r) => ({ ...toView(r), key: [r.at, r.muted_id] }));
  }

  /**
   * Mutes `mutedId` for `userId` unless the reader already has `max` mutes. The reader's user row is
   * locked meanwhile, so parallel requests count in turn. Both rows must exist (see MutesService).
   */
  add(siteId: string, userId: string, mutedId: string, max: number): Promise<MuteAdded> {
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT 1 FROM users WHERE site_id = $1 AND id = $2 FOR UPDATE`, [siteId, userId]);
      const [existing] = await queryRows<MuteJoinRow>(
        m,
        `SELECT m.muted_id, u.name, m.created_at FROM mutes m JOIN users u ON u.site_id = m.site_id AND u.id = m.muted_id
         WHERE m.site_id = $1 AND m.user_id = $2 AND m.muted_id = $3`,
        [siteId, userId, mutedId],
      );
      if (existing) return { outcome: 'exists', mute: toView(existing) };
      const [{ n }] = await queryRows<{ n: number }>(m, `SELECT count(*)::int AS n FROM mutes WHERE site_id = $1 AND user_id = $2`, [siteId, userId]);
      if (n >= max) return { outcome: 'full' };
      const [row] = await queryRows<MuteJoinRow>(
        m,
        `WITH ins AS (INSERT INTO mutes (site_id, user_id, muted_id) VALUES ($1, $2, $3) RETURNING muted_id, created_at)
         SELECT ins.muted_id, u.name, ins.created_at FROM ins JOIN users u ON u.site_id = $1 AND u.id = ins.muted_id`,
        [siteId, userId, mutedId],
      );
      return { outcome: 'added', mute: toView(row) };
    });
  }

  /** Unmutes; true when there was a mute to remove. */
  async remove(siteId: string, userId: string, mutedId: string): Promise<boolean> {
    const rows = await queryRows(this.ds.manager, `DELETE FROM mutes WHERE site_id = $1 AND user_id = $2 AND muted_id = $3 RETURNING 1`, [
      siteId,
      userId,
      mutedId,
    ]);
    return rows.length > 0;
  }

  /** Whether `userId` muted `authorId` on the site. */
  async mutedBy(siteId: string, userId: string, authorId: string): Promise<boolean> {
    const rows = await queryRows(this.ds.manager, `SELECT 1 FROM mutes WHERE site_id = $1 AND user_id = $2 AND muted_id = $3`, [siteId, userId, authorId]);
    return rows.length > 0;
  }

  /** Of `userIds` (say, the readers about to be told of a reply), those who muted `authorId` on the site. */
  async whoMuted(siteId: string, authorId: string, userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows = await queryRows<{ user_id: string }>(
      this.ds.manager,
      `SELECT user_id FROM mutes WHERE site_id = $1 AND muted_id = $2 AND user_id = ANY($3::text[])`,
      [siteId, authorId, userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }
}
