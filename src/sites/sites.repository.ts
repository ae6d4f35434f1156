import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../common/sql';

interface SiteRow {
  id: string;
  name: string;
  origins: string[];
  hs_secrets: string[];
  rs_public_key: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A site as stored: its identity settings included (they never leave the service unmasked but once). */
export interface SiteRecord {
  id: string;
  name: string;
  origins: string[];
  hsSecrets: string[];
  rsPublicKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SitePatch {
  name?: string;
  origins?: string[];
  /** null removes the key. */
  rsPublicKey?: string | null;
}

const toRecord = (r: SiteRow): SiteRecord => ({
  id: r.id,
  name: r.name,
  origins: r.origins,
  hsSecrets: r.hs_secrets,
  rsPublicKey: r.rs_public_key,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Strictly later than the version it replaces, even if the clock says otherwise (see version()). */
const TOUCH = `updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')`;

/** Owns the SQL of `sites`, and of the per-site rows a new site starts with (settings, queue counters). */
@Injectable()
export class SitesRepository {
  constructor(private readonly ds: DataSource) {}

  async list(m: EntityManager = this.ds.manager): Promise<SiteRecord[]> {
    return (await queryRows<SiteRow>(m, `SELECT * FROM sites ORDER BY created_at, id`)).map(toRecord);
  }

  async find(id: string, m: EntityManager = this.ds.manager): Promise<SiteRecord | null> {
    const [row] = await queryRows<SiteRow>(m, `SELECT * FROM sites WHERE id = $1`, [id]);
    return row ? toRecord(row) : null;
  }

  /** What each instance polls to notice a change made elsewhere: moves with every insert and change. */
  async version(): Promise<string> {
    const [row] = await queryRows<{ v: string }>(this.ds.manager, `SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') AS v FROM sites`);
    return row?.v ?? '';
  }

  /** A new site with its settings and counters rows; null when the id is taken. */
  async create(id: string, name: string, firstSecret: string): Promise<SiteRecord | null> {
    return this.ds.transaction(async (m) => {
      const [row] = await queryRows<SiteRow>(m, `INSERT INTO sites (id, name, hs_secrets) VALUES ($1, $2, ARRAY[$3]) ON CONFLICT (id) DO NOTHING RETURNING *`, [
        id,
        name,
        firstSecret,
      ]);
      if (!row) return null;
      await m.query(`INSERT INTO settings (site_id) VALUES ($1)`, [id]);
      await m.query(`INSERT INTO site_counters (site_id) VALUES ($1)`, [id]);
      return toRecord(row);
    });
  }

  async update(id: string, patch: SitePatch): Promise<SiteRecord | null> {
    const [row] = await queryRows<SiteRow>(
      this.ds.manager,
      `UPDATE sites SET name = coalesce($2, name), origins = coalesce($3, origins),
         rs_public_key = CASE WHEN $4 THEN $5 ELSE rs_public_key END, ${TOUCH}
       WHERE id = $1 RETURNING *`,
      [id, patch.name ?? null, patch.origins ?? null, patch.rsPublicKey !== undefined, patch.rsPublicKey ?? null],
    );
    return row ? toRecord(row) : null;
  }

  /** Adds a secret in front (new tokens are signed with it; the others stay valid). */
  async addSecret(id: string, secret: string): Promise<SiteRecord | null> {
    const [row] = await queryRows<SiteRow>(this.ds.manager, `UPDATE sites SET hs_secrets = $2::text || hs_secrets, ${TOUCH} WHERE id = $1 RETURNING *`, [
      id,
      secret,
    ]);
    return row ? toRecord(row) : null;
  }

  async setSecrets(id: string, secrets: string[]): Promise<SiteRecord | null> {
    const [row] = await queryRows<SiteRow>(this.ds.manager, `UPDATE sites SET hs_secrets = $2, ${TOUCH} WHERE id = $1 RETURNING *`, [id, secrets]);
    return row ? toRecord(row) : null;
  }
}
