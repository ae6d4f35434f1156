import { COUNTED_QUEUES, type Queue, QUEUES, type QueueCounts } from '../../../common/contract';
import { h, put, uid } from '../shared/dom';
import { A } from './account-strings';
import { I, W } from './admin-strings';
import type { BulkDecision } from './client';
import { D } from './desk-strings';
import type { Me } from './session';
import { $app } from './signin';
import { S } from './strings';

/** The dashboard's tabs: one per queue, then the moderation log. */
export type Tab = Queue | 'log';
export const TABS: readonly Tab[] = [...QUEUES, 'log'];

/** The dashboard's screens, each at its own fragment (`#settings`); the queues are the first. */
export type View = 'queues' | 'stats' | 'settings' | 'staff' | 'sites' | 'webhooks' | 'import' | 'account' | 'people';
export const VIEWS: readonly View[] = ['queues', 'stats', 'settings', 'staff', 'sites', 'webhooks', 'import', 'account', 'people'];
/** Each screen's name, in the navigation and on its section. */
export const VIEW_NAMES: Record<View, string> = { ...A.views, webhooks: W.title, import: I.title, stats: D.statsTitle, people: D.historyTitle };
/** Screens reached from within others (a user's history, from an author's name), not from the navigation. */
const UNLISTED: readonly View[] = ['people'];

export interface LayoutActions {
  showTab(tab: Tab): void;
  tabKeys(e: KeyboardEvent): void;
  setFilter(articleId: string): void;
  loadMore(): void;
  showWaiting(): void;
  bulk(action: BulkDecision): void;
  clearSelection(): void;
  signOut(): void;
  signOutEverywhere(): void;
  /** Makes `site` the one the dashboard acts on. */
  switchSite(site: string): void;
}

/**
 * The signed-in page: header (who, the site worked on with its switcher, navigation between the
 * screens an account may use, sign-out),
 * and the queues screen: shortcut help, queue tabs with counts, the article filter, the queue and
 * the user panel. The other screens fill their own section (`views`).
 */
export class Layout {
  /** Each screen's section; only the current one is shown. */
  readonly views = {} as Record<View, HTMLElement>;
  private readonly links = {} as Partial<Record<View, HTMLAnchorElement>>;
  readonly tabs = {} as Record<Tab, HTMLButtonElement>;
  readonly counts = {} as Record<Tab, HTMLElement>;
  readonly filter: HTMLInputElement;
  readonly filterNote = h('p', { class: 'meta', hidden: true });
  readonly list = h('ul', { class: 'items', 'aria-label': '' });
  readonly more: HTMLButtonElement;
  readonly bulk = h('div', { class: 'bulk', role: 'region', 'aria-label': S.clearSelection, hidden: true });
  readonly bulkText = h('strong');
  readonly status = h('div', { class: 'sr', role: 'status', 'aria-live': 'polite' });
  /** The site worked on: its name, or the switcher when the member has more than one. */
  readonly siteBox = h('div', { class: 'site' });
  /** The switcher's list, when shown. */
  siteSelect: HTMLSelectElement | null = null;
  /** Says when live updates are off. */
  readonly live = h('p', { class: 'live', hidden: true });
  readonly newBtn: HTMLButtonElement;
  /** Holds the queue and, when open, the user panel beside it. */
  readonly columns = h('div', { class: 'layout' });
  readonly side = h('aside', { class: 'panel', hidden: true, 'aria-labelledby': 'panel-h', tabindex: '-1' });
  readonly help = h('section', { class: 'help', hidden: true, 'aria-labelledby': 'help-h' });
  private readonly helpButton: HTMLButtonElement;
  private readonly tabpanel = h('section', { id: 'queue-panel', role: 'tabpanel', 'aria-labelledby': 'tab-pending' });
  private readonly heading = h('h2', { class: 'sr', id: 'queue-h' });

