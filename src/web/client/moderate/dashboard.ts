import type { StaffSessionView } from '../../../common/staff-contract';
import type { ApiError } from '../shared/api';
import { announce, h, put } from '../shared/dom';
import { refreshTimes } from '../shared/time';
import { A } from './account-strings';
import { AccountScreen } from './account';
import { ModerationApi } from './client';
import { ImportScreen } from './import';
import { Decisions } from './decisions';
import { onKey, tabKeys } from './keys';
import { Layout, type Tab, type View, VIEWS } from './layout';
import { showAccept, showReset, takeLink, toDashboard } from './links';
import { ModerationLive } from './live';
import { QueueList } from './queue';
import { currentSession, endSession, keepSite, type Me, pickSite, sessionMe, siteChoices, tokenMe } from './session';
import { SettingsScreen } from './settings';
import { SitesScreen } from './sites';
import { forgetToken, keepToken, refusal, savedToken, showSignIn, signedOutPage } from './signin';
import { PeopleScreen } from './people';
import { searchForm } from './search-form';
import { StaffScreen } from './staff';
import { StatsScreen } from './stats';
import { S } from './strings';
import { UserPanel } from './user-panel';
import { WebhooksScreen } from './webhooks';

/** Where the compact-cards choice is kept. */
const COMPACT_KEY = 'parley.moderator.compact';

/** What the dashboard's parts share once a moderator is signed in. */
export interface Desk {
  readonly api: ModerationApi;
  readonly el: Layout;
  readonly tab: Tab;
  /** The article id the queues are narrowed to, or ''. */
  readonly filter: string;
  readonly queue: QueueList;
  readonly decisions: Decisions;
  readonly panel: UserPanel;
  say(text: string): void;
  showTab(tab: Tab, focusTab?: boolean): Promise<void>;
  setFilter(articleId: string): void;
  /** Compact cards (shorter, more per screen) or full ones; remembered in the browser. */
  toggleCompact(): void;
  /** Says what the list shows when it is not a queue (search results, one comment); '' hides it. */
  searchShown(label: string): void;
  /** Puts focus in the search box. */
  focusSearch(): void;
  refreshCounts(): Promise<void>;
  signOut(message?: string): void;
  /** Makes `site` the one every screen, request and the socket act on (staff sessions). */
  switchSite(site: string, announce?: boolean): Promise<void>;
  /** The member's sites changed (one was made or renamed): the switcher is drawn anew. */
  sitesChanged(): Promise<void>;
}

/**
 * The screens an account may open on its site: admins also change the settings, and with a staff
 * session, the staff and the site itself (owners, who make sites, always see the sites screen).
 */
function screensFor(me: Me): View[] {
  const admin = me.role === 'admin';
  return VIEWS.filter(
    (v) =>
      v === 'queues' ||
      v === 'stats' ||
      v === 'people' ||
      ((v === 'settings' || v === 'webhooks' || v === 'import') && admin) ||
      (me.session && (v === 'account' || (v === 'staff' && admin) || (v === 'sites' && (admin || me.owner)))),
  );
}

/** The moderator dashboard: sign-in (or an invitation or reset link), then the desk its parts make up. */
export class Dashboard implements Desk {
  readonly api = new ModerationApi((e) => this.refused(e));
  // These outlast a sign-out, so signing in again returns to the same tab and filter.
  tab: Tab = 'pending';
  filter = '';
  /** The signed-in page, drawn anew at each sign-in. */
  el!: Layout;
  readonly queue: QueueList = new QueueList(this);
  readonly decisions: Decisions = new Decisions(this);
  readonly panel: UserPanel = new UserPanel(this);
  private live: ModerationLive | null = null;
  private view: View = 'queues';
  /** The screen object route() last opened (screens are made anew with each drawing of the dashboard). */
  private openScreen: { open(focus?: boolean): Promise<void> } | null = null;
  private screens: View[] = [];
  private settings: SettingsScreen | null = null;
  private staff: StaffScreen | null = null;
  private sites: SitesScreen | null = null;
  private account: AccountScreen | null = null;
  private webhooks: WebhooksScreen | null = null;
  private importer: ImportScreen | null = null;
  private stats: StatsScreen | null = null;
  private people: PeopleScreen | null = null;
  /** The fragment route() last opened a screen for (a user's history opens anew for another user). */
  private openHash = '';

  start(): void {
    document.addEventListener('keydown', (e) => {
      if (this.api.me && this.view === 'queues') onKey(this, e);
      else if (this.api.me && this.view === 'people') this.people?.onKey(e);
    });
    window.addEventListener('hashchange', () => {
      if (this.api.me) this.route(true);
    });
    setInterval(() => refreshTimes(document, 'time[data-rel]', S.time), 30_000);
    const link = takeLink();
    if (link?.kind === 'accept') return showAccept(link.token, (view) => this.enterSession(view));
    if (link?.kind === 'reset') return void showReset(link.token, (email) => (toDashboard(), this.signInView(A.passwordSet, 'ok', email)));
    const saved = savedToken();
    if (saved) return void this.signInToken(saved, true);
    signedOutPage(h('p', { class: 'meta' }, S.loading));
    void currentSession().then((s) => (s ? this.enterSession(s) : this.signInView()));
  }

