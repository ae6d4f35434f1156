/**
 * The moderator dashboard at /moderate: queues as tabs with live counts, keyboard-first
 * decisions, bulk actions, a user panel with sanctions, and the moderation log.
 */
import { io, Socket } from 'socket.io-client';
import type { QueueItem } from '../../../common/contract';
import { ApiError, call, claimsOf, enc } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import { reasonText, S } from './strings';

type Queue = 'pending' | 'reported' | 'unmoderated' | 'approved' | 'rejected';
type Tab = Queue | 'log';
const QUEUES: Queue[] = ['pending', 'reported', 'unmoderated', 'approved', 'rejected'];
const TABS: Tab[] = [...QUEUES, 'log'];
const COUNTED: Queue[] = ['pending', 'reported', 'unmoderated'];
const NEWEST_FIRST = new Set<Queue>(['approved', 'rejected']);
const TOKEN_KEY = 'parley.moderator.token';
const PAGE = 25;

/** A queue item exactly as the service sends it. */
type Item = QueueItem;

interface LogEntry {
  id: string; actorId: string; action: string; commentId: string | null; userId: string | null; articleId: string | null;
  fromStatus: string | null; toStatus: string | null; reason: string | null; createdAt: string;
}

interface UserView {
  id: string; name: string; role: string; status: string; suspendedUntil: string | null; sanctionReason: string | null;
  premod: boolean; approved: number; rejected: number; createdAt: string;
}

interface Row { item: Item; li: HTMLLIElement; box: HTMLElement; check: HTMLInputElement }

const $app = () => document.getElementById('app')!;

class Dashboard {
  private token: string | null = null;
  private me: { sub: string; name: string; role?: string } | null = null;
  private tab: Tab = 'pending';
  private articleFilter = '';
  private rows: Row[] = [];
  private current = -1;
  private selected = new Set<string>();
  private nextCursor: string | null = null;
  private waiting: Item[] = [];
  private mine = new Set<string>();
  private socket: Socket | null = null;
  private loadSeq = 0;
  private countsTimer = 0;
  private panelUser: string | null = null;
  private panelReturn: HTMLElement | null = null;

  private el!: {
    tabs: Record<string, HTMLButtonElement>; counts: Record<string, HTMLElement>; panel: HTMLElement; list: HTMLUListElement;
    more: HTMLButtonElement; bulk: HTMLElement; bulkText: HTMLElement; status: HTMLElement; live: HTMLElement; newBtn: HTMLButtonElement;
    filter: HTMLInputElement; filterNote: HTMLElement; layout: HTMLElement; side: HTMLElement; help: HTMLElement; tabpanel: HTMLElement;
  };

  start(): void {
    const saved = localStorage.getItem(TOKEN_KEY);
    const c = claimsOf(saved);
    if (saved && c && (c.role === 'moderator' || c.role === 'admin') && !(c.exp && c.exp * 1000 < Date.now())) void this.signIn(saved, true);
    else this.signInView();
    document.addEventListener('keydown', (e) => this.onKey(e));
    setInterval(() => {
      for (const t of Array.from(document.querySelectorAll('time[data-rel]'))) t.textContent = relTime(t.getAttribute('datetime')!, S.time);
    }, 30_000);
  }

  // ---- sign-in -----------------------------------------------------------------------------

  private signInView(message = ''): void {
    this.socket?.disconnect();
    this.socket = null;
    this.token = null;
    this.me = null;
    const tokId = uid('tok');
    const hintId = uid('hint');
    const nameId = uid('name');
    const err = h('p', { class: 'err', role: 'alert' }, message);
    const area = h('textarea', { id: tokId, 'aria-describedby': hintId, spellcheck: 'false', autocomplete: 'off' });
    const demoErr = h('p', { class: 'err', role: 'alert' });
    const name = h('input', { id: nameId, type: 'text', value: 'Demo Moderator', maxlength: '50', autocomplete: 'off' });
    put($app(),
      h('header', { class: 'bar' }, h('h1', null, S.title)),
      h('main', { id: 'main', tabindex: '-1' },
        h('section', { class: 'signin', 'aria-labelledby': 'signin-h' },
          h('h2', { id: 'signin-h' }, S.signInTitle),
          h('form', { novalidate: true, onsubmit: (e: Event) => {
            e.preventDefault();
            const t = area.value.trim();
            if (!claimsOf(t)) return put(err, S.badToken);
            void this.signIn(t, false, err);
          } },
            h('label', { for: tokId }, S.tokenLabel), h('p', { id: hintId, class: 'meta' }, S.tokenHint), area, err,
            h('button', { type: 'submit', class: 'pri' }, S.signIn)),
          h('h2', null, S.demoTitle),
          h('form', { novalidate: true, onsubmit: async (e: Event) => {
            e.preventDefault();
            try {
              const { token } = await call<{ token: string }>('', 'POST', '/demo/token', { body: { name: name.value.trim() || 'Demo Moderator', role: 'moderator' } });
              void this.signIn(token, false, demoErr);
            } catch (x) {
              put(demoErr, x instanceof ApiError && x.status === 404 ? S.demoOff : S.error((x as Error).message));
            }
          } },
            h('p', { class: 'meta' }, S.demoHint),
            h('label', { for: nameId }, S.demoName), ' ', name, ' ',
            h('button', { type: 'submit' }, S.demoSignIn), demoErr))),
    );
    area.focus();
  }

