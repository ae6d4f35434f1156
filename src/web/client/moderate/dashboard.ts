import { claimsOf } from '../shared/api';
import { announce, put } from '../shared/dom';
import { refreshTimes } from '../shared/time';
import { ModerationApi } from './client';
import { Decisions } from './decisions';
import { onKey, tabKeys } from './keys';
import { Layout, type Tab } from './layout';
import { ModerationLive } from './live';
import { QueueList } from './queue';
import { forgetToken, keepToken, refusal, savedToken, showSignIn } from './signin';
import { S } from './strings';
import { UserPanel } from './user-panel';

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
  refreshCounts(): Promise<void>;
  signOut(message?: string): void;
}

/** The moderator dashboard: sign-in, then the desk its parts (queue, decisions, user panel, live updates) make up. */
export class Dashboard implements Desk {
  readonly api = new ModerationApi((e) => this.signOut(e.code === 'TOKEN_EXPIRED' ? S.expired : S.invalid));
  // These outlast a sign-out, so signing in again returns to the same tab and filter.
  tab: Tab = 'pending';
  filter = '';
  /** The signed-in page, drawn anew at each sign-in. */
  el!: Layout;
  readonly queue: QueueList = new QueueList(this);
  readonly decisions: Decisions = new Decisions(this);
  readonly panel: UserPanel = new UserPanel(this);
  private live: ModerationLive | null = null;

  start(): void {
    const saved = savedToken();
    if (saved) void this.signIn(saved, true);
    else this.signInView();
    document.addEventListener('keydown', (e) => {
      if (this.api.token) onKey(this, e);
    });
    setInterval(() => refreshTimes(document, 'time[data-rel]', S.time), 30_000);
  }

  private signInView(message = ''): void {
    this.live?.disconnect();
    this.live = null;
    this.api.token = null;
    showSignIn(message, (token, err) => void this.signIn(token, false, err));
  }

  /** `silent`: a token kept from an earlier visit, which shows the sign-in page when refused. */
  private async signIn(token: string, silent: boolean, err?: HTMLElement): Promise<void> {
    const c = claimsOf(token);
    if (!c) return this.signInView(S.badToken);
    const refused = await refusal(token);
    if (refused !== null) {
      if (silent) return this.signInView();
      if (err) put(err, refused);
      return;
    }
    this.api.token = token;
    keepToken(token);
    this.el = new Layout(c, {
      showTab: (t) => void this.showTab(t),
      tabKeys: (e) => tabKeys(this, e),
      setFilter: (id) => this.setFilter(id),
      loadMore: () => void this.queue.loadMore(),
      showWaiting: () => this.queue.showWaiting(),
      bulk: (action) => void this.decisions.bulk(action),
      clearSelection: () => this.queue.clearSelection(),
      signOut: () => this.signOut(),
    });
    this.live?.disconnect();
    this.live = new ModerationLive(this, token);
    void this.refreshCounts();
    await this.showTab(this.tab, false);
    this.el.tabs[this.tab].focus();
  }

  signOut(message = ''): void {
    forgetToken();
    this.signInView(message);
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
    void this.showTab(this.tab, false);
  }

  async refreshCounts(): Promise<void> {
    try {
      this.el.setCounts(await this.api.counts(this.filter));
    } catch {
      /* shown by the next action */
    }
  }
}
