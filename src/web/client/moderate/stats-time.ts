import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartDataset,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ModerationStatsView, StatsPoint } from '../../../common/desk-contract';
import { h } from '../shared/dom';
import { D, duration } from './desk-strings';
import { table } from './stats-tables';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Colours apart for colour-blind readers too (Okabe-Ito), each series also named in the legend and its table. */
export const COLORS = { published: '#009E73', held: '#E69F00', rejected: '#D55E00', deleted: '#999999', approved: '#0072B2', other: '#CC79A7' };

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A point's name in the tables: its day (the UTC day when buckets are UTC days, as `perDay` names
 * them; else the local one), or its local day and hour.
 */
function pointName(p: StatsPoint, hourly: boolean): string {
  if (!hourly && p.at.endsWith('T00:00:00.000Z')) return p.at.slice(0, 10);
  const d = new Date(p.at);
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return hourly ? `${day} ${pad(d.getHours())}:00` : day;
}

/** The charts' shorter labels: `MM-DD`, or `HH:00` (with the day when the period spans several). */
function shortName(name: string, hourly: boolean, severalDays: boolean): string {
  if (!hourly) return name.slice(5);
  return severalDays ? name.slice(5) : name.slice(11);
}

export const barOptions = (stacked: boolean, horizontal = false) => ({
  animation: false as const,
  responsive: true,
  maintainAspectRatio: false,
  indexAxis: horizontal ? ('y' as const) : ('x' as const),
  scales: { x: { stacked, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked, beginAtZero: true, ticks: { precision: 0 } } },
  plugins: { legend: { position: 'bottom' as const } },
});

export const bars = (label: string, data: number[], color: string): ChartDataset<'bar', number[]> => ({ label, data, backgroundColor: color, borderWidth: 0 });

/**
 * The period over time (the answer's `series`): comments per hour or day by status, the pending
 * queue at each one's end, and the median wait for a first decision; each chart an image with a
 * summary and the same figures as a table. `draw` makes the charts once the figures are in the page.
 */
export function timeFigures(s: ModerationStatsView): { figures: HTMLElement[]; draw: () => Chart[] } {
  const hourly = s.bucket === 'hour';
  const names = s.series.map((p) => pointName(p, hourly));
  const severalDays = hourly && new Set(names.map((n) => n.slice(0, 10))).size > 1;
  const labels = names.map((n) => shortName(n, hourly, severalDays));
  const t = s.totals;
  const unit = hourly ? D.hour : D.day;
  const perCanvas = h('canvas', {
    role: 'img',
    'aria-label': hourly ? D.perHourAlt(s.series.length, t.published, t.held, t.rejected) : D.perDayAlt(s.days, t.published, t.held, t.rejected),
  });
  const queue = s.series.map((p) => p.queue);
  const queueCanvas = h('canvas', { role: 'img', 'aria-label': D.queueAlt(Math.max(0, ...queue), queue[queue.length - 1] ?? 0) });
  const decided = s.series.reduce((n, p) => n + p.decisions, 0);
  const medianCanvas = h('canvas', { role: 'img', 'aria-label': D.medianAlt(decided) });
  const perCaption = hourly ? D.perHour : D.perDay;
  const figures = [
    h(
      'figure',
      null,
      h('figcaption', null, perCaption),
      h('div', { class: 'chart' }, perCanvas),
      table(
        perCaption,
        [unit, D.published, D.held, D.rejected, D.deleted],
        s.series.map((p, i) => [names[i], p.published, p.held, p.rejected, p.deleted]),
      ),
    ),
    h(
      'div',
      { class: 'cols' },
      h(
        'figure',
        null,
        h('figcaption', null, D.queueOverTime),
        h('div', { class: 'chart short' }, queueCanvas),
        table(
          D.queueOverTime,
          [unit, D.waiting],
          s.series.map((p, i) => [names[i], p.queue]),
        ),
      ),
      h(
        'figure',
        null,
        h('figcaption', null, D.medianOverTime),
        h('div', { class: 'chart short' }, medianCanvas),
        table(
          D.medianOverTime,
          [unit, D.decisions, D.medianCol],
          s.series.map((p, i) => [names[i], p.decisions, duration(p.medianDecisionSeconds)]),
        ),
      ),
    ),
  ];
  const line = (label: string, data: (number | null)[], color: string): ChartDataset<'line', (number | null)[]> => ({
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    pointRadius: 2,
    spanGaps: true,
  });
  const draw = () => [
    new Chart(perCanvas, {
      type: 'bar',
      data: {
        labels,
        datasets: (['published', 'held', 'rejected', 'deleted'] as const).map((k) =>
          bars(
            D[k],
            s.series.map((p) => p[k]),
            COLORS[k],
          ),
        ),
      },
      options: barOptions(true),
    }),
    new Chart(queueCanvas, {
      type: 'line',
      data: { labels, datasets: [line(D.waiting, queue, COLORS.held)] },
      options: { ...barOptions(false), plugins: { legend: { display: false } } },
    }),
    new Chart(medianCanvas, {
      type: 'line',
      // Minutes read better on the axis than seconds; the table says each wait in full.
      data: {
        labels,
        datasets: [
          line(
            `${D.medianCol} (min)`,
            s.series.map((p) => (p.medianDecisionSeconds === null ? null : Math.round(p.medianDecisionSeconds / 6) / 10)),
            COLORS.approved,
          ),
        ],
      },
      options: { ...barOptions(false), plugins: { legend: { display: false } } },
    }),
  ];
  return { figures, draw };
}