  private async signIn(token: string, silent: boolean, err?: HTMLElement): Promise<void> {
    const c = claimsOf(token);
    if (!c) return this.signInView(S.badToken);
    try {
      await call('', 'GET', '/moderation/counts', { token });
    } catch (e) {
      if (silent) return this.signInView();
      const msg = e instanceof ApiError && e.status === 403 ? S.notModerator : e instanceof ApiError && e.code === 'TOKEN_EXPIRED' ? S.expired : e instanceof ApiError && e.status === 401 ? S.invalid : S.error((e as Error).message);
      if (err) put(err, msg);
      return;
    }
    this.token = token;
    this.me = { sub: c.sub, name: c.name, role: c.role };
    localStorage.setItem(TOKEN_KEY, token);
    this.appView();
    this.connect();
    void this.refreshCounts();
    await this.showTab(this.tab, false);
    this.el.tabs[this.tab].focus();
  }

  private signOut(message = ''): void {
    localStorage.removeItem(TOKEN_KEY);
    this.signInView(message);
  }

  // ---- layout ------------------------------------------------------------------------------

  private appView(): void {
    const tabs: Record<string, HTMLButtonElement> = {};
    const counts: Record<string, HTMLElement> = {};
    for (const [i, t] of TABS.entries()) {
      counts[t] = h('span', { class: 'n', hidden: true });
      tabs[t] = h('button', {
        type: 'button', role: 'tab', id: `tab-${t}`, 'aria-controls': 'queue-panel', 'aria-selected': 'false', tabindex: '-1',
        'aria-keyshortcuts': String(i + 1), onclick: () => this.showTab(t),
      }, t === 'log' ? S.logTab : S.queues[t], ' ', counts[t]);
    }
    const filterId = uid('filter');
    const filter = h('input', { id: filterId, type: 'text', placeholder: S.filterPlaceholder, 'aria-keyshortcuts': '/', autocomplete: 'off', spellcheck: 'false' });
    const el = (this.el = {
      tabs, counts, filter,
      panel: h('div'),
      list: h('ul', { class: 'items', 'aria-label': '' }),
      more: h('button', { type: 'button', class: 'more', hidden: true, onclick: () => this.loadMore() }, S.loadMore),
      bulk: h('div', { class: 'bulk', role: 'region', 'aria-label': S.clearSelection, hidden: true }),
      bulkText: h('strong'),
      status: h('div', { class: 'sr', role: 'status', 'aria-live': 'polite' }),
      live: h('p', { class: 'live', hidden: true }),
      newBtn: h('button', { type: 'button', hidden: true, onclick: () => this.showWaiting() }),
      filterNote: h('p', { class: 'meta', hidden: true }),
      layout: h('div', { class: 'layout' }),
      side: h('aside', { class: 'panel', hidden: true, 'aria-labelledby': 'panel-h', tabindex: '-1' }),
      help: h('section', { class: 'help', hidden: true, 'aria-labelledby': 'help-h' }),
      tabpanel: h('section', { id: 'queue-panel', role: 'tabpanel', 'aria-labelledby': 'tab-pending' }),
    });
    put(el.bulk, el.bulkText,
      h('button', { type: 'button', class: 'ok', onclick: () => this.bulk('approve'), 'aria-keyshortcuts': 'Shift+A' }, S.approveSelected),
      h('button', { type: 'button', class: 'no', onclick: () => this.bulk('reject'), 'aria-keyshortcuts': 'Shift+R' }, S.rejectSelected),
      h('button', { type: 'button', onclick: () => this.clearSelection() }, S.clearSelection));
    put(el.help, h('h2', { id: 'help-h' }, S.help),
      h('dl', null, ...S.helpKeys.map(([k, v]) => [h('dt', null, h('kbd', null, k)), h('dd', null, v)])));
    put(el.tabpanel, h('h2', { class: 'sr', id: 'queue-h' }), el.bulk, el.newBtn, el.list, el.more);
    put(el.layout, el.tabpanel, el.side);
    put($app(),
      h('header', { class: 'bar' },
        h('h1', null, S.title),
        h('span', { class: 'meta' }, S.signedInAs(this.me!.name, this.me!.role ?? 'moderator')),
        h('button', { type: 'button', 'aria-expanded': 'false', 'aria-keyshortcuts': '?', onclick: (e: Event) => this.toggleHelp(e.currentTarget as HTMLElement) }, S.help),
        h('button', { type: 'button', onclick: () => this.signOut() }, S.signOut)),
      h('main', { id: 'main', tabindex: '-1' },
        el.help,
        h('div', { class: 'toolbar' },
          h('div', { role: 'tablist', 'aria-label': S.tabsLabel, onkeydown: (e: KeyboardEvent) => this.tabKeys(e) }, ...TABS.map((t) => tabs[t])),
          h('form', { class: 'filter', role: 'search', novalidate: true, onsubmit: (e: Event) => {
            e.preventDefault();
            this.setFilter(filter.value.trim());
          } },
            h('label', { for: filterId }, S.filterLabel), filter,
            h('button', { type: 'submit' }, S.filterApply),
            h('button', { type: 'button', onclick: () => this.setFilter('') }, S.filterClear))),
        el.filterNote, el.live, el.status, el.layout),
    );
  }

