import type { Desk } from './dashboard';
import { canApprove } from './decisions';
import { TABS } from './layout';

/** The single-key shortcuts (listed in the help, S.helpKeys), for the page outside text fields and the user panel. */
export function onKey(d: Desk, e: KeyboardEvent): void {
  const t = e.target as HTMLElement;
  const typing = t.closest('input[type=text], textarea, select, [contenteditable]') !== null;
  if (e.key === 'Escape') {
    if (d.panel.isOpen) return d.panel.close();
    if (!d.el.help.hidden) return d.el.toggleHelp();
    if (typing) t.blur();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  if (d.panel.isOpen && t.closest('aside.panel')) return;
  const { queue, decisions } = d;
  const r = queue.currentRow;
  const key = e.key;
  let handled = true;
  if (key === 'j') queue.move(queue.current + 1);
  else if (key === 'k') queue.move(queue.current < 0 ? 0 : queue.current - 1);
  else if (key >= '1' && key <= String(TABS.length)) {
    // Focus goes to the new tab (as arrow keys do), from wherever it was.
    const tab = TABS[Number(key) - 1];
    void d.showTab(tab);
    d.el.tabs[tab].focus();
  } else if (key === 'z' && decisions.canUndo) void decisions.undo();
  else if (key === 'c') d.toggleCompact();
  else if (key === 's') d.focusSearch();
  else if (key === '/') d.el.filter.focus();
  else if (key === '?') d.el.toggleHelp();
  else if (key === 'A') void decisions.bulk('approve');
  else if (key === 'R') void decisions.bulk('reject');
  else if (!r || d.tab === 'log') handled = false;
  else if (key === 'a' && canApprove(r.item, d.tab)) void decisions.decide(r, 'approve');
  else if (key === 'r' && r.item.status !== 'rejected') decisions.askReject(r);
  else if (key === 'f' && r.item.status === 'approved') void decisions.decide(r, r.item.featured ? 'unfeature' : 'feature');
  else if (key === 'x') queue.toggleSelect(r.item.id);
  else if (key === 'o') void queue.focusOn(r.item.id);
  else if (key === 'u') void d.panel.open(r.item.author?.id ?? r.item.authorSummary.id, r.box);
  else handled = false;
  if (handled) e.preventDefault();
}

/** Arrow keys, Home and End move along the tabs (the ARIA tabs pattern). */
export function tabKeys(d: Desk, e: KeyboardEvent): void {
  const i = TABS.indexOf(d.tab);
  let next = -1;
  if (e.key === 'ArrowRight') next = (i + 1) % TABS.length;
  else if (e.key === 'ArrowLeft') next = (i - 1 + TABS.length) % TABS.length;
  else if (e.key === 'Home') next = 0;
  else if (e.key === 'End') next = TABS.length - 1;
  if (next < 0) return;
  e.preventDefault();
  void d.showTab(TABS[next]);
  d.el.tabs[TABS[next]].focus();
}
