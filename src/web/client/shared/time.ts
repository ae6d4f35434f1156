export interface TimeStrings {
  justNow: string;
  minutes: (n: number) => string;
  hours: (n: number) => string;
  yesterday: string;
  days: (n: number) => string;
}

/** The English relative times, shared by the widget's and the dashboard's string tables. */
export const EN_TIME: TimeStrings = {
  justNow: 'just now',
  minutes: (n: number) => `${n} min ago`,
  hours: (n: number) => `${n} h ago`,
  yesterday: 'yesterday',
  days: (n: number) => `${n} days ago`,
};

/** The language dates are written in (the embed sets the widget's; the dashboard keeps British English). */
let dateLocale = 'en-GB';
export const setDateLocale = (tag: string) => (dateLocale = tag);

/** "just now", "3 min ago", "2 h ago", "yesterday", "4 days ago", then a date. */
export function relTime(iso: string, s: TimeStrings, now = Date.now()): string {
  const t = Date.parse(iso);
  const sec = Math.max(0, (now - t) / 1000);
  if (sec < 45) return s.justNow;
  if (sec < 60 * 60) return s.minutes(Math.max(1, Math.round(sec / 60)));
  if (sec < 24 * 3600) return s.hours(Math.floor(sec / 3600));
  if (sec < 48 * 3600) return s.yesterday;
  if (sec < 7 * 86400) return s.days(Math.floor(sec / 86400));
  const d = new Date(t);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return d.toLocaleDateString(dateLocale, { day: 'numeric', month: 'short', year: sameYear ? undefined : 'numeric' });
}

/** Full timestamp for the title attribute. */
export const fullTime = (iso: string) => new Date(iso).toLocaleString(dateLocale, { dateStyle: 'medium', timeStyle: 'short' });

/** Brings every relative time under `root` up to date (they are drawn once, then age). */
export function refreshTimes(root: ParentNode, selector: string, s: TimeStrings): void {
  for (const t of Array.from(root.querySelectorAll(selector))) t.textContent = relTime(t.getAttribute('datetime')!, s);
}