  constructor(
    me: Me,
    screens: readonly View[],
    private readonly a: LayoutActions,
  ) {
    for (const v of VIEWS) this.views[v] = h('section', { class: `view view-${v}`, hidden: v !== 'queues', 'aria-label': VIEW_NAMES[v] });
    const listed = screens.filter((v) => !UNLISTED.includes(v));
    for (const v of listed) this.links[v] = h('a', { href: `#${v}` }, VIEW_NAMES[v]);
    for (const [i, t] of TABS.entries()) {
      this.counts[t] = h('span', { class: 'n', hidden: true });
      this.tabs[t] = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${t}`,
          'aria-controls': 'queue-panel',
          'aria-selected': 'false',
          tabindex: '-1',
          'aria-keyshortcuts': String(i + 1),
          onclick: () => a.showTab(t),
        },
        t === 'log' ? S.logTab : S.queues[t],
        ' ',
        this.counts[t],
      );
    }
    const filterId = uid('filter');
    const filter = (this.filter = h('input', {
      id: filterId,
      type: 'text',
      placeholder: S.filterPlaceholder,
      'aria-keyshortcuts': '/',
      autocomplete: 'off',
      spellcheck: 'false',
    }));
    this.more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => a.loadMore() }, S.loadMore);
    this.newBtn = h('button', { type: 'button', hidden: true, onclick: () => a.showWaiting() });
    this.helpButton = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-keyshortcuts': '?', onclick: () => this.toggleHelp() }, S.help);
    put(
      this.bulk,
      this.bulkText,
      h('button', { type: 'button', class: 'ok', onclick: () => a.bulk('approve'), 'aria-keyshortcuts': 'Shift+A' }, S.approveSelected),
      h('button', { type: 'button', class: 'no', onclick: () => a.bulk('reject'), 'aria-keyshortcuts': 'Shift+R' }, S.rejectSelected),
      h('button', { type: 'button', onclick: () => a.clearSelection() }, S.clearSelection),
    );
    put(this.help, h('h2', { id: 'help-h' }, S.help), h('dl', null, ...S.helpKeys.map(([k, v]) => [h('dt', null, h('kbd', null, k)), h('dd', null, v)])));
    put(this.tabpanel, this.heading, this.bulk, this.newBtn, this.list, this.more);
    put(this.columns, this.tabpanel, this.side);
    put(
      this.views.queues,
      this.help,
      h(
        'div',
        { class: 'toolbar' },
        h('div', { role: 'tablist', 'aria-label': S.tabsLabel, onkeydown: (e: KeyboardEvent) => a.tabKeys(e) }, ...TABS.map((t) => this.tabs[t])),
        h(
          'form',
          {
            class: 'filter',
            role: 'search',
            novalidate: true,
            onsubmit: (e: Event) => {
              e.preventDefault();
              a.setFilter(filter.value.trim());
            },
          },
          h('label', { for: filterId }, S.filterLabel),
          filter,
          h('button', { type: 'submit' }, S.filterApply),
          h('button', { type: 'button', onclick: () => a.setFilter('') }, S.filterClear),
        ),
      ),
      this.filterNote,
      this.live,
      this.columns,
    );
    const role = me.owner ? A.owner : me.role;
    put(
      $app(),
      h(
        'header',
        { class: 'bar' },
        h('h1', null, S.title),
        me.session ? this.siteBox : null,
        listed.length > 1 ? h('nav', { 'aria-label': A.nav }, h('ul', null, ...listed.map((v) => h('li', null, this.links[v])))) : null,
        h(
          'div',
          { class: 'who' },
          h('span', { class: 'meta' }, S.signedInAs(me.name, role)),
          this.helpButton,
          h('button', { type: 'button', onclick: () => a.signOut() }, S.signOut),
          me.session ? h('button', { type: 'button', onclick: () => a.signOutEverywhere() }, A.signOutEverywhere) : null,
        ),
      ),
      h('main', { id: 'main', tabindex: '-1' }, this.status, ...VIEWS.map((v) => this.views[v])),
    );
    this.showSites(me);
    this.showView('queues');
  }

  /** The site worked on, by name; with more than one, a list to switch and its button (switching changes every screen, so it waits for the button). */
  showSites(me: Me): void {
    const current = me.sites.find((x) => x.id === me.site) ?? { id: me.site, name: me.site };
    this.siteSelect = null;
    if (me.sites.length < 2) return put(this.siteBox, h('p', { class: 'meta' }, A.siteIs, ' ', h('strong', null, current.name)));
    const id = uid('site');
    const select = (this.siteSelect = h(
      'select',
      { id, 'aria-describedby': `${id}-now` },
      ...me.sites.map((x) => h('option', { value: x.id, selected: x.id === me.site }, x.name === x.id ? x.id : `${x.name} (${x.id})`)),
    ));
    put(
      this.siteBox,
      h(
        'form',
        {
          class: 'switch',
          novalidate: true,
          onsubmit: (e: Event) => {
            e.preventDefault();
            this.a.switchSite(select.value);
          },
        },
        h('label', { for: id }, A.siteLabel),
        select,
        h('button', { type: 'submit' }, A.switchSite),
        h('span', { class: 'sr', id: `${id}-now` }, A.siteNow(current.name)),
      ),
    );
  }

  /** Shows screen `v` alone and marks its link as the current page. */
  showView(v: View): void {
    for (const x of VIEWS) {
      this.views[x].hidden = x !== v;
      if (x === v) this.links[x]?.setAttribute('aria-current', 'page');
      else this.links[x]?.removeAttribute('aria-current');
    }
    this.helpButton.hidden = v !== 'queues';
    if (v !== 'queues' && !this.help.hidden) this.toggleHelp();
  }

  /** Marks `tab` selected (roving tabindex) and names the panel after it. */
  selectTab(tab: Tab, focus: boolean): void {
    for (const t of TABS) {
      const on = t === tab;
      this.tabs[t].setAttribute('aria-selected', String(on));
      this.tabs[t].tabIndex = on ? 0 : -1;
    }
    if (focus && document.activeElement?.getAttribute('role') !== 'tab') this.tabs[tab].focus();
    this.tabpanel.setAttribute('aria-labelledby', `tab-${tab}`);
    put(this.heading, tab === 'log' ? S.logTitle : S.queues[tab]);
  }

  showFilter(articleId: string): void {
    this.filter.value = articleId;
    this.filterNote.hidden = !articleId;
    put(this.filterNote, articleId ? S.filtered(articleId) : '');
  }

  setCounts(c: QueueCounts): void {
    for (const q of COUNTED_QUEUES) {
      const n = this.counts[q];
      n.hidden = false;
      n.textContent = String(c[q]);
    }
  }

  toggleHelp(): void {
    this.help.hidden = !this.help.hidden;
    this.helpButton.setAttribute('aria-expanded', String(!this.help.hidden));
  }
}