  private toggleHelp(btn?: HTMLElement): void {
    const help = this.el.help;
    help.hidden = !help.hidden;
    const b = btn ?? document.querySelector<HTMLElement>('header.bar button[aria-keyshortcuts="?"]');
    b?.setAttribute('aria-expanded', String(!help.hidden));
  }

  private tabKeys(e: KeyboardEvent): void {
    const i = TABS.indexOf(this.tab);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = TABS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    void this.showTab(TABS[next]);
    this.el.tabs[TABS[next]].focus();
  }

  private say(text: string): void {
    this.el.status.textContent = '';
    setTimeout(() => (this.el.status.textContent = text), 50);
  }

  private setFilter(id: string): void {
    if (id && !/^[A-Za-z0-9._:~/-]{1,200}$/.test(id)) return this.say(S.error('not an article id'));
    this.articleFilter = id;
    this.el.filter.value = id;
    this.el.filterNote.hidden = !id;
    put(this.el.filterNote, id ? S.filtered(id) : '');
    void this.refreshCounts();
    void this.showTab(this.tab, false);
  }

  // ---- API ---------------------------------------------------------------------------------

  private async api<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await call<T>('', method, path, { token: this.token, body });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        this.signOut(e.code === 'TOKEN_EXPIRED' ? S.expired : S.invalid);
      }
      throw e;
    }
  }

  private async refreshCounts(): Promise<void> {
    try {
      const q = this.articleFilter ? `?articleId=${enc(this.articleFilter)}` : '';
      this.setCounts(await this.api<Record<string, number>>('GET', `/moderation/counts${q}`));
    } catch {
      /* shown by the next action */
    }
  }

  private setCounts(c: Record<string, number>): void {
    for (const q of COUNTED) {
      const n = this.el.counts[q];
      if (typeof c[q] !== 'number') continue;
      n.hidden = false;
      n.textContent = String(c[q]);
    }
  }

  // ---- queues ------------------------------------------------------------------------------

  private async showTab(tab: Tab, focusTab = true): Promise<void> {
    this.tab = tab;
    for (const t of TABS) {
      const on = t === tab;
      this.el.tabs[t].setAttribute('aria-selected', String(on));
      this.el.tabs[t].tabIndex = on ? 0 : -1;
    }
    if (focusTab && document.activeElement?.getAttribute('role') !== 'tab') this.el.tabs[tab].focus();
    this.el.tabpanel.setAttribute('aria-labelledby', `tab-${tab}`);
    put(this.el.tabpanel.querySelector('#queue-h')!, tab === 'log' ? S.logTitle : S.queues[tab]);
    this.rows = [];
    this.current = -1;
    this.selected.clear();
    this.waiting = [];
    this.updateBulk();
    this.updateWaiting();
    const seq = ++this.loadSeq;
    put(this.el.list, h('li', { class: 'empty' }, S.loading));
    this.el.more.hidden = true;
    if (tab === 'log') return this.loadLog(seq);
    this.el.list.setAttribute('aria-label', S.queues[tab]);
    try {
      const q = `?limit=${PAGE}${this.articleFilter ? `&articleId=${enc(this.articleFilter)}` : ''}`;
      const page = await this.api<{ items: Item[]; nextCursor: string | null }>('GET', `/moderation/queues/${tab}${q}`);
      if (seq !== this.loadSeq) return;
      put(this.el.list);
      this.addItems(page.items);
      this.nextCursor = page.nextCursor;
      this.el.more.hidden = !page.nextCursor;
      this.showEmpty();
    } catch (e) {
      if (seq === this.loadSeq) put(this.el.list, h('li', { class: 'empty err' }, S.loadFailed, ' ', (e as Error).message));
    }
  }

  private async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    if (this.tab === 'log') return this.loadLog(this.loadSeq, this.nextCursor);
    const q = `?limit=${PAGE}&cursor=${enc(this.nextCursor)}${this.articleFilter ? `&articleId=${enc(this.articleFilter)}` : ''}`;
    try {
      const page = await this.api<{ items: Item[]; nextCursor: string | null }>('GET', `/moderation/queues/${this.tab}${q}`);
      const before = this.rows.length;
      this.addItems(page.items);
      this.nextCursor = page.nextCursor;
      this.el.more.hidden = !page.nextCursor;
      if (this.rows.length > before) this.move(before);
    } catch (e) {
      this.say(S.error((e as Error).message));
    }
  }

  private showEmpty(): void {
    this.el.list.querySelector('.empty')?.remove();
    if (!this.rows.length && this.tab !== 'log') this.el.list.append(h('li', { class: 'empty' }, S.empty(S.queues[this.tab])));
  }

  private addItems(items: Item[], atTop = false): void {
    this.el.list.querySelector('.empty')?.remove();
    const made: Row[] = [];
    for (const it of items) {
      if (this.rows.some((r) => r.item.id === it.id)) continue;
      made.push(this.row(it));
    }
    if (atTop) {
      this.el.list.prepend(...made.map((r) => r.li));
      this.rows.unshift(...made);
      if (this.current >= 0) this.current += made.length;
    } else {
      this.el.list.append(...made.map((r) => r.li));
      this.rows.push(...made);
    }
  }

  private row(item: Item): Row {
    const li = h('li');
    const name = item.author?.name ?? item.authorSummary?.name ?? '?';
    const check = h('input', { type: 'checkbox', 'aria-label': S.select(name), onchange: () => this.toggleSelect(item.id, check.checked) });
    const box = h('article', { class: 'item', tabindex: '-1', 'aria-labelledby': '', 'data-id': item.id, onfocus: () => this.setCurrent(this.rows.findIndex((r) => r.item.id === item.id)) });
    const r: Row = { item, li, box, check };
    this.draw(r);
    li.append(box);
    return r;
  }

  private draw(r: Row): void {
    const it = r.item;
    const name = it.author?.name ?? it.authorSummary?.name ?? '?';
    const hid = uid('it');
    r.box.setAttribute('aria-labelledby', hid);
    const url = safeUrl(it.article?.url);
    const title = it.article?.title || it.articleId;
    const reports = Object.entries(it.reports ?? {}).filter(([, n]) => n > 0);
    const words = it.reasons.filter((x) => /^(banned|suspect)_word:/.test(x)).map((x) => x.slice(x.indexOf(':') + 1));
    const s = it.authorSummary;
    const canApprove = it.status !== 'approved' || this.tab === 'reported' || this.tab === 'unmoderated';
    put(r.box,
      h('div', { class: 'top' },
        r.check,
        h('h3', { id: hid }, S.itemLabel(name)),
        h('span', { class: 'meta' }, h('time', { datetime: it.createdAt, title: fullTime(it.createdAt), 'data-rel': '' }, relTime(it.createdAt, S.time)),
          it.parentId ? ` · ${S.reply}` : '', it.editedAt ? ` · ${S.edited}` : ''),
        h('span', { class: 'badge' }, it.status),
        it.featured ? h('span', { class: 'badge' }, S.featured) : null),
      h('div', { class: 'text' }, ...marked(it.body, words)),
      h('dl', { class: 'facts' },
        h('dt', null, S.article),
        h('dd', null, url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, title) : title,
          ' ', h('span', { class: 'meta' }, `(${it.articleId})`), ' ',
          this.articleFilter === it.articleId ? null : h('button', { type: 'button', onclick: () => this.setFilter(it.articleId) }, S.onlyArticle)),
        h('dt', null, S.author),
        h('dd', null, h('strong', null, name), ' ', h('span', { class: 'meta' }, s ? S.authorSummary(s.status, s.approved, s.rejected) : ''), ' ',
          h('button', { type: 'button', 'aria-keyshortcuts': 'u', onclick: () => this.openUser(it.author?.id ?? s.id, r.box) }, S.userPanel)),
        h('dt', null, S.why),
        h('dd', null, it.reasons.length
          ? h('ul', { class: 'chips' }, ...it.reasons.map((x) => {
            const t = reasonText(x);
            return h('li', { class: t.tone }, t.text);
          }))
          : h('span', { class: 'meta' }, S.noReasons)),
        reports.length ? [h('dt', null, S.reports), h('dd', null, reports.map(([k, n]) => `${S.reportReasons[k] ?? k} ${n}`).join(', '))] : null),
      h('div', { class: 'acts' },
        canApprove ? h('button', { type: 'button', class: 'ok', 'aria-keyshortcuts': 'a', onclick: () => this.decide(r, 'approve') }, S.approve) : null,
        it.status !== 'rejected' ? h('button', { type: 'button', class: 'no', 'aria-keyshortcuts': 'r', onclick: () => this.decide(r, 'reject') }, S.reject) : null,
        it.status === 'approved'
          ? h('button', { type: 'button', 'aria-keyshortcuts': 'f', 'aria-pressed': String(it.featured), onclick: () => this.decide(r, it.featured ? 'unfeature' : 'feature') }, S.feature)
          : null),
    );
    r.check.checked = this.selected.has(it.id);
    r.box.classList.toggle('selected', r.check.checked);
  }

  private setCurrent(i: number): void {
    if (i < 0 || i >= this.rows.length) return;
    this.rows[this.current]?.box.removeAttribute('aria-current');
    this.current = i;
    this.rows[i].box.setAttribute('aria-current', 'true');
  }

  private move(i: number): void {
    if (!this.rows.length) return;
    const j = Math.max(0, Math.min(this.rows.length - 1, i));
    this.setCurrent(j);
    const box = this.rows[j].box;
    box.focus();
    box.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }

  private belongs(it: Item, q: Queue): boolean {
    const reported = Object.values(it.reports ?? {}).some((n) => n > 0);
    switch (q) {
      case 'pending': return it.status === 'pending';
      case 'reported': return it.status === 'approved' && reported;
      case 'unmoderated': return it.status === 'approved' && !it.moderated;
      case 'approved': return it.status === 'approved' && it.moderated;
      case 'rejected': return it.status === 'rejected';
    }
  }

  private async decide(r: Row, action: 'approve' | 'reject' | 'feature' | 'unfeature'): Promise<void> {
    const id = r.item.id;
    this.mine.add(id);
    try {
      const item = await this.api<Item>('POST', `/moderation/comments/${enc(id)}/${action}`, action === 'reject' ? {} : undefined);
      r.item = item;
      this.say(action === 'approve' ? S.approved : action === 'reject' ? S.rejected : action === 'feature' ? S.featuredDone : S.unfeaturedDone);
      if (this.tab !== 'log' && !this.belongs(item, this.tab)) this.drop(id, true);
      else this.draw(r);
    } catch (e) {
      this.say(S.error(e instanceof ApiError ? e.message : String(e)));
      this.mine.delete(id);
    }
  }

  /** Takes an item off the screen; focus goes to the next one (or the previous at the end). */
  private drop(id: string, focusNext: boolean): void {
    const i = this.rows.findIndex((r) => r.item.id === id);
    if (i < 0) return;
    const wasCurrent = i === this.current;
    const hadFocus = this.rows[i].li.contains(document.activeElement);
    this.rows[i].li.remove();
    this.rows.splice(i, 1);
    this.selected.delete(id);
    this.updateBulk();
    if (i < this.current || (wasCurrent && i >= this.rows.length)) this.current--;
    if (wasCurrent) this.current = Math.min(i, this.rows.length - 1);
    if (this.current >= 0 && this.rows[this.current]) this.rows[this.current].box.setAttribute('aria-current', 'true');
    if ((focusNext || hadFocus) && wasCurrent && this.rows.length) this.move(this.current);
    else if (hadFocus && !this.rows.length) this.el.tabs[this.tab].focus();
    this.showEmpty();
  }

  // ---- selection and bulk ------------------------------------------------------------------

  private toggleSelect(id: string, on?: boolean): void {
    const now = on ?? !this.selected.has(id);
    if (now) this.selected.add(id);
    else this.selected.delete(id);
    const r = this.rows.find((x) => x.item.id === id);
    if (r) {
      r.check.checked = now;
      r.box.classList.toggle('selected', now);
    }
    this.updateBulk();
  }

  private clearSelection(): void {
    for (const id of [...this.selected]) this.toggleSelect(id, false);
    this.rows[this.current]?.box.focus();
  }

  private updateBulk(): void {
    if (!this.el) return;
    const n = this.selected.size;
    this.el.bulk.hidden = !n;
    put(this.el.bulkText, S.selected(n));
  }

  private async bulk(action: 'approve' | 'reject'): Promise<void> {
    const ids = [...this.selected].slice(0, 200);
    if (!ids.length) return;
    ids.forEach((id) => this.mine.add(id));
    try {
      const { results } = await this.api<{ results: { id: string; ok: boolean; status?: string }[] }>('POST', '/moderation/bulk', { action, ids });
      let ok = 0;
      for (const res of results) {
        if (!res.ok) continue;
        ok++;
        const r = this.rows.find((x) => x.item.id === res.id);
        if (!r) continue;
        const item = { ...r.item, status: res.status as Item['status'], moderated: true, reports: action === 'approve' ? {} : r.item.reports };
        if (this.tab !== 'log' && !this.belongs(item, this.tab)) this.drop(res.id, true);
        else this.toggleSelect(res.id, false);
      }
      this.say(S.bulkDone(ok, results.length - ok, action));
    } catch (e) {
      this.say(S.error((e as Error).message));
    }
  }

  // ---- live --------------------------------------------------------------------------------

  private connect(): void {
    this.socket?.disconnect();
    const socket = (this.socket = io(`${location.origin}/moderation`, { path: '/socket.io', auth: { token: this.token } }));
    socket.on('connect', () => {
      document.body.dataset.live = 'on';
      this.el.live.hidden = true;
      void this.refreshCounts();
    });
    socket.on('disconnect', (reason) => {
      document.body.dataset.live = 'off';
      if (reason === 'io client disconnect') return;
      this.el.live.hidden = false;
      put(this.el.live, S.liveOff);
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      if (socket.active) return;
      if (err.data?.code === 'TOKEN_EXPIRED') return this.signOut(S.expired);
      this.el.live.hidden = false;
      put(this.el.live, S.liveRefused(err.data?.message ?? err.message));
    });
    socket.on('queue.counts', (c: Record<string, number>) => {
      if (!this.articleFilter) this.setCounts(c);
      else this.countsSoon();
    });
    socket.on('queue.removed', (e: { queue: Queue; id: string; articleId?: string }) => this.onRemoved(e));
    socket.on('queue.added', (e: { queue: Queue; item: Item }) => this.onAdded(e));
  }

  private countsSoon(): void {
    clearTimeout(this.countsTimer);
    this.countsTimer = window.setTimeout(() => void this.refreshCounts(), 300);
  }

  /** A colleague (or another tab) decided: the item leaves with a short note. */
  private onRemoved(e: { queue: Queue; id: string }): void {
    this.waiting = this.waiting.filter((w) => w.id !== e.id);
    this.updateWaiting();
    if (e.queue !== this.tab) return;
    const r = this.rows.find((x) => x.item.id === e.id);
    if (!r) return;
    if (this.mine.has(e.id)) return; // our own decision, already handled
    r.box.classList.add('gone');
    r.box.querySelector('.acts')?.replaceWith(h('p', { class: 'note' }, S.byColleague));
    r.check.disabled = true;
    this.selected.delete(e.id);
    this.updateBulk();
    this.say(S.colleagueNote(r.item.author?.name ?? r.item.authorSummary?.name ?? ''));
    setTimeout(() => this.drop(e.id, false), 2500);
  }

  private onAdded(e: { queue: Queue; item: Item }): void {
    if (e.queue !== this.tab || !e.item) return;
    if (this.articleFilter && e.item.articleId !== this.articleFilter) return;
    const r = this.rows.find((x) => x.item.id === e.item.id);
    if (r) {
      r.item = e.item;
      if (!r.box.classList.contains('gone')) this.draw(r);
      return;
    }
    this.mine.delete(e.item.id);
    // Oldest-first queues grow at the bottom, which moves nothing; newest-first ones wait for a click.
    if (NEWEST_FIRST.has(e.queue)) {
      if (!this.waiting.some((w) => w.id === e.item.id)) this.waiting.push(e.item);
      this.updateWaiting();
    } else if (!this.nextCursor) {
      this.addItems([e.item]);
    }
  }

  private updateWaiting(): void {
    if (!this.el) return;
    this.el.newBtn.hidden = !this.waiting.length;
    put(this.el.newBtn, this.waiting.length ? S.newItems(this.waiting.length) : '');
  }

  private showWaiting(): void {
    const items = this.waiting.reverse();
    this.waiting = [];
    this.updateWaiting();
    this.addItems(items, true);
    this.move(0);
  }

  // ---- keyboard ----------------------------------------------------------------------------

  private onKey(e: KeyboardEvent): void {
    if (!this.token || !this.el) return;
    const t = e.target as HTMLElement;
    const typing = t.closest('input[type=text], textarea, select, [contenteditable]') !== null;
    if (e.key === 'Escape') {
      if (!this.el.side.hidden) return this.closeUser();
      if (!this.el.help.hidden) return this.toggleHelp();
      if (typing) (t as HTMLElement).blur();
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (t.closest('aside.panel')) return;
    const r = this.rows[this.current];
    const key = e.key;
    let handled = true;
    if (key === 'j') this.move(this.current + 1);
    else if (key === 'k') this.move(this.current < 0 ? 0 : this.current - 1);
    else if (key >= '1' && key <= String(TABS.length)) void this.showTab(TABS[Number(key) - 1]);
    else if (key === '/') this.el.filter.focus();
    else if (key === '?') this.toggleHelp();
    else if (key === 'A') void this.bulk('approve');
    else if (key === 'R') void this.bulk('reject');
    else if (!r || this.tab === 'log') handled = false;
    else if (key === 'a' && (r.item.status !== 'approved' || this.tab === 'reported' || this.tab === 'unmoderated')) void this.decide(r, 'approve');
    else if (key === 'r' && r.item.status !== 'rejected') void this.decide(r, 'reject');
    else if (key === 'f' && r.item.status === 'approved') void this.decide(r, r.item.featured ? 'unfeature' : 'feature');
    else if (key === 'x') this.toggleSelect(r.item.id);
    else if (key === 'u') void this.openUser(r.item.author?.id ?? r.item.authorSummary.id, r.box);
    else handled = false;
    if (handled) e.preventDefault();
  }

  // ---- user panel --------------------------------------------------------------------------

  private async openUser(userId: string, from: HTMLElement): Promise<void> {
    this.panelUser = userId;
    this.panelReturn = from;
    const side = this.el.side;
    side.hidden = false;
    this.el.layout.classList.add('with-panel');
    put(side, h('p', null, S.loading));
    try {
      const data = await this.api<{ user: UserView; comments: Item[]; log: LogEntry[] }>('GET', `/moderation/users/${enc(userId)}`);
      if (this.panelUser !== userId) return;
      this.drawUser(data);
      side.querySelector<HTMLElement>('#panel-h')?.focus();
    } catch (e) {
      put(side, h('div', { class: 'head' }, h('h2', { id: 'panel-h', tabindex: '-1' }, S.userPanel), this.closeBtn()), h('p', { class: 'err' }, (e as Error).message));
      side.querySelector<HTMLElement>('#panel-h')?.focus();
    }
  }

  private closeBtn(): HTMLButtonElement {
    return h('button', { type: 'button', onclick: () => this.closeUser() }, S.close);
  }

  private closeUser(): void {
    this.el.side.hidden = true;
    this.el.layout.classList.remove('with-panel');
    this.panelUser = null;
    const back = this.panelReturn;
    this.panelReturn = null;
    if (back && document.contains(back)) back.focus();
    else this.rows[this.current]?.box.focus();
  }

  private drawUser(data: { user: UserView; comments: Item[]; log: LogEntry[] }): void {
    const u = data.user;
    const msg = h('p', { class: 'err', role: 'alert' });
    const act = async (path: string, body: unknown, label: string) => {
      put(msg);
      try {
        await this.api('POST', `/moderation/users/${enc(u.id)}/${path}`, body);
        this.say(S.sanctioned(label));
        const fresh = await this.api<{ user: UserView; comments: Item[]; log: LogEntry[] }>('GET', `/moderation/users/${enc(u.id)}`);
        this.drawUser(fresh);
        this.el.side.querySelector<HTMLElement>('#panel-h')?.focus();
        // The author summary shown on items changes with the user.
        for (const r of this.rows) if (r.item.authorSummary?.id === u.id) {
          r.item.authorSummary = { ...r.item.authorSummary, status: fresh.user.status };
          this.draw(r);
        }
      } catch (e) {
        put(msg, (e as Error).message);
      }
    };
    const banId = uid('ban');
    const banReason = h('input', { type: 'text', id: banId, maxlength: '500' });
    const rejId = uid('rej');
    const rejectPending = h('input', { type: 'checkbox', id: rejId });
    const durId = uid('dur');
    const dur = h('select', { id: durId }, ...S.durations.map(([v, l]) => h('option', { value: v }, l)));
    const susId = uid('sus');
    const susReason = h('input', { type: 'text', id: susId, maxlength: '500' });
    const status = u.status === 'suspended' && u.suspendedUntil ? `${u.status} ${S.until(fullTime(u.suspendedUntil))}` : u.status;
    put(this.el.side,
      h('div', { class: 'head' }, h('h2', { id: 'panel-h', tabindex: '-1' }, S.panelTitle(u.name)), this.closeBtn()),
      h('dl', { class: 'facts' },
        h('dt', null, 'ID'), h('dd', null, u.id),
        h('dt', null, S.status), h('dd', null, status, u.sanctionReason ? ` (${u.sanctionReason})` : ''),
        h('dt', null, S.premod), h('dd', null, u.premod ? S.yes : S.no),
        h('dt', null, S.counts), h('dd', null, S.authorSummary(u.role, u.approved, u.rejected)),
        h('dt', null, S.joined), h('dd', null, fullTime(u.createdAt))),
      h('h3', null, S.sanctions),
      msg,
      u.status !== 'active'
        ? h('button', { type: 'button', class: 'ok', onclick: () => act('unban', {}, S.unban) }, S.unban)
        : [
          h('form', { novalidate: true, onsubmit: (e: Event) => {
            e.preventDefault();
            if (!banReason.value.trim()) return void (put(msg, S.needReason), banReason.focus());
            void act('ban', { reason: banReason.value.trim(), ...(rejectPending.checked ? { rejectPending: true } : {}) }, S.ban);
          } },
            h('fieldset', null, h('legend', null, S.banLegend),
              h('label', { for: banId }, S.banReason), banReason,
              h('label', { for: rejId }, rejectPending, ' ', S.rejectPending),
              h('button', { type: 'submit', class: 'no' }, S.ban))),
          h('form', { novalidate: true, onsubmit: (e: Event) => {
            e.preventDefault();
            if (!susReason.value.trim()) return void (put(msg, S.needReason), susReason.focus());
            const until = new Date(Date.now() + Number(dur.value) * 86400_000).toISOString();
            void act('suspend', { until, reason: susReason.value.trim() }, S.suspend);
          } },
            h('fieldset', null, h('legend', null, S.suspendLegend),
              h('label', { for: durId }, S.suspendFor), dur,
              h('label', { for: susId }, S.suspendReason), susReason,
              h('button', { type: 'submit', class: 'no' }, S.suspend))),
        ],
      h('p', null, u.premod
        ? h('button', { type: 'button', onclick: () => act('unpremod', {}, S.premodOff) }, S.premodOff)
        : h('button', { type: 'button', onclick: () => act('premod', {}, S.premodOn) }, S.premodOn)),
      h('h3', null, S.history),
      data.log.length ? h('ul', { class: 'log' }, ...data.log.map((l) => h('li', null, logLine(l)))) : h('p', { class: 'meta' }, S.noHistory),
      h('h3', null, S.recent),
      h('ul', { class: 'log' }, ...data.comments.map((c) => h('li', null,
        h('span', { class: 'badge' }, c.status), ' ', h('time', { datetime: c.createdAt, title: fullTime(c.createdAt), 'data-rel': '' }, relTime(c.createdAt, S.time)), ' ',
        h('span', null, c.body.length > 140 ? `${c.body.slice(0, 140)}…` : c.body)))),
    );
  }

  // ---- log ---------------------------------------------------------------------------------

  private async loadLog(seq: number, cursor?: string): Promise<void> {
    try {
      const page = await this.api<{ items: LogEntry[]; nextCursor: string | null }>('GET', `/moderation/log?limit=50${cursor ? `&cursor=${enc(cursor)}` : ''}`);
      if (seq !== this.loadSeq) return;
      let tbody = this.el.list.querySelector('tbody');
      if (!cursor || !tbody) {
        tbody = h('tbody');
        put(this.el.list, h('li', null,
          h('table', { class: 'logt' }, h('caption', { class: 'sr' }, S.logTitle),
            h('thead', null, h('tr', null, ...[S.logWhen, S.logWho, S.logWhat, S.logSubject, S.logChange, S.logReason].map((x) => h('th', { scope: 'col' }, x)))),
            tbody)));
        this.el.list.setAttribute('aria-label', S.logTitle);
      }
      for (const l of page.items) {
        tbody.append(h('tr', null,
          h('td', null, h('time', { datetime: l.createdAt, title: fullTime(l.createdAt), 'data-rel': '' }, relTime(l.createdAt, S.time))),
          h('td', null, l.actorId),
          h('td', null, l.action),
          h('td', null, l.commentId ? `comment ${l.commentId.slice(-8)}` : '', l.userId ? ` user ${l.userId}` : '', l.articleId ? ` article ${l.articleId}` : ''),
          h('td', null, l.fromStatus || l.toStatus ? `${l.fromStatus ?? '—'} → ${l.toStatus ?? '—'}` : ''),
          h('td', null, l.reason ?? '')));
      }
      if (!cursor && !page.items.length) tbody.append(h('tr', null, h('td', { colspan: '6', class: 'empty' }, S.logEmpty)));
      this.nextCursor = page.nextCursor;
      this.el.more.hidden = !page.nextCursor;
    } catch (e) {
      if (seq === this.loadSeq) put(this.el.list, h('li', { class: 'empty err' }, (e as Error).message));
    }
  }
}

function logLine(l: LogEntry): (string | Node)[] {
  return [
    h('time', { datetime: l.createdAt, title: fullTime(l.createdAt), 'data-rel': '' }, relTime(l.createdAt, S.time)),
    ` · ${l.action}`,
    l.fromStatus || l.toStatus ? ` (${l.fromStatus ?? '—'} → ${l.toStatus ?? '—'})` : '',
    ` · ${l.actorId}`,
    l.reason ? ` · “${l.reason}”` : '',
  ];
}

/** The body as text, with the matched words (and their plurals) in <mark>. */
function marked(text: string, words: string[]): (string | Node)[] {
  if (!words.length) return [text];
  const esc = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
  let re: RegExp;
  try {
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${esc.join('|')})s?(?![\\p{L}\\p{N}])`, 'giu');
  } catch {
    return [text];
  }
  const out: (string | Node)[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push(text.slice(last, m.index), h('mark', null, m[0]));
    last = (m.index ?? 0) + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

function safeUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function start(): void {
  new Dashboard().start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