  private signInView(message = '', tone: 'err' | 'ok' = 'err', email = ''): void {
    this.stopLive();
    this.api.me = null;
    showSignIn(
      message,
      tone,
      {
        token: (token, err) => void this.signInToken(token, false, err),
        session: (view) => this.enterSession(view),
      },
      email,
    );
  }

  private stopLive(): void {
    this.live?.disconnect();
    this.live = null;
  }

  /** `silent`: a token kept from an earlier visit, which shows the sign-in page when refused. */
  private async signInToken(token: string, silent: boolean, err?: HTMLElement): Promise<void> {
    const me = tokenMe(token);
    if (!me) return this.signInView(S.badToken);
    const refused = await refusal(token);
    if (refused !== null) {
      if (silent) return this.signInView();
      if (err) put(err, refused);
      return;
    }
    keepToken(token);
    await this.enter(me);
  }

  /** A staff session started (password, invitation) or found: it replaces any token kept before, and opens the site chosen last. */
  private enterSession(view: StaffSessionView): void {
    toDashboard();
    void siteChoices(view).then((sites) => {
      const site = pickSite(sites);
      if (!site) return this.signInView(A.noRole);
      forgetToken();
      return this.enter(sessionMe(view, site, sites));
    });
  }

  async switchSite(site: string, say = true): Promise<void> {
    const me = this.api.me;
    if (!me?.session || !me.sites.some((s) => s.id === site)) return;
    keepSite(site);
    if (site === me.site) return void (say && this.say(A.siteNow(this.siteName(me))));
    // The settings form belongs to this site: its unsaved changes are not dropped by a switch.
    if (this.view === 'settings' && this.settings?.unsaved) {
      if (this.el.siteSelect) this.el.siteSelect.value = me.site;
      this.settings.warn(A.saveBeforeSwitch);
      return this.say(A.saveBeforeSwitch);
    }
    const next = sessionMe(me.session, site, me.sites);
    // Focus stays where the switch was asked for (the header is drawn anew); the new site is said.
    await this.enter(next, true);
    if (say) this.say(A.siteNow(this.siteName(next)));
  }

  async sitesChanged(): Promise<void> {
    const me = this.api.me;
    if (!me?.session) return;
    me.sites = await siteChoices(me.session);
    this.el.showSites(me);
  }

  private siteName(me: Me): string {
    return me.sites.find((s) => s.id === me.site)?.name ?? me.site;
  }

  /** `switched`: a site switch from the header, where focus stays (on the new switcher). */
  private async enter(me: Me, switched = false): Promise<void> {
    this.stopLive();
    this.api.me = me;
    this.screens = screensFor(me);
    this.el = new Layout(me, this.screens, {
      showTab: (t) => void this.showTab(t),
      tabKeys: (e) => tabKeys(this, e),
      setFilter: (id) => this.setFilter(id),
      loadMore: () => void this.queue.loadMore(),
      showWaiting: () => this.queue.showWaiting(),
      bulk: (action) => void this.decisions.bulk(action),
      clearSelection: () => this.queue.clearSelection(),
      signOut: () => this.signOut(),
      signOutEverywhere: () => void this.signOutEverywhere(),
      switchSite: (site) => void this.switchSite(site),
    });
    const { views } = this.el;
    this.settings = this.screens.includes('settings') ? new SettingsScreen(this, views.settings) : null;
    this.staff = this.screens.includes('staff') ? new StaffScreen(this, views.staff) : null;
    this.sites = this.screens.includes('sites') ? new SitesScreen(this, views.sites) : null;
    this.account = this.screens.includes('account') ? new AccountScreen(this, views.account) : null;
    this.webhooks = this.screens.includes('webhooks') ? new WebhooksScreen(this, views.webhooks) : null;
    this.importer = this.screens.includes('import') ? new ImportScreen(this, views.import) : null;
    this.stats = new StatsScreen(this, views.stats);
    this.people = new PeopleScreen(this, views.people);
    this.live = new ModerationLive(this, me.token ?? null, me.session ? me.site : null);
    if (switched) this.el.siteSelect?.focus();
    this.drawDeskBar();
    void this.refreshCounts();
    await this.showTab(this.tab, false);
    this.route(false, !switched);
  }

