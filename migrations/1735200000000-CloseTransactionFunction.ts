import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A transaction's last statement before COMMIT, in one round trip: `parley_close_tx` does what
 * `parley_store_events` does (the per-article advisory locks, then the reader and domain events'
 * insert and each article's newest earlier event, each statement in a fresh snapshot), then adds
 * the transaction's queue deltas to the sites' counter shards, which were a statement of their own
 * after it. The shards stay last, as before: the row every writer of a site may want is locked
 * only for the commit. `parley_store_events` stays for instances of the previous release during a
 * rolling deploy.
 */
export class CloseTransactionFunction1735200000000 implements MigrationInterface {
  name = 'CloseTransactionFunction1735200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION parley_close_tx(lock_class int, feeds text[], ev_feeds text[], ev_types text[], ev_payloads jsonb[],
                                       dom_sites text[], dom_types text[], dom_payloads jsonb[],
                                       cnt_sites text[], cnt_shards int[], cnt_pending int[], cnt_reported int[], cnt_unmoderated int[])
         RETURNS TABLE (event_id text, feed text, prev_cursor text)
         LANGUAGE plpgsql VOLATILE AS $$
       DECLARE f text;
       BEGIN
         FOREACH f IN ARRAY feeds LOOP
           PERFORM pg_advisory_xact_lock(lock_class, hashtext(f));
         END LOOP;
         RETURN QUERY
           WITH e AS (SELECT x.a, x.t, x.p, x.n FROM unnest(ev_feeds, ev_types, ev_payloads) WITH ORDINALITY AS x(a, t, p, n)),
                ins AS (INSERT INTO events (article_id, type, payload) SELECT e.a, e.t, e.p FROM e ORDER BY e.n RETURNING events.id),
                dom AS (INSERT INTO domain_events (site_id, type, payload)
                          SELECT d.s, d.t, d.p FROM unnest(dom_sites, dom_types, dom_payloads) WITH ORDINALITY AS d(s, t, p, n) ORDER BY d.n)
           SELECT ins.id::text, NULL::text, NULL::text FROM ins
           UNION ALL
           SELECT NULL::text, g.a, (SELECT max(ev.id) FROM events ev WHERE ev.article_id = g.a)::text FROM unnest(feeds) AS g(a);
         INSERT INTO site_counters AS s (site_id, shard, pending_count, reported_count, unmoderated_count, updates)
           SELECT c.s, c.h, c.p, c.r, c.u, 1 FROM unnest(cnt_sites, cnt_shards, cnt_pending, cnt_reported, cnt_unmoderated) AS c(s, h, p, r, u)
           ORDER BY c.s
         ON CONFLICT (site_id, shard) DO UPDATE SET pending_count = s.pending_count + EXCLUDED.pending_count,
           reported_count = s.reported_count + EXCLUDED.reported_count, unmoderated_count = s.unmoderated_count + EXCLUDED.unmoderated_count,
           updates = s.updates + 1;
       END $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION parley_close_tx(int, text[], text[], text[], jsonb[], text[], text[], jsonb[], text[], int[], int[], int[], int[])`);
  }
}
