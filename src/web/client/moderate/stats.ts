import { Chart } from 'chart.js';
import type { ModerationStatsView, StatsCount } from '../../../common/desk-contract';
import { h, put } from '../shared/dom';
import type { Desk } from './dashboard';
import { D, duration, percent } from './desk-strings';
import { StatsPeriod } from './stats-period';
import { activeArticles, table } from './stats-tables';
import { barOptions, bars, COLORS, timeFigures } from './stats-time';
import { S } from './strings';

const CSS = `
.view-stats .stats-bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin: .5rem 0 1rem; }
.view-stats .stats-bar label { display: block; font-weight: 600; }
.view-stats .stats-period, .view-stats .stats-dates { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
.view-stats .stats-period .err { flex-basis: 100%; margin: 0; }
.view-stats .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .5rem; margin: 0 0 1rem; padding: 0; }
.view-stats .tiles div { border: 1px solid var(--bd); border-radius: 6px; padding: .5rem .75rem; background: var(--sf); }
.view-stats .tiles dt { font-size: .85rem; color: var(--m); }
.view-stats .tiles dd { margin: 0; font-size: 1.3rem; font-weight: 600; }
.view-stats .tiles dd.meta { font-size: .8rem; font-weight: normal; }
.view-stats figure { margin: 0 0 1.5rem; }
.view-stats figcaption { font-weight: 600; margin-bottom: .25rem; }
.view-stats .chart { position: relative; height: 260px; max-width: 100%; }
.view-stats .chart.short { height: 200px; }
.view-stats table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
.view-stats th, .view-stats td { border: 1px solid var(--bd); padding: .15rem .5rem; text-align: right; }
.view-stats th:first-child, .view-stats td:first-child { text-align: left; }
.view-stats .tables-hidden .data { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.view-stats .data, .view-stats .list { max-width: 100%; overflow-x: auto; }
.view-stats .cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 1.5rem; }
`;

let styled = false;
function addStyles(): void {
  if (styled) return;
  styled = true;
  document.head.append(h('style', { 'data-for': 'stats' }, CSS));
}

/**
 * The Statistics screen (#stats): a site's moderation over today (by hour), the last 7 or 30 days,
 * or two dates (stats-period.ts) from GET /moderation/stats, drawn with Chart.js; each chart is an
 * image with a summary for screen readers and the same figures as a table (visually hidden until
 * "Show the tables"). Drawn anew while open whenever the live queue counts move.
 */
export class StatsScreen {
  private readonly heading = h('h2', { id: 'stats-h', tabindex: '-1' }, D.statsTitle);
  private readonly period: StatsPeriod;
  private readonly body = h('div', { class: 'tables-hidden' });
  private readonly tablesButton: HTMLButtonElement;
  private charts: Chart[] = [];
  private seq = 0;
  private liveTimer = 0;

  constructor(
    private readonly d: Desk,
    readonly root: HTMLElement,
  ) {
    addStyles();
    this.period = new StatsPeriod(() => void this.load(true));
    this.tablesButton = h(
      'button',
      {
        type: 'button',
        'aria-pressed': 'false',
        onclick: () => {
          const on = this.body.classList.toggle('tables-hidden');
          this.tablesButton.setAttribute('aria-pressed', String(!on));
        },
      },
      D.showTables,
    );
    put(
      root,
      this.heading,
      h('p', { class: 'meta' }, D.statsIntro),
      h('div', { class: 'stats-bar' }, this.period.el, h('button', { type: 'button', onclick: () => void this.load(true) }, D.refresh), this.tablesButton),
      this.body,
    );
    // Live while open: the queue counts the socket keeps current move with every new comment and
    // decision, so a change of them reloads the figures (at most once in two seconds).
    const watch = new MutationObserver(() => this.soon());
    for (const el of Object.values(d.el.counts)) watch.observe(el, { childList: true, characterData: true, subtree: true });
  }

  private soon(): void {
    if (this.root.hidden || this.liveTimer) return;
    this.liveTimer = window.setTimeout(() => {
      this.liveTimer = 0;
      if (!this.root.hidden) void this.load(false);
    }, 2000);
  }

  async open(focus = true): Promise<void> {
    if (focus) this.heading.focus();
    await this.load(false);
  }

