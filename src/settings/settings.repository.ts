import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../common/sql';
import type { SiteSettingsPatch } from './site-settings';

/** Owns the SQL of the one-row `settings` table: the stored policy, as sent (merged with defaults on read). */
@Injectable()
export class SettingsRepository {
  constructor(private readonly ds: DataSource) {}

  async load(): Promise<SiteSettingsPatch> {
    const [row] = await queryRows<{ value: SiteSettingsPatch }>(this.ds.manager, `SELECT value FROM settings WHERE id = 1`);
    return row?.value ?? {};
  }

  /** Reads the stored value under the row lock and writes what `change` makes of it. */
  async change(change: (stored: SiteSettingsPatch) => object): Promise<void> {
    await this.ds.transaction(async (m) => {
      const [row] = await queryRows<{ value: SiteSettingsPatch }>(m, `SELECT value FROM settings WHERE id = 1 FOR UPDATE`);
      const next = change(row?.value ?? {});
      await m.query(`UPDATE settings SET value = $1, updated_at = now() WHERE id = 1`, [JSON.stringify(next)]);
    });
  }
}
