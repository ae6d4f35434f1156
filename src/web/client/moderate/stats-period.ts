import { STATS_MAX_DAYS } from '../../../common/desk-contract';
import { h, put, uid } from '../shared/dom';
import { D } from './desk-strings';

/** What to ask GET /moderation/stats and what to announce once it answers. */
export interface StatsRequest {
  query: string;
  loaded: string;
}

/** A local calendar day (`YYYY-MM-DD` from a date field) as the instant it starts. */
const dayStart = (v: string, plusDays = 0): Date => {
  const [y, m, d] = v.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays);
};

/**
 * The Statistics screen's period: a preset (today by hour, the last 7 or 30 days) or "Dates…",
 * two date fields (local days, both included) sent as a free range. Dates that make no range are
 * said beside the fields and nothing is asked.
 */
export class StatsPeriod {
  readonly el: HTMLElement;
  readonly select: HTMLSelectElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly dates: HTMLFormElement;
  private readonly err = h('p', { class: 'err', role: 'alert', hidden: true });

  constructor(onChange: () => void) {
    const ids = { period: uid('period'), from: uid('sfrom'), to: uid('sto') };
    this.select = h(
      'select',
      {
        id: ids.period,
        onchange: () => {
          this.dates.hidden = this.select.value !== 'range';
          if (this.dates.hidden) return onChange();
          this.from.focus();
        },
      },
      ...D.windows.map(([v, l]) => h('option', { value: v, selected: v === '7' }, l)),
    );
    this.from = h('input', { type: 'date', id: ids.from });
    this.to = h('input', { type: 'date', id: ids.to });
    this.dates = h(
      'form',
      {
        class: 'stats-dates',
        'aria-label': D.rangeLabel,
        hidden: true,
        novalidate: true,
        // Digits typed into a date field are the date, not the desk's shortcuts.
        onkeydown: (e: KeyboardEvent) => e.key !== 'Escape' && e.stopPropagation(),
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (this.request()) onChange();
        },
      },
      h('span', null, h('label', { for: ids.from }, D.rangeFrom), this.from),
      h('span', null, h('label', { for: ids.to }, D.rangeTo), this.to),
      h('button', { type: 'submit' }, D.rangeShow),
    );
    this.el = h('span', { class: 'stats-period' }, h('span', null, h('label', { for: ids.period }, D.window), this.select), this.dates, this.err);
  }

  /** The request for the period chosen, or null (and the reason said) when the dates make no range. */
  request(): StatsRequest | null {
    this.fail('');
    if (this.select.value !== 'range') {
      const days = Number(this.select.value);
      return { query: `days=${days}`, loaded: D.statsLoaded(days) };
    }
    const [f, t] = [this.from.value, this.to.value];
    const from = f ? dayStart(f) : null;
    const to = t ? dayStart(t, 1) : null;
    if (!from || !to || from >= to || to.getTime() - from.getTime() > STATS_MAX_DAYS * 86_400_000) {
      this.fail(D.badStatsRange(STATS_MAX_DAYS));
      (f ? this.to : this.from).focus();
      return null;
    }
    return { query: `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`, loaded: D.rangeLoaded(f, t) };
  }

  private fail(text: string): void {
    this.err.hidden = !text;
    put(this.err, text);
    for (const x of [this.from, this.to]) x.toggleAttribute('aria-invalid', !!text);
  }
}