  private async load(say: boolean): Promise<void> {
    const asked = this.period.request();
    if (!asked) return;
    const seq = ++this.seq;
    if (!this.body.childElementCount) put(this.body, h('p', null, S.loading));
    try {
      const stats = await this.d.api.onSite<ModerationStatsView>('GET', `/moderation/stats?${asked.query}`);
      if (seq !== this.seq) return;
      this.draw(stats);
      if (say) this.d.say(asked.loaded);
    } catch (e) {
      if (seq === this.seq) put(this.body, h('p', { class: 'err', role: 'alert' }, D.statsFailed, ' ', (e as Error).message));
    }
  }

  private draw(s: ModerationStatsView): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    const t = s.totals;
    const posted = t.published + t.held + t.rejected + t.deleted;
    const decisions = s.moderators.reduce((n, m) => n + m.total, 0);
    const tile = (label: string, value: string, hint?: string) =>
      h('div', null, h('dt', null, label), h('dd', null, value), hint ? h('dd', { class: 'meta' }, hint) : null);
    const time = timeFigures(s);
    const modCanvas = h('canvas', { role: 'img', 'aria-label': D.perModeratorAlt(s.moderators.length) });
    const repCanvas = h('canvas', { role: 'img', 'aria-label': D.reportsAlt(s.reports.total, s.reports.open) });
    const modNames = s.moderators.map((m) => m.actorName ?? m.actorId);
    const reasons = (title: string, list: StatsCount[]) =>
      h(
        'section',
        { 'aria-label': title },
        h('h3', null, title),
        list.length
          ? table(
              title,
              [D.reason, D.count],
              list.map((r) => [r.reason, r.count]),
              true,
            )
          : h('p', { class: 'meta' }, D.noReasons),
      );
    put(
      this.body,
      h('h3', { class: 'sr' }, D.summary),
      h(
        'dl',
        { class: 'tiles' },
        tile(D.posted, String(posted)),
        tile(D.approvalRate, percent(s.approvalRate), D.rateHint),
        tile(D.rejectionRate, percent(s.rejectionRate)),
        tile(D.medianWait, duration(s.decisionTime.medianSeconds), D.waitHint),
        tile(D.p90Wait, duration(s.decisionTime.p90Seconds)),
        tile(D.decisions, String(decisions)),
        tile(D.openReports, String(s.reports.open)),
      ),
      ...time.figures,
      h(
        'div',
        { class: 'cols' },
        h(
          'figure',
          null,
          h('figcaption', null, D.perModerator),
          s.moderators.length
            ? [
                h('div', { class: 'chart short' }, modCanvas),
                table(
                  D.perModerator,
                  [D.moderator, D.approvedCol, D.rejectedCol, D.otherCol, D.total],
                  s.moderators.map((m, i) => [modNames[i], m.approved, m.rejected, m.other, m.total]),
                ),
              ]
            : h('p', { class: 'meta' }, D.noDecisions),
        ),
        h(
          'figure',
          null,
          h('figcaption', null, D.reports),
          h('div', { class: 'chart short' }, repCanvas),
          table(
            D.reports,
            [D.reason, D.count],
            Object.entries(s.reports.byReason).map(([r, n]) => [S.reportReasons[r] ?? r, n]),
          ),
        ),
      ),
      h('div', { class: 'cols' }, reasons(D.holdReasons, s.holdReasons), reasons(D.rejectReasons, s.rejectReasons)),
      activeArticles(s),
    );
    this.charts.push(...time.draw());
    if (s.moderators.length)
      this.charts.push(
        new Chart(modCanvas, {
          type: 'bar',
          data: {
            labels: modNames,
            datasets: [
              bars(
                D.approvedCol,
                s.moderators.map((m) => m.approved),
                COLORS.approved,
              ),
              bars(
                D.rejectedCol,
                s.moderators.map((m) => m.rejected),
                COLORS.rejected,
              ),
              bars(
                D.otherCol,
                s.moderators.map((m) => m.other),
                COLORS.other,
              ),
            ],
          },
          options: barOptions(true, true),
        }),
      );
    const rep = Object.entries(s.reports.byReason);
    this.charts.push(
      new Chart(repCanvas, {
        type: 'bar',
        data: {
          labels: rep.map(([r]) => S.reportReasons[r] ?? r),
          datasets: [
            bars(
              D.count,
              rep.map(([, n]) => n),
              COLORS.held,
            ),
          ],
        },
        options: { ...barOptions(false), plugins: { legend: { display: false } } },
      }),
    );
  }
}
