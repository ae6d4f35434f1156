import { STATS_SQL } from '../../src/moderation/desk.repository';
import type { TestApp } from '../support/app';
import { Actors, decide, must, patchSettings, post, startModerationApp, text } from './helpers';

const DAY = 86_400_000;

/** The start of the UTC day `back` days before today. */
function dayStart(back: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - back * DAY);
}

/** percentile_cont as PostgreSQL defines it (linear between the two nearest ranks), written apart from the service. */
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const pos = p * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

/**
 * GET /moderation/stats: every figure against what the rows say, computed here in plain code from
 * `SELECT *` of the site's comments, log entries and reports; windows of 7 and 30 days; another
 * site's rows never counted; the plans read through the site's time indexes; bad input refused.
 */
describe('moderation statistics', () => {
  let t: TestApp;
  let a: Actors;

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
    await patchSettings(t, a.admin, { suspectWords: ['walrus'], bannedWords: ['scoundrel'] });
    const art = 'stats-art';
    const p = (who: string, body: string) => post(t, a.reader(who, who.toUpperCase()), art, body);
    // Published, held, refused at posting, decided by two moderators, deleted, reported.
    const pub = [await p('s-u1', text('fine')), await p('s-u2', text('fine')), await p('s-u3', text('fine')), await p('s-u1', text('fine'))];
    const held = [await p('s-u2', `a walrus ${text()}`), await p('s-u3', `walrus again ${text()}`), await p('s-u4', `walrus ${text()}`)];
    await p('s-u4', `you scoundrel ${text()}`);
    const gone = await p('s-u5', text('soon deleted'));
    await must(t.api('DELETE', `/comments/${gone.id}`, { token: a.reader('s-u5') }), 204);
    // Older postings: 3 days ago (in both windows), 12 days ago (30 only), 45 days ago (neither).
    const back = async (id: string, ms: number) =>
      t.ds.query(`UPDATE comments SET created_at = now() - make_interval(secs => $2) WHERE id = $1`, [id, ms / 1000]);
    await back(pub[1].id, 3 * DAY + 3_600_000);
    await back(held[1].id, 12 * DAY);
    await back(pub[2].id, 45 * DAY);
    await back(held[0].id, 7_200_000);
    await back(held[2].id, 600_000);
    await must(decide(t, a.mod, held[0].id, 'approve'));
    await must(decide(t, a.mod, held[1].id, 'reject', { reason: 'off topic' }));
    await must(decide(t, a.mod2, held[2].id, 'reject', { reason: 'off topic' }));
    await must(decide(t, a.mod2, pub[0].id, 'reject', { reason: 'rude' }));
    await must(decide(t, a.mod2, pub[3].id, 'feature'));
    for (const [who, reason] of [
      ['s-r1', 'spam'],
      ['s-r2', 'spam'],
      ['s-r3', 'abuse'],
    ] as const) {
      await must(t.api('POST', `/comments/${pub[1].id}/reports`, { token: a.reader(who), body: { reason } }), 202);
    }
    await must(t.api('POST', `/comments/${pub[3].id}/reports`, { token: a.reader('s-r1'), body: { reason: 'off_topic' } }), 202);
    await must(decide(t, a.mod, pub[3].id, 'approve'));
    // Another site's rows, which no figure of this one may count.
    await t.ds.query(`INSERT INTO sites (id, name) VALUES ('elsewhere', 'Elsewhere') ON CONFLICT DO NOTHING`);
    await t.ds.query(`INSERT INTO articles (site_id, id, title) VALUES ('elsewhere', 'e-art', 'E')`);
    await t.ds.query(`INSERT INTO users (site_id, id, name) VALUES ('elsewhere', 'e-user', 'E')`);
    await t.ds.query(
      `INSERT INTO comments (id, site_id, article_id, depth, author_id, body, html, status, reasons, moderated)
       SELECT gen_random_uuid(), 'elsewhere', 'e-art', 0, 'e-user', 'elsewhere ' || g, '<p>x</p>', 'pending', '{premod:all}', false FROM generate_series(1, 5) g`,
    );
    await t.ds.query(`INSERT INTO moderation_log (site_id, actor_id, action, reason) VALUES ('elsewhere', 'mod-1', 'reject', 'off topic')`);
  });
  afterAll(() => t.close());

  /** Every figure of the window, from the rows. */
  async function expected(days: number) {
    const from = dayStart(days - 1);
    const comments: any[] = await t.ds.query(`SELECT * FROM comments WHERE site_id = 'default'`);
    const log: any[] = await t.ds.query(`SELECT * FROM moderation_log WHERE site_id = 'default' ORDER BY id`);
    const reports: any[] = await t.ds.query(`SELECT * FROM reports WHERE site_id = 'default'`);
    const articles: any[] = await t.ds.query(`SELECT id, title, url FROM articles WHERE site_id = 'default'`);
    const inWindow = comments.filter((c) => new Date(c.created_at) >= from);
    const perDay = Array.from({ length: days }, (_, i) => {
      const start = from.getTime() + i * DAY;
      const on = inWindow.filter((c) => new Date(c.created_at).getTime() >= start && new Date(c.created_at).getTime() < start + DAY);
      const n = (s: string) => on.filter((c) => c.status === s).length;
      return { day: new Date(start).toISOString().slice(0, 10), published: n('approved'), held: n('pending'), rejected: n('rejected'), deleted: n('deleted') };
    });
    const sum = (k: 'published' | 'held' | 'rejected' | 'deleted') => perDay.reduce((s, d) => s + d[k], 0);
    const totals = { day: 'all', published: sum('published'), held: sum('held'), rejected: sum('rejected'), deleted: sum('deleted') };
    const decided = totals.published + totals.rejected;
    const logIn = log.filter((l) => new Date(l.created_at) >= from);
    const first = new Map<string, any>();
    for (const l of logIn) if ((l.action === 'approve' || l.action === 'reject') && !first.has(l.comment_id)) first.set(l.comment_id, l);
    const secs = [...first.values()].map((l) => {
      const c = comments.find((x) => x.id === l.comment_id);
      return Math.max(0, (new Date(l.created_at).getTime() - new Date(c.created_at).getTime()) / 1000);
    });
    const byActor = new Map<string, { approved: number; rejected: number; other: number; total: number }>();
    for (const l of logIn.filter((x) => ['approve', 'reject', 'feature', 'unfeature', 'undo'].includes(x.action))) {
      const m = byActor.get(l.actor_id) ?? { approved: 0, rejected: 0, other: 0, total: 0 };
      if (l.action === 'approve') m.approved++;
      else if (l.action === 'reject') m.rejected++;
      else m.other++;
      m.total++;
      byActor.set(l.actor_id, m);
    }
    const tally = (xs: string[]) => {
      const m = new Map<string, number>();
      for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
      return [...m].map(([reason, count]) => ({ reason, count })).sort((x, y) => y.count - x.count || (x.reason < y.reason ? -1 : 1));
    };
    const repIn = reports.filter((r) => new Date(r.created_at) >= from);
    const byReason = { spam: 0, abuse: 0, off_topic: 0, other: 0 } as Record<string, number>;
    for (const r of repIn) byReason[r.reason]++;
    return {
      perDay,
      totals,
      approvalRate: decided ? Math.round((totals.published / decided) * 10000) / 10000 : null,
      rejectionRate: decided ? Math.round((totals.rejected / decided) * 10000) / 10000 : null,
      decisionTime: {
        decisions: secs.length,
        medianSeconds: secs.length ? Math.round(percentile(secs, 0.5)!) : null,
        p90Seconds: secs.length ? Math.round(percentile(secs, 0.9)!) : null,
      },
      moderators: [...byActor].map(([actorId, m]) => ({ actorId, ...m })).sort((x, y) => y.total - x.total || (x.actorId < y.actorId ? -1 : 1)),
      holdReasons: tally(inWindow.flatMap((c) => c.reasons.filter((r: string) => r !== 'deleted:author'))).slice(0, 10),
      rejectReasons: tally(logIn.filter((l) => l.action === 'reject' && l.reason).map((l) => l.reason)).slice(0, 10),
      reports: { total: repIn.length, open: repIn.filter((r) => !r.resolved_at).length, byReason },
      articles: tally(inWindow.map((c) => c.article_id))
        .slice(0, 10)
        .map(({ reason: id, count }) => {
          const art = articles.find((x) => x.id === id);
          return { articleId: id, title: art?.title ?? null, url: art?.url ?? null, comments: count };
        }),
    };
  }

  it.each([7, 30])('the last %i days agree with the rows, figure by figure', async (days) => {
    const stats = await must(t.api('GET', `/moderation/stats?days=${days}`, { token: a.mod }));
    const want = await expected(days);
    expect(stats.site).toBe('default');
    expect(stats.days).toBe(days);
    expect(stats.from).toBe(dayStart(days - 1).toISOString());
    expect(stats.perDay).toHaveLength(days);
    expect(stats.perDay).toEqual(want.perDay);
    expect(stats.totals).toEqual(want.totals);
    expect([stats.approvalRate, stats.rejectionRate]).toEqual([want.approvalRate, want.rejectionRate]);
    expect(stats.decisionTime).toEqual(want.decisionTime);
    expect(stats.moderators.map(({ actorName: _n, ...m }: any) => m)).toEqual(want.moderators);
    expect(stats.holdReasons).toEqual(want.holdReasons);
    expect(stats.rejectReasons).toEqual(want.rejectReasons);
    expect(stats.reports).toEqual(want.reports);
    expect(stats.articles).toEqual(want.articles);
    expect(stats.articles.length).toBeGreaterThan(0);
  });

  it('says what the seeded desk did, in plain numbers', async () => {
    const s7 = await must(t.api('GET', '/moderation/stats?days=7', { token: a.admin }));
    const s30 = await must(t.api('GET', '/moderation/stats?days=30', { token: a.admin }));
    // The 12-day-old held comment is in the 30-day window only; the 45-day-old one in neither.
    expect(s30.totals.rejected - s7.totals.rejected).toBe(1);
    expect(s7.totals).toMatchObject({ published: 3, held: 0, rejected: 3, deleted: 1 });
    expect(s7.moderators.map((m: any) => [m.actorName, m.approved, m.rejected, m.other])).toEqual([
      ['Mo Moderator', 2, 1, 0],
      ['Mia Moderator', 0, 2, 1],
    ]);
    expect(s7.rejectReasons).toEqual([
      { reason: 'off topic', count: 2 },
      { reason: 'rude', count: 1 },
    ]);
    expect(s7.holdReasons.find((r: any) => r.reason === 'suspect_word:walrus')).toEqual({ reason: 'suspect_word:walrus', count: 2 });
    expect(s7.holdReasons.find((r: any) => r.reason === 'banned_word:scoundrel')).toEqual({ reason: 'banned_word:scoundrel', count: 1 });
    expect(s7.reports).toEqual({ total: 4, open: 3, byReason: { spam: 2, abuse: 1, off_topic: 1, other: 0 } });
    // Decided about 0 s (two), 10 min, 2 h and 12 days after posting: the median is the 10 minutes, p90 60% of the way from 2 h to 12 days.
    expect(s7.decisionTime.decisions).toBe(5);
    expect(s7.decisionTime.medianSeconds).toBeGreaterThanOrEqual(600);
    expect(s7.decisionTime.medianSeconds).toBeLessThan(700);
    expect(s7.decisionTime.p90Seconds).toBeGreaterThanOrEqual(Math.floor(7200 + 0.6 * (12 * 86400 - 7200)));
  });

  it('another site sees only its own numbers', async () => {
    // The other site's figures, read straight through the repository's SQL.
    const rows = await t.ds.query(STATS_SQL.perDayStatus, ['elsewhere', dayStart(6), dayStart(-1)]);
    expect(rows).toEqual([{ day: dayStart(0).toISOString().slice(0, 10), status: 'pending', count: 5 }]);
    const mine = await must(t.api('GET', '/moderation/stats?days=7', { token: a.mod }));
    expect(mine.holdReasons.map((r: any) => r.reason)).not.toContain('premod:all');
    expect(mine.moderators.find((m: any) => m.actorId === 'mod-1').rejected).toBe(1);
  });

  it('reads each window through the site-led time indexes, never the whole table', async () => {
    // 60,000 old comments, log entries and reports on the site: outside the window, they must not be read.
    await t.ds.query(`INSERT INTO articles (site_id, id, title) VALUES ('default', 'old-art', 'Old') ON CONFLICT DO NOTHING`);
    await t.ds.query(`INSERT INTO users (site_id, id, name) VALUES ('default', 'old-user', 'Old') ON CONFLICT DO NOTHING`);
    // In batches of 5,000, each well inside the service's statement timeout.
    for (let from = 1; from <= 60_000; from += 5000) {
      await t.ds.query(
        `WITH c AS (
           INSERT INTO comments (id, site_id, article_id, depth, author_id, body, html, status, reasons, moderated, created_at)
           SELECT gen_random_uuid(), 'default', 'old-art', 0, 'old-user', 'old ' || g, '<p>x</p>', 'approved', '{}', true,
             now() - interval '200 days' - make_interval(secs => g)
           FROM generate_series($1::int, $2::int) g RETURNING id, created_at)
         INSERT INTO moderation_log (site_id, actor_id, action, comment_id, created_at)
         SELECT 'default', 'mod-1', 'approve', id, created_at + interval '1 minute' FROM c`,
        [from, from + 4999],
      );
    }
    await t.ds.query(`ANALYZE comments; ANALYZE moderation_log; ANALYZE reports`);
    const from = dayStart(6);
    const to = dayStart(-1);
    const params: Record<keyof typeof STATS_SQL, unknown[]> = {
      perDayStatus: ['default', from, to],
      holdReasons: ['default', from, to, 'deleted:author', 10],
      decisionTimes: ['default', from, to],
      moderators: ['default', from, to, ['approve', 'reject', 'feature', 'unfeature', 'undo']],
      rejectReasons: ['default', from, to, 10],
      reportCounts: ['default', from, to],
      articles: ['default', from, to, 10],
    };
    for (const [name, sql] of Object.entries(STATS_SQL) as [keyof typeof STATS_SQL, string][]) {
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
    const [
      {
        'QUERY PLAN': [day],
      },
    ] = await t.ds.query(`EXPLAIN (FORMAT JSON) ${STATS_SQL.perDayStatus}`, params.perDayStatus);
    expect(JSON.stringify(day)).toContain('comments_site_created');
  }, 120_000);

  it('refuses a window it does not keep, and readers', async () => {
    for (const bad of ['days=0', 'days=91', 'days=abc', 'days=7.5', 'days=-1', 'when=today']) {
      const res = await t.api('GET', `/moderation/stats?${bad}`, { token: a.mod });
      expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await t.api('GET', '/moderation/stats', { token: a.reader('s-nobody') })).status).toBe(403);
    expect((await t.api('GET', '/moderation/stats')).status).toBe(401);
    expect((await must(t.api('GET', '/moderation/stats', { token: a.mod }))).days).toBe(7);
  });
});