  /**
   * Opens the screen the fragment names (`#settings`); other fragments (the skip link's `#main`) leave it.
   * `focus`: the queue's tab takes focus even when something else has it; `move` false: focus stays where it is.
   */
  private route(focus: boolean, move = true): void {
    // `#people/<user id>` opens the people screen for that user.
    const wanted = location.hash.slice(1).split('/')[0] || 'queues';
    if (!(VIEWS as readonly string[]).includes(wanted)) return;
    const v = this.screens.includes(wanted as View) ? (wanted as View) : 'queues';
    this.view = v;
    this.el.showView(v);
    if (v === 'queues') {
      this.openScreen = null;
      if (move && (focus || document.activeElement === document.body)) this.el.tabs[this.tab].focus();
      return;
    }
    const screens = {
      stats: this.stats,
      people: this.people,
      settings: this.settings,
      staff: this.staff,
      sites: this.sites,
      account: this.account,
      webhooks: this.webhooks,
      import: this.importer,
    };
    const screen = screens[v];
    // Opened once per drawing: a hashchange that lands while the dashboard is being drawn, and the
    // drawing's own route, would otherwise load the screen twice and redraw it under the user's click.
    if (screen && screen === this.openScreen && location.hash === this.openHash) return;
    this.openScreen = screen ?? null;
    this.openHash = location.hash;
    void screen?.open(move);
  }

  /** A call was refused: a token or session that ended signs out; a session whose role changed is drawn anew. */
  private refused(e: ApiError): void {
    const me = this.api.me;
    if (!me) return;
    if (e.code === 'WRONG_ROLE') {
      if (!me.session) return;
      this.api.me = null;
      void currentSession().then((s) => (s ? this.enterSession(s) : this.signOut(A.sessionEnded)));
      return;
    }
    this.signOut(me.session ? A.sessionEnded : e.code === 'TOKEN_EXPIRED' ? S.expired : S.invalid);
  }

  signOut(message = ''): void {
    const me = this.api.me;
    forgetToken();
    if (me?.session && !message) void endSession(me).catch(() => undefined);
    if (location.hash) history.replaceState(null, '', '/moderate');
    this.signInView(message || (me?.session ? A.signedOut : ''), message ? 'err' : 'ok');
  }

  private async signOutEverywhere(): Promise<void> {
    const me = this.api.me;
    if (!me?.session) return;
    try {
      await endSession(me, true);
    } catch {
      /* the session may have ended already: signed out either way */
    }
    forgetToken();
    if (location.hash) history.replaceState(null, '', '/moderate');
    this.signInView(A.signedOutEverywhere, 'ok');
  }

  say(text: string): void {
    announce(this.el.status, text);
  }

  async showTab(tab: Tab, focusTab = true): Promise<void> {
    this.tab = tab;
    this.el.selectTab(tab, focusTab);
    return this.queue.load(tab);
  }

  setFilter(articleId: string): void {
    if (articleId && !/^[A-Za-z0-9._:~/-]{1,200}$/.test(articleId)) return this.say(S.error('not an article id'));
    this.filter = articleId;
    this.el.showFilter(articleId);
    void this.refreshCounts();
    // Out of the filter box (or off a button about to be redrawn): the next key is a shortcut again.
    const from = document.activeElement;
    const leaving = from === document.body || !!from?.closest('form.filter, ul.items');
    void this.showTab(this.tab, false);
    if (leaving) this.el.tabs[this.tab].focus();
  }

  private compactButton: HTMLButtonElement | null = null;

  private searchInput: HTMLInputElement | null = null;
  private readonly searchNote = h('p', { class: 'searchnote', hidden: true });

  /** The bar above the queue: search (words, status and more filters; the article filter applies) and the compact-cards switch. */
  private drawDeskBar(): void {
    const on = localStorage.getItem(COMPACT_KEY) === '1';
    this.compactButton = h('button', { type: 'button', 'aria-pressed': String(on), 'aria-keyshortcuts': 'c', onclick: () => this.toggleCompact() }, S.compact);
    this.el.list.classList.toggle('compact', on);
    // Words and status, and behind "More filters" author, article, reason, dates, reported and order (search-form.ts).
    const { form, words } = searchForm({
      articleFilter: () => this.filter,
      say: (text) => this.say(text),
      search: (r) => void this.queue.search(r.query, r.label),
    });
    this.searchInput = words;
    this.el.columns.before(h('div', { class: 'deskbar' }, form, this.compactButton), this.searchNote);
  }

  searchShown(label: string): void {
    this.searchNote.hidden = !label;
    put(this.searchNote, label ? [label, ' ', h('span', { class: 'meta' }, S.backToQueues)] : '');
  }

  focusSearch(): void {
    this.searchInput?.focus();
  }

  toggleCompact(): void {
    const on = !this.el.list.classList.contains('compact');
    this.el.list.classList.toggle('compact', on);
    this.compactButton?.setAttribute('aria-pressed', String(on));
    try {
      localStorage.setItem(COMPACT_KEY, on ? '1' : '0');
    } catch {
      /* private mode: for this visit only */
    }
    this.queue.currentRow?.box.scrollIntoView({ block: 'nearest' });
  }

  async refreshCounts(): Promise<void> {
    try {
      this.el.setCounts(await this.api.counts(this.filter));
    } catch {
      /* shown by the next action */
    }
  }
}
