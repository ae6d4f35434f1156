import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A write transaction's last statement before COMMIT, in one round trip (src/events/tx.service.ts):
 * `parley_close_tx` moves the articles' counters by the transaction's deltas, takes the
 * per-article advisory events locks, inserts the reader and domain events (an `article.count`
 * event gets its article's new total here) with each article's newest earlier event, then adds the
 * queue deltas to the sites' counter shards. Each was a statement of its own; an article's row,
 * which every post to the article waits on, is now locked for this statement and the commit only.
 * The order of locks is the one every write takes: an article's row, then its events lock, then a
 * counter shard. PL/pgSQL because its statements each see a fresh snapshot (read committed,
 * volatile): the read after the events locks sees what the previous holder committed.
 * `parley_store_events` stays for instances of the previous release during a rolling deploy.
 */
export class CloseTransactionFunction1735200000000 implements MigrationInterface {
  name = 'CloseTransactionFunction1735200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION parley_close_tx(lock_class int, feeds text[], ev_feeds text[], ev_types text[], ev_payloads jsonb[],
                                       dom_sites text[], dom_types text[], dom_payloads jsonb[],
                                       art_sites text[], art_ids text[], art_feeds text[],
                                       art_comments int[], art_pending int[], art_reported int[], art_unmoderated int[],
                                       cnt_sites text[], cnt_shards int[], cnt_pending int[], cnt_reported int[], cnt_unmoderated int[])
         RETURNS TABLE (event_id text, feed text, prev_cursor text, total int)
         LANGUAGE plpgsql VOLATILE AS $$
       DECLARE
         f text;
         new_total int;
         totals jsonb := '{}';
       BEGIN
         FOR i IN 1 .. coalesce(array_length(art_ids, 1), 0) LOOP
           UPDATE articles SET comment_count = comment_count + art_comments[i], pending_count = pending_count + art_pending[i],
                  reported_count = reported_count + art_reported[i], unmoderated_count = unmoderated_count + art_unmoderated[i]
            WHERE site_id = art_sites[i] AND id = art_ids[i]
           RETURNING comment_count INTO new_total;
           totals := totals || jsonb_build_object(art_feeds[i], new_total);
         END LOOP;
         FOREACH f IN ARRAY feeds LOOP
           PERFORM pg_advisory_xact_lock(lock_class, hashtext(f));
         END LOOP;
         RETURN QUERY
           WITH e AS (SELECT x.a, x.t, x.p, x.n FROM unnest(ev_feeds, ev_types, ev_payloads) WITH ORDINALITY AS x(a, t, p, n)),
                ins AS (INSERT INTO events (article_id, type, payload)
                          SELECT e.a, e.t, CASE WHEN e.t = 'article.count' AND totals ? e.a THEN e.p || jsonb_build_object('total', totals -> e.a) ELSE e.p END
                            FROM e ORDER BY e.n
                        RETURNING events.id),
                dom AS (INSERT INTO domain_events (site_id, type, payload)
                          SELECT d.s, d.t, d.p FROM unnest(dom_sites, dom_types, dom_payloads) WITH ORDINALITY AS d(s, t, p, n) ORDER BY d.n)
           SELECT ins.id::text, NULL::text, NULL::text, NULL::int FROM ins
           UNION ALL
           SELECT NULL::text, g.a, (SELECT max(ev.id) FROM events ev WHERE ev.article_id = g.a)::text, (totals ->> g.a)::int FROM unnest(feeds) AS g(a);
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
    await q.query(
      `DROP FUNCTION parley_close_tx(int, text[], text[], text[], jsonb[], text[], text[], jsonb[], text[], text[], text[], int[], int[], int[], int[],
                                     text[], int[], int[], int[], int[])`,
    );
  }
}
