import { Injectable } from '@nestjs/common';
import { notFound } from '../common/api-error';
import { REPORT_REASONS, type ReportReason } from '../common/contract';
import type { ModerationStatsView, StatsDay, UserHistoryView } from '../common/desk-contract';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { UsersRepository } from '../users/users.repository';
import { DeskQueries, type ReportCount } from './desk.repository';
import { userView } from './moderation.service';
import { UserNotes } from './user-notes.repository';
import { StatsSeries } from './stats-series.repository';
import { buildSeries, StatsWindow, utcDays } from './stats-window';

const TOP = 10;

const zeroReasons = (): Record<ReportReason, number> => Object.fromEntries(REPORT_REASONS.map((r) => [r, 0])) as Record<ReportReason, number>;

function byReason(rows: ReportCount[]): Record<ReportReason, number> {
  const out = zeroReasons();
  for (const r of rows) out[r.reason] = r.count;
  return out;
}

/** The share `part` is of `whole` (0-1, four decimals), or null when there is nothing to share. */
const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** The desk's numbers (a site's statistics over a window of days, or a free range) and a user's full history. */
@Injectable()
export class DeskService {
  constructor(
    private readonly q: DeskQueries,
    private readonly users: UsersRepository,
    private readonly notes: UserNotes,
    private readonly log: ModerationLog,
    private readonly series: StatsSeries,
  ) {}

  /** The window (stats-window.ts): whole UTC days up to now, or a free range; its series hourly up to two days, else daily. */
  async stats(siteId: string, w: StatsWindow): Promise<ModerationStatsView> {
    const { from, end } = w;
    const [cells, holdReasons, time, moderators, rejectReasons, reports, articles, buckets, firstDecisions, queue] = await Promise.all([
      this.q.perDayStatus(siteId, from, end),
      this.q.holdReasons(siteId, from, end, TOP),
      this.q.decisionTimes(siteId, from, end),
      this.q.moderators(siteId, from, end),
      this.q.rejectReasons(siteId, from, end, TOP),
      this.q.reportCounts(siteId, from, end),
      this.q.articles(siteId, from, end, TOP),
      this.series.perBucketStatus(siteId, from, end, w.bucketMs / 1000),
      this.series.decisions(siteId, from, end, w.bucketMs / 1000),
      this.series.queue(siteId, from, end, w.bucketMs / 1000, w.buckets),
    ]);
    const perDay: StatsDay[] = [];
    const index = new Map<string, StatsDay>();
    for (const day of utcDays(w)) {
      const row = { day, published: 0, held: 0, rejected: 0, deleted: 0 };
      perDay.push(row);
      index.set(day, row);
    }
    const totals = { day: 'all' as const, published: 0, held: 0, rejected: 0, deleted: 0 };
    const field = { approved: 'published', pending: 'held', rejected: 'rejected', deleted: 'deleted' } as const;
    for (const c of cells) {
      const row = index.get(c.day);
      const f = field[c.status];
      if (!row || !f) continue;
      row[f] += c.count;
      totals[f] += c.count;
    }
    const decided = totals.published + totals.rejected;
    return {
      site: siteId,
      days: w.days,
      from: from.toISOString(),
      to: w.to.toISOString(),
      bucket: w.bucket,
      series: buildSeries(w, buckets, firstDecisions, queue),
      perDay,
      totals,
      approvalRate: rate(totals.published, decided),
      rejectionRate: rate(totals.rejected, decided),
      decisionTime: { decisions: time.decisions, medianSeconds: round(time.median), p90Seconds: round(time.p90) },
      moderators,
      holdReasons,
      rejectReasons,
      reports: {
        total: reports.reduce((n, r) => n + r.count, 0),
        open: reports.reduce((n, r) => n + r.open, 0),
        byReason: byReason(reports),
      },
      articles,
    };
  }

  async history(siteId: string, userId: string): Promise<UserHistoryView> {
    const user = await this.users.find(siteId, userId);
    if (!user) throw notFound('USER_NOT_FOUND', `No user ${userId}`);
    const [counts, sanctions, made, received, notes] = await Promise.all([
      this.q.commentStatusCounts(siteId, userId),
      this.log.sanctions(siteId, userId, 100),
      this.q.reportsMade(siteId, userId, 50),
      this.q.reportsReceived(siteId, userId, 50),
      this.notes.list(siteId, userId, 100),
    ]);
    return {
      user: userView(user),
      comments: { pending: counts.pending ?? 0, approved: counts.approved ?? 0, rejected: counts.rejected ?? 0, deleted: counts.deleted ?? 0 },
      sanctions,
      reportsMade: made,
      reportsReceived: { total: received.counts.reduce((n, r) => n + r.count, 0), byReason: byReason(received.counts), items: received.items },
      notes,
    };
  }
}

const round = (n: number | null): number | null => (n === null ? null : Math.round(n));
