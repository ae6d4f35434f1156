import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Domain events (an outbox written in the transaction of the change), the job queue every instance
 * works (claimed with FOR UPDATE SKIP LOCKED, leased, retried), and the sites' webhook endpoints
 * with their deliveries.
 */
export class JobsAndWebhooks1733400000000 implements MigrationInterface {
  name = 'JobsAndWebhooks1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE domain_events (
        id bigserial CONSTRAINT domain_events_pkey PRIMARY KEY,
        site_id text NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz
      )`);
    await q.query(`CREATE INDEX domain_events_undispatched ON domain_events (id) WHERE dispatched_at IS NULL`);
    await q.query(`CREATE INDEX domain_events_dispatched_at ON domain_events (dispatched_at) WHERE dispatched_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE jobs (
        id bigserial CONSTRAINT jobs_pkey PRIMARY KEY,
        kind text NOT NULL,
        site_id text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        dedupe_key text,
        state text NOT NULL DEFAULT 'queued',
        run_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        locked_by text,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz,
        CONSTRAINT jobs_state_check CHECK (state IN ('queued', 'done', 'failed', 'cancelled')),
        CONSTRAINT jobs_dedupe_key_key UNIQUE (dedupe_key)
      )`);
    await q.query(`CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'queued'`);
    await q.query(`CREATE INDEX jobs_done_at ON jobs (done_at) WHERE done_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid CONSTRAINT webhook_endpoints_pkey PRIMARY KEY,
        site_id text NOT NULL CONSTRAINT webhook_endpoints_site_id_fkey REFERENCES sites(id) ON DELETE CASCADE,
        kind text NOT NULL,
        url text NOT NULL,
        description text NOT NULL DEFAULT '',
        events text[] NOT NULL,
        secret text NOT NULL,
        previous_secret text,
        previous_secret_until timestamptz,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_endpoints_kind_check CHECK (kind IN ('standard', 'slack'))
      )`);
    await q.query(`CREATE INDEX webhook_endpoints_site ON webhook_endpoints (site_id, created_at)`);

    await q.query(`
      CREATE TABLE webhook_deliveries (
        id text CONSTRAINT webhook_deliveries_pkey PRIMARY KEY,
        site_id text NOT NULL,
        endpoint_id uuid NOT NULL CONSTRAINT webhook_deliveries_endpoint_id_fkey REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
        event_id bigint NOT NULL,
        event_type text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        response_status integer,
        response_body text,
        last_error text,
        last_attempt_at timestamptz,
        next_attempt_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'succeeded', 'failed')),
        CONSTRAINT webhook_deliveries_endpoint_event_key UNIQUE (endpoint_id, event_id)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (endpoint_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS webhook_deliveries`);
    await q.query(`DROP TABLE IF EXISTS webhook_endpoints`);
    await q.query(`DROP TABLE IF EXISTS jobs`);
    await q.query(`DROP TABLE IF EXISTS domain_events`);
  }
}
