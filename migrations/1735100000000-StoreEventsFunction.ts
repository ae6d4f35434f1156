import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events of a transaction in one round trip with their lock: `parley_store_events` takes the
 * per-article advisory locks (in the order given), then inserts the reader events (and the domain
 * events) and reads each article's newest earlier event. A PL/pgSQL function because its statements
 * each see a fresh snapshot (read committed, volatile): the read after the locks sees the events of
 * the transaction that held them before, as the separate lock statement and insert did (src/events/tx.service.ts).
 */
export class StoreEventsFunction1735100000000 implements MigrationInterface {
  name = 'StoreEventsFunction1735100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION parley_store_events(lock_class int, feeds text[], ev_feeds text[], ev_types text[], ev_payloads jsonb[],
                                           dom_sites text[], dom_types text[], dom_payloads jsonb[])
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
       END $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION parley_store_events(int, text[], text[], text[], jsonb[], text[], text[], jsonb[])`);
  }
}
