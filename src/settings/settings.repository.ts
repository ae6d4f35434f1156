import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../common/sql';
import { LogEntryInput, ModerationLog } from '../moderation-log/moderation-log.repository';
import type { SiteSettingsPatch } from './site-settings';

/**
 * The stored row's version: its `updated_at` in microseconds, which every change moves strictly
 * forward (see change()), so two versions compare as the changes they stand for.
 */
const VERSION = `(extract(epoch FROM updated_at) * 1000000)::bigint::text`;

/** Owns the SQL of the `settings` table, one row per site: the stored policy, as sent (merged with defaults on read). */
@Injectable()
export class SettingsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ModerationLog,
  ) {}

  /** Every site's stored policy with its version. */
  async loadAll(): Promise<{ siteId: string; value: SiteSettingsPatch; version: string }[]> {
    return queryRows<{ siteId: string; value: SiteSettingsPatch; version: string }>(
      this.ds.manager,
      `SELECT site_id AS "siteId", value, ${VERSION} AS version FROM settings`,
    );
  }

  /** Every site's stored version: what each instance polls to notice a change made elsewhere. */
  async versions(): Promise<Map<string, string>> {
    const rows = await queryRows<{ siteId: string; version: string }>(this.ds.manager, `SELECT site_id AS "siteId", ${VERSION} AS version FROM settings`);
    return new Map(rows.map((r) => [r.siteId, r.version]));
  }

  /**
   * Reads the stored value under the row lock and writes what `change` makes of it, with the
   * moderation-log entry `entry` makes of the two (if any) in the same transaction.
   */
  async change(
    siteId: string,
    change: (stored: SiteSettingsPatch) => object,
    entry?: (stored: SiteSettingsPatch, next: object) => LogEntryInput | null,
  ): Promise<void> {
    await this.ds.transaction(async (m) => {
      const [row] = await queryRows<{ value: SiteSettingsPatch }>(m, `SELECT value FROM settings WHERE site_id = $1 FOR UPDATE`, [siteId]);
      const next = change(row?.value ?? {});
      const logged = entry?.(row?.value ?? {}, next);
      if (logged) await this.log.write(m, logged);
      // Strictly later than the version it replaces, even if the clock says otherwise.
      await m.query(`UPDATE settings SET value = $1, updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond') WHERE site_id = $2`, [
        JSON.stringify(next),
        siteId,
      ]);
    });
  }
}
