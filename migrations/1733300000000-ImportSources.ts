import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports remember which comment each item of a source became, so running an export again adds
 * only what is new: (site, source format, the source's own id) → comment. Deleting the comment
 * forgets it.
 */
export class ImportSources1733300000000 implements MigrationInterface {
  name = 'ImportSources1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE import_sources (
      site_id text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
      source text NOT NULL,
      source_id text NOT NULL,
      comment_id uuid NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT import_sources_pkey PRIMARY KEY (site_id, source, source_id)
    )`);
    await q.query(`CREATE INDEX import_sources_comment ON import_sources (comment_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS import_sources`);
  }
}
