import { SERIES_SQL } from '../../src/moderation/stats-series.repository';
import type { TestApp } from '../support/app';
import { Actors, decide, must, post, startModerationApp, text } from './helpers';

const HOUR = 3_600_000;
const MIN = 60_000;

/** percentile_cont as PostgreSQL defines it, written apart from the service. */
function median(values: number[]): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const pos = 0.5 * (v.length - 1);
  return v[Math.floor(pos)] + (v[Math.ceil(pos)] - v[Math.floor(pos)]) * (pos - Math.floor(pos));
}

/**
 * GET /moderation/stats over time: comments per hour or day by status, the pending queue at each
 * bucket's end and the median time to a first decision per bucket, for the last days and for a free
 * range; each point against counts computed here with SQL of its own from the rows.
 */
describe('moderation statistics over time', () => {
  let t: TestApp;
  let a: Actors;
  /** A whole hour, 30 to 31 hours ago: the free range is the six hours from it. */
  const T0 = new Date(Math.floor((Date.now() - 30 * HOUR) / HOUR) * HOUR);
  const at = (ms: number) => new Date(T0.getTime() + ms);

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
    await must(t.api('PATCH', '/articles/series-held', { token: a.mod, body: { premoderation: true } }));
    const c: Record<string, string> = {};
    for (const k of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']) c[k] = (await post(t, a.reader(`ser-${k}`), 'series-held', text(k))).id;
    for (const k of ['p1', 'p2']) c[k] = (await post(t, a.reader(`ser-${k}`), 'series-open', text(k))).id;
    const posted: Record<string, number> = {
      c1: 10 * MIN,
      c2: 20 * MIN,
      c3: 90 * MIN,
      c4: 130 * MIN,
      c5: 245 * MIN,
      c6: -2 * HOUR,
      p1: 30 * MIN,
      p2: 3 * HOUR,
    };
    for (const [k, ms] of Object.entries(posted)) await t.ds.query(`UPDATE comments SET created_at = $2 WHERE id = $1`, [c[k], at(ms)]);
    // First decisions, each moved to when it "happened": c1 at 1:15, c2 at 2:30, c6 at 3:20, p1 (published, so never queued) at 4:00, c3 at 5:50.
    const decisions: [string, 'approve' | 'reject', number][] = [
      ['c1', 'approve', 75 * MIN],
      ['c2', 'reject', 150 * MIN],
      ['c6', 'approve', 200 * MIN],
      ['p1', 'reject', 240 * MIN],
      ['c3', 'approve', 350 * MIN],
    ];
    for (const [k, action, ms] of decisions) {
      await must(decide(t, a.mod, c[k], action, action === 'reject' ? { reason: 'no' } : undefined));
      await t.ds.query(`UPDATE moderation_log SET created_at = $2 WHERE comment_id = $1`, [c[k], at(ms)]);
    }
    // Another site's held comment, never counted here.
    await t.ds.query(`INSERT INTO sites (id, name) VALUES ('series-else', 'Else') ON CONFLICT DO NOTHING`);
    await t.ds.query(`INSERT INTO articles (site_id, id) VALUES ('series-else', 'x')`);
    await t.ds.query(`INSERT INTO users (site_id, id, name) VALUES ('series-else', 'x', 'X')`);
    await t.ds.query(
      `INSERT INTO comments (id, site_id, article_id, depth, author_id, body, html, status, reasons, moderated, created_at)
       VALUES (gen_random_uuid(), 'series-else', 'x', 0, 'x', 'else', '<p>x</p>', 'pending', '{}', false, $1)`,
      [at(5 * MIN)],
    );
  });
  afterAll(() => t.close());

  /** Every point of [from, from + n·size), from the rows, with SQL written apart from the service's. */
  async function expected(from: Date, size: number, n: number, end: Date) {
    const out = [];
    for (let i = 0; i < n; i++) {
      const start = new Date(from.getTime() + i * size);
      const stop = new Date(Math.min(start.getTime() + size, end.getTime()));
      const [posted] = await t.ds.query(
        `SELECT count(*) FILTER (WHERE status = 'approved')::int AS published, count(*) FILTER (WHERE status = 'pending')::int AS held,
                count(*) FILTER (WHERE status = 'rejected')::int AS rejected, count(*) FILTER (WHERE status = 'deleted')::int AS deleted
         FROM comments WHERE site_id = 'default' AND created_at >= $1 AND created_at < $2`,
        [start, new Date(start.getTime() + size)],
      );
      // Waiting at the bucket's end: posted by then, and its first approve or reject (if any) found it pending and came later.
      const [{ queue }] = await t.ds.query(
        `SELECT count(*)::int AS queue FROM comments c
         LEFT JOIN LATERAL (SELECT min(l.id) AS id FROM moderation_log l WHERE l.comment_id = c.id AND l.action IN ('approve', 'reject')) f ON true
         LEFT JOIN moderation_log fl ON fl.id = f.id
         WHERE c.site_id = 'default' AND c.created_at <= $1
           AND ((fl.id IS NULL AND c.status = 'pending') OR (fl.from_status = 'pending' AND fl.created_at > $1))`,
        [stop],
      );
      // First decisions made in the window whose first falls in this bucket, with their waits.
      const waits: { secs: number }[] = await t.ds.query(
        `SELECT extract(epoch FROM l.created_at - c.created_at)::float8 AS secs FROM moderation_log l JOIN comments c ON c.id = l.comment_id
         WHERE l.site_id = 'default' AND l.action IN ('approve', 'reject') AND l.created_at >= $1 AND l.created_at < $2
           AND NOT EXISTS (SELECT 1 FROM moderation_log e WHERE e.comment_id = l.comment_id AND e.action IN ('approve', 'reject') AND e.id < l.id AND e.created_at >= $3)`,
        [start, new Date(start.getTime() + size), from],
      );
      const m = median(waits.map((w) => Math.max(0, w.secs)));
      out.push({ at: start.toISOString(), ...posted, queue, decisions: waits.length, medianDecisionSeconds: m === null ? null : Math.round(m) });
    }
    return out;
  }

  it('a free range of six hours is hourly, and each hour agrees with the rows', async () => {
    const to = at(6 * HOUR);
    const s = await must(t.api('GET', `/moderation/stats?from=${T0.toISOString()}&to=${to.toISOString()}`, { token: a.mod }));
    expect([s.bucket, s.days, s.from, s.to]).toEqual(['hour', 1, T0.toISOString(), to.toISOString()]);
    expect(s.series).toEqual(await expected(T0, HOUR, 6, to));
    // What the seeded desk did, in plain numbers: the queue at each hour's end, and the waits.
    expect(s.series.map((p: any) => p.queue)).toEqual([3, 3, 3, 2, 3, 2]);
    expect(s.series.map((p: any) => p.medianDecisionSeconds)).toEqual([null, 3900, 7800, 19200, 12600, 15600]);
    expect(s.series.map((p: any) => [p.published, p.held, p.rejected])).toEqual([
      [1, 0, 2],
      [1, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
    // The rest of the answer covers the same range: c6 was posted before it, so five comments and four first decisions in it.
    expect(s.totals).toMatchObject({ published: 3, held: 2, rejected: 2 });
    expect(s.decisionTime.decisions).toBe(5);
    expect(s.perDay.map((d: any) => d.day)).toEqual([...new Set([T0, at(6 * HOUR - 1)].map((d) => d.toISOString().slice(0, 10)))]);
  });

  it('the last 7 days are daily and the last day hourly; both agree with the rows', async () => {
    const s7 = await must(t.api('GET', '/moderation/stats?days=7', { token: a.mod }));
    expect(s7.bucket).toBe('day');
    const end = new Date(Date.parse(s7.from) + 7 * 24 * HOUR);
    expect(s7.series).toEqual(await expected(new Date(s7.from), 24 * HOUR, 7, end));
    // Day buckets are the UTC days of perDay.
    expect(s7.series.map((p: any) => [p.at.slice(0, 10), p.published, p.held, p.rejected, p.deleted])).toEqual(
      s7.perDay.map((d: any) => [d.day, d.published, d.held, d.rejected, d.deleted]),
    );
    // Today by hour: the hours begun so far, the current one included; none of the future.
    const before = new Date().getUTCHours() + 1;
    const s1 = await must(t.api('GET', '/moderation/stats?days=1', { token: a.mod }));
    expect(s1.bucket).toBe('hour');
    expect([before, new Date().getUTCHours() + 1]).toContain(s1.series.length);
    expect(s1.series).toEqual(await expected(new Date(s1.from), HOUR, s1.series.length, new Date(Date.parse(s1.from) + 24 * HOUR)));
  });

  it('refuses half a range, a range with days, a backwards or empty one, one over 90 days', async () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const now = Date.now();
    for (const bad of [
      `from=${iso(now - HOUR)}`,
      `to=${iso(now)}`,
      `days=7&from=${iso(now - HOUR)}&to=${iso(now)}`,
      `from=${iso(now)}&to=${iso(now - HOUR)}`,
      `from=${iso(now)}&to=${iso(now)}`,
      `from=${iso(now - 91 * 24 * HOUR)}&to=${iso(now)}`,
      `from=yesterday&to=${iso(now)}`,
    ]) {
      const res = await t.api('GET', `/moderation/stats?${bad.replace(/\+/g, '%2B')}`, { token: a.mod });
      expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 400, code: 'VALIDATION_FAILED' });
    }
    const ok = await must(t.api('GET', `/moderation/stats?from=${iso(now - 90 * 24 * HOUR)}&to=${iso(now)}`, { token: a.mod }));
    expect([ok.bucket, ok.days, ok.series.length]).toEqual(['day', 90, 90]);
  });

  it('reads the series through the site-led indexes: old history is not read', async () => {
    await t.ds.query(`INSERT INTO users (site_id, id, name) VALUES ('default', 'old-user', 'Old') ON CONFLICT DO NOTHING`);
    await t.ds.query(`INSERT INTO articles (site_id, id) VALUES ('default', 'old-art') ON CONFLICT DO NOTHING`);
    await t.ds.query(
      `WITH c AS (
         INSERT INTO comments (id, site_id, article_id, depth, author_id, body, html, status, reasons, moderated, created_at)
         SELECT gen_random_uuid(), 'default', 'old-art', 0, 'old-user', 'old ' || g, '<p>x</p>', 'approved', '{}', true, now() - interval '200 days' - make_interval(secs => g)
         FROM generate_series(1, 20000) g RETURNING id, created_at)
       INSERT INTO moderation_log (site_id, actor_id, action, comment_id, from_status, to_status, created_at)
       SELECT 'default', 'mod-1', 'approve', id, 'pending', 'approved', created_at + interval '1 minute' FROM c`,
    );
    await t.ds.query(`ANALYZE comments; ANALYZE moderation_log`);
    const from = new Date(Date.now() - 7 * 24 * HOUR);
    const to = new Date();
    const params: Record<keyof typeof SERIES_SQL, unknown[]> = {
      perBucketStatus: ['default', from, to, 86400],
      decisions: ['default', from, to, 86400],
      queue: ['default', from, to, 86400, 7],
    };
    for (const [name, sql] of Object.entries(SERIES_SQL) as [keyof typeof SERIES_SQL, string][]) {
      const [
        {
          'QUERY PLAN': [plan],
        },
      ] = await t.ds.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params[name]);
      const nodes: any[] = [];
      const visit = (n: any) => (nodes.push(n), (n.Plans ?? []).forEach(visit));
      visit(plan.Plan);
      const big = nodes.filter((n) => n['Relation Name'] === 'comments' || n['Relation Name'] === 'moderation_log');
      expect({ name, seq: big.filter((n) => n['Node Type'] === 'Seq Scan').length }).toEqual({ name, seq: 0 });
      const read = big.reduce((s, n) => s + n['Actual Rows'] * (n['Actual Loops'] ?? 1) + (n['Rows Removed by Filter'] ?? 0), 0);
      expect({ name, bounded: read < 1000 }).toEqual({ name, bounded: true });
    }
  }, 120_000);
});
