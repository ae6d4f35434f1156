import { io, Socket } from 'socket.io-client';
import { ApiError, call, claimsOf, enc } from '../shared/api';
import { h, put, setHtml, uid } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import { S } from './strings';
import { CSS } from './styles';
import type { Article, Comment, Options, Page, Sort } from './types';

/** Replies shown under a top-level comment before "show more". */
const REPLY_PREVIEW = 3;
const REPLY_PAGE = 20;

interface Item {
  c: Comment;
  depth: number;
  li: HTMLLIElement;
  card: HTMLElement;
  head: HTMLElement;
  body: HTMLElement;
  acts: HTMLElement;
  slot: HTMLElement;
  replies: HTMLOListElement;
  more: HTMLElement;
  /** Replies rendered so far, and where the next page starts (undefined: none fetched yet). */
  shown: number;
  cursor: string | null | undefined;
  open: boolean;
  mode: '' | 'reply' | 'edit' | 'report' | 'delete';
}

type Handler = (...args: any[]) => unknown;

/** The comments widget for one article, rendered into a shadow root. */
export class Widget {
  private token: string | null = null;
  private me: { sub: string; name: string } | null = null;
  private sort: Sort;
  private nodes = new Map<string, Item>();
  private nextCursor: string | null = null;
  private total = 0;
  private closed = false;
  private loaded = false;
  private loading = 0;
  /** Comments that arrived live and wait behind the "N new comments" button. */
  private fresh = new Map<string, Comment>();
  private early: Array<[string, any]> = [];
  private cursor: string | null = null;
  private applied = new Map<string, bigint>();
  private socket: Socket | null = null;
  private loginHandlers: Handler[] = [];
  private expiredHandlers: Handler[] = [];
  private refreshing: Promise<string | null> | null = null;
  private tokenWaiter: ((t: string | null) => void) | null = null;
  private announceTimer = 0;

  private root: ShadowRoot;
  private el!: {
    count: HTMLElement; sort: HTMLSelectElement; closed: HTMLElement; composer: HTMLElement; who: HTMLElement;
    status: HTMLElement; live: HTMLElement; newBtn: HTMLButtonElement; list: HTMLOListElement; more: HTMLButtonElement; net: HTMLElement;
  };
  private main!: { form: HTMLFormElement; area: HTMLTextAreaElement; submit: HTMLButtonElement; error: HTMLElement };

  constructor(host: HTMLElement, private readonly o: Options) {
    this.sort = o.sort;
    this.root = host.attachShadow({ mode: 'open' });
    this.mount();
  }

  // ---- host API ----------------------------------------------------------------------------

  setToken(token: string | null): void {
    const t = token || null;
    if (t === this.token) return void this.tokenWaiter?.(t);
    const claims = claimsOf(t);
    const before = this.me?.sub ?? null;
    this.token = claims ? t : null;
    this.me = claims ? { sub: claims.sub, name: claims.name } : null;
    this.tokenWaiter?.(this.token);
    this.renderWho();
    if (this.socket) {
      // The author's own room (comment.status) comes with the token: connect again with it.
      this.socket.disconnect();
      this.socket.connect();
    }
    if ((this.me?.sub ?? null) !== before && this.loaded) void this.reload();
  }

  onLoginRequest(cb: Handler): void {
    this.loginHandlers.push(cb);
    this.renderWho();
  }

  onTokenExpired(cb: Handler): void {
    this.expiredHandlers.push(cb);
  }

  start(): void {
    void this.loadArticle();
    void this.reload();
    this.connect();
    setInterval(() => this.tick(), 30_000);
  }

  // ---- skeleton ----------------------------------------------------------------------------

  private mount(): void {
    const headingId = uid('ph');
    const sortId = uid('ps');
    const el = (this.el = {
      count: h('span', { class: 'meta', 'aria-live': 'off' }),
      sort: h('select', { id: sortId, onchange: () => this.changeSort() },
        ...(['newest', 'oldest', 'top'] as Sort[]).map((s) => h('option', { value: s, selected: s === this.sort }, S.sorts[s]))),
      closed: h('p', { class: 'note', hidden: true }, S.closed),
      composer: h('div'),
      who: h('p', { class: 'hint' }),
      status: h('div', { class: 'sr', role: 'status', 'aria-live': 'polite' }),
      live: h('div', { class: 'sr', 'aria-live': 'polite', 'aria-atomic': 'true' }),
      newBtn: h('button', { type: 'button', class: 'new', hidden: true, onclick: () => this.showFresh() }),
      list: h('ol', { class: 'list', 'aria-labelledby': headingId }),
      more: h('button', { type: 'button', class: 'more', hidden: true, onclick: () => this.loadMore() }, S.loadMore),
      net: h('p', { class: 'hint', hidden: true }, S.offline),
    });
    el.sort.value = this.sort;
    this.main = this.composer({
      label: S.writeLabel,
      submit: S.post,
      onSubmit: (text, key) => this.post(text, key),
    });
    put(el.composer, el.who, this.main.form);
    this.root.append(
      h('style', null, CSS),
      h('section', { class: 'parley', 'aria-labelledby': headingId },
        h('div', { class: 'top' },
          h('h2', { id: headingId, tabindex: '-1' }, S.heading, ' ', el.count),
          h('div', { class: 'row' }, h('label', { for: sortId }, S.sortLabel), el.sort)),
        el.closed, el.composer, el.net, el.status, el.live, el.newBtn, el.list, el.more),
    );
    this.renderWho();
  }

  private renderWho(): void {
    if (!this.el) return;
    const { who } = this.el;
    put(who, this.me ? S.signedInAs(this.me.name) : '');
    who.hidden = !this.me;
    this.main.submit.textContent = this.me ? S.post : S.signInToPost;
  }

  private setCount(n: number): void {
    this.total = n;
    put(this.el.count, `(${S.count(n)})`);
  }

  private say(text: string): void {
    // Cleared first so the same sentence twice is announced twice.
    this.el.status.textContent = '';
    setTimeout(() => (this.el.status.textContent = text), 50);
  }

  // ---- loading -----------------------------------------------------------------------------

  private async loadArticle(): Promise<void> {
    try {
      const a = await this.api<Article>('GET', `/articles/${enc(this.o.articleId)}`);
      this.setClosed(a.closed);
    } catch {
      /* unknown article: the first comment creates it */
    }
  }

  private setClosed(closed: boolean): void {
    this.closed = closed;
    this.el.closed.hidden = !closed;
    this.el.composer.hidden = closed;
    for (const n of this.nodes.values()) this.refresh(n);
  }

  private async reload(): Promise<void> {
    const seq = ++this.loading;
    this.fresh.clear();
    this.updateNewButton();
    this.el.list.setAttribute('aria-busy', 'true');
    if (!this.loaded) put(this.el.list, h('li', { class: 'hint' }, S.loading));
    let page: Page<Comment>;
    try {
      page = await this.api<Page<Comment>>('GET', `/articles/${enc(this.o.articleId)}/comments?sort=${this.sort}&limit=${this.o.pageSize}`);
    } catch (e) {
      if (seq !== this.loading) return;
      this.el.list.setAttribute('aria-busy', 'false');
      put(this.el.list, h('li', { class: 'err' }, S.loadFailed, ' ', h('button', { type: 'button', onclick: () => this.reload() }, S.retry)));
      return;
    }
    if (seq !== this.loading) return;
    this.nodes.clear();
    put(this.el.list);
    this.loaded = true;
    this.el.list.setAttribute('aria-busy', 'false');
    this.setCount(page.total ?? 0);
    this.appendPage(page);
    if (!page.items.length) this.el.list.append(h('li', { class: 'hint empty' }, S.empty));
    const early = this.early;
    this.early = [];
    for (const [type, data] of early) this.onEvent(type, data);
  }

  private appendPage(page: Page<Comment>): HTMLElement | null {
    let first: HTMLElement | null = null;
    for (const c of page.items) {
      if (this.nodes.has(c.id)) continue;
      const n = this.build(c, 0);
      this.el.list.append(n.li);
      first ??= n.card;
    }
    this.nextCursor = page.nextCursor;
    this.el.more.hidden = !page.nextCursor;
    return first;
  }

  private async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    const btn = this.el.more;
    btn.disabled = true;
    try {
      const page = await this.api<Page<Comment>>(
        'GET', `/articles/${enc(this.o.articleId)}/comments?sort=${this.sort}&limit=${this.o.pageSize}&cursor=${enc(this.nextCursor)}`);
      const first = this.appendPage(page);
      if (first && btn.hidden) first.focus();
    } catch (e) {
      this.say(this.message(e));
    } finally {
      btn.disabled = false;
    }
  }

  private changeSort(): void {
    this.sort = this.el.sort.value as Sort;
    void this.reload();
  }

  // ---- one comment -------------------------------------------------------------------------

  private build(c: Comment, depth: number): Item {
    const n: Item = {
      c, depth,
      li: h('li', { class: 'c' }),
      card: h('article', { class: 'card', tabindex: '-1' }),
      head: h('header', { class: 'head' }),
      body: h('div', { class: 'body' }),
      acts: h('div', { class: 'actions', role: 'group', 'aria-label': S.actions }),
      slot: h('div'),
      replies: h('ol', { class: 'replies' }),
      more: h('div', { class: 'rmore' }),
      shown: 0,
      cursor: undefined,
      open: false,
      mode: '',
    };
    n.card.append(n.head, n.body, n.acts, n.slot);
    n.li.append(n.card, n.replies, n.more);
    this.nodes.set(c.id, n);
    this.refresh(n);
    if (c.replyCount > 0 && depth === 0) void this.loadReplies(n, REPLY_PREVIEW);
    else this.renderMore(n);
    return n;
  }

  private own(c: Comment): boolean {
    return !!this.me && c.author?.id === this.me.sub;
  }

  private editable(c: Comment): boolean {
    return this.own(c) && (c.status === 'approved' || c.status === 'pending') &&
      Date.now() - Date.parse(c.createdAt) < this.o.editWindowSeconds * 1000 && !this.closed;
  }

  /**
   * Draws the card from its data. Only header, body and action buttons are redrawn (an open
   * form below them keeps its text and focus); a focused action button gets focus back.
   */
  private refresh(n: Item): void {
    const { c } = n;
    const active = this.root.activeElement as HTMLElement | null;
    const focusKey = active && n.acts.contains(active) ? active.dataset.k : undefined;
    const gone = c.status === 'deleted';
    const nameId = uid('pa');
    n.card.className = `card${this.own(c) ? ' mine' : ''}${c.status === 'pending' || c.status === 'rejected' ? ' held' : ''}${n.card.classList.contains('fresh') ? ' fresh' : ''}`;
    n.card.setAttribute('aria-labelledby', nameId);
    n.card.dataset.id = c.id;
    n.card.dataset.status = c.status;
    put(n.head,
      h('span', { class: 'author', id: nameId }, gone ? S.anonymous : c.author?.name ?? '', this.own(c) ? h('span', { class: 'meta' }, ` (${S.you})`) : null),
      h('span', { class: 'meta' }, h('time', { datetime: c.createdAt, title: fullTime(c.createdAt) }, relTime(c.createdAt, S.time)), c.editedAt && !gone ? ` · ${S.editedMark}` : ''),
      c.featured && !gone ? h('span', { class: 'badge pick' }, S.featured) : null,
      c.status === 'pending' ? h('span', { class: 'badge wait' }, S.awaiting) : null,
      c.status === 'rejected' ? h('span', { class: 'badge' }, S.notPublished) : null,
    );
    if (gone) put(n.body, h('p', { class: 'gone' }, S.removed));
    else setHtml(n.body, c.html);
    n.body.hidden = n.mode === 'edit';
    this.actions(n);
    if (focusKey) (n.acts.querySelector<HTMLElement>(`[data-k="${focusKey}"]`) ?? n.card).focus();
  }

  private actions(n: Item): void {
    const { c } = n;
    const own = this.own(c);
    const live = c.status === 'approved';
    const btn = (k: string, label: string, onclick: () => void, extra: Record<string, unknown> = {}, ...kids: (Node | string)[]) =>
      h('button', { type: 'button', class: 'link', 'data-k': k, onclick, ...extra }, label, ...kids);
    const likes = c.reactions?.like ?? 0;
    const gone = c.status === 'deleted';
    put(n.acts,
      live && !this.closed && n.depth < this.o.maxDepth ? btn('reply', S.reply, () => this.open(n, 'reply'), { 'aria-expanded': String(n.mode === 'reply') }) : null,
      live ? btn('like', S.like, () => this.like(n), { 'aria-pressed': String(!!c.viewerReacted), 'aria-label': `${S.like}, ${S.likeCount(likes)}` },
        h('span', { 'aria-hidden': 'true' }, ` ${likes}`)) : null,
      this.editable(c) ? btn('edit', S.edit, () => this.open(n, 'edit'), { 'aria-expanded': String(n.mode === 'edit') }) : null,
      own && !gone ? btn('delete', S.delete, () => this.open(n, 'delete'), { 'aria-expanded': String(n.mode === 'delete') }) : null,
      live && !own ? btn('report', S.report, () => this.open(n, 'report'), { 'aria-expanded': String(n.mode === 'report') }) : null,
    );
    n.acts.hidden = !n.acts.childElementCount;
  }

  /** Opens one inline form under a comment (reply, edit, report, delete confirmation). */
  private open(n: Item, mode: Item['mode']): void {
    if (mode !== 'delete' && mode !== 'edit' && !this.me) return this.requestLogin();
    const toggleOff = n.mode === mode;
    n.mode = toggleOff ? '' : mode;
    put(n.slot);
    this.refresh(n);
    if (toggleOff) return this.focusAction(n, mode);
    const close = () => {
      n.mode = '';
      put(n.slot);
      this.refresh(n);
      this.focusAction(n, mode);
    };
    if (mode === 'reply') {
      const f = this.composer({
        label: S.replyLabel(n.c.author?.name ?? ''),
        submit: S.postReply,
        onCancel: close,
        onSubmit: async (text, key) => {
          await this.post(text, key, n);
          n.mode = '';
          put(n.slot);
          this.refresh(n);
        },
      });
      n.slot.append(f.form);
      f.area.focus();
    } else if (mode === 'edit') {
      const f = this.composer({
        label: S.editLabel,
        value: n.c.body,
        submit: S.save,
        onCancel: close,
        onSubmit: async (text) => {
          const c = await this.api<Comment>('PATCH', `/comments/${enc(n.c.id)}`, { body: text });
          n.c = c;
          close();
          this.say(c.status === 'pending' ? S.held : S.edited);
        },
      });
      n.slot.append(f.form);
      f.area.focus();
    } else if (mode === 'delete') {
      const error = h('div', { class: 'err', role: 'alert' });
      const yes = h('button', { type: 'button', class: 'pri', onclick: async () => {
        yes.disabled = true;
        try {
          await this.api('DELETE', `/comments/${enc(n.c.id)}`);
          this.say(S.deleted);
          this.dropOwnDeleted(n);
        } catch (e) {
          put(error, this.message(e));
          yes.disabled = false;
        }
      } }, S.confirmDeleteYes);
      const box = h('div', { class: 'note', role: 'group', 'aria-label': S.confirmDelete, onkeydown: (e: KeyboardEvent) => e.key === 'Escape' && close() },
        h('p', null, S.confirmDelete), error,
        h('div', { class: 'row' }, yes, h('button', { type: 'button', onclick: close }, S.cancel)));
      n.slot.append(box);
      yes.focus();
    } else if (mode === 'report') {
      this.reportForm(n, close);
    }
  }

  private focusAction(n: Item, key: string): void {
    n.card.querySelector<HTMLElement>(`[data-k="${key}"]`)?.focus();
  }

  private reportForm(n: Item, close: () => void): void {
    const name = uid('pr');
    const noteId = uid('pn');
    const error = h('div', { class: 'err', role: 'alert' });
    const radios = Object.keys(S.reasons).map((r, i) =>
      h('label', null, h('input', { type: 'radio', name, value: r, checked: i === 0 }), ' ', S.reasons[r]));
    const note = h('input', { type: 'text', id: noteId, maxlength: '500' });
    const send = h('button', { type: 'submit', class: 'pri' }, S.sendReport);
    const form = h('form', { class: 'form', novalidate: true, onkeydown: (e: KeyboardEvent) => e.key === 'Escape' && close(),
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const reason = (form.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement | null)?.value ?? 'other';
        send.disabled = true;
        try {
          await this.api('POST', `/comments/${enc(n.c.id)}/reports`, { reason, ...(note.value.trim() ? { note: note.value.trim() } : {}) });
          n.mode = '';
          put(n.slot, h('p', { class: 'note', role: 'status' }, S.reported));
          this.refresh(n);
          this.focusAction(n, 'report');
        } catch (err) {
          put(error, this.message(err));
          send.disabled = false;
        }
      } },
      h('fieldset', null, h('legend', null, S.reportLegend), ...radios),
      h('label', { for: noteId }, S.reportNote), h('div', null, note),
      error,
      h('div', { class: 'row' }, send, h('button', { type: 'button', onclick: close }, S.cancel)));
    n.slot.append(form);
    (radios[0].querySelector('input') as HTMLInputElement).focus();
  }

  /** After the author deletes: a comment with replies stays as a tombstone, else it goes. */
  private dropOwnDeleted(n: Item): void {
    n.mode = '';
    put(n.slot);
    if (n.c.replyCount > 0) {
      n.c = { ...n.c, status: 'deleted', author: null, body: '', html: '' };
      this.refresh(n);
      n.card.focus();
    } else {
      this.remove(n.c.id);
    }
  }

  private remove(id: string): void {
    const n = this.nodes.get(id);
    if (!n) return;
    const next = (n.li.nextElementSibling ?? n.li.previousElementSibling)?.querySelector<HTMLElement>('.card');
    const hadFocus = n.li.contains(this.root.activeElement);
    n.li.remove();
    this.nodes.delete(id);
    for (const d of Array.from(n.li.querySelectorAll<HTMLElement>('.card'))) this.nodes.delete(d.dataset.id ?? '');
    const parent = n.c.parentId ? this.nodes.get(n.c.parentId) : null;
    if (parent) {
      parent.c.replyCount = Math.max(0, parent.c.replyCount - 1);
      parent.shown = Math.max(0, parent.shown - 1);
      this.renderMore(parent);
    }
    if (hadFocus) (next ?? parent?.card ?? this.el.list.parentElement?.querySelector('h2'))?.focus();
  }

  // ---- replies -----------------------------------------------------------------------------

  private async loadReplies(n: Item, limit = REPLY_PAGE): Promise<void> {
    const cursor = n.cursor ? `&cursor=${enc(n.cursor)}` : '';
    try {
      const page = await this.api<Page<Comment>>('GET', `/comments/${enc(n.c.id)}/replies?limit=${limit}${cursor}`);
      let first: HTMLElement | null = null;
      for (const c of page.items) {
        if (this.nodes.has(c.id)) continue;
        const child = this.build(c, n.depth + 1);
        n.replies.append(child.li);
        n.shown++;
        first ??= child.card;
      }
      n.cursor = page.nextCursor;
      n.open = true;
      this.renderMore(n);
      return void (limit === REPLY_PAGE && first && first.focus());
    } catch (e) {
      this.say(this.message(e));
    }
  }

  private renderMore(n: Item): void {
    const hidden = Math.max(0, n.c.replyCount - n.shown);
    n.replies.setAttribute('aria-label', S.repliesTo(n.c.author?.name ?? S.anonymous));
    n.replies.hidden = !n.replies.childElementCount;
    if (!hidden || n.cursor === null) return put(n.more);
    const label = n.shown ? S.showMoreReplies(hidden) : S.showReplies(hidden);
    put(n.more, h('button', { type: 'button', class: 'link', onclick: () => this.loadReplies(n) }, label));
  }

  // ---- writing -----------------------------------------------------------------------------

  private composer(o: {
    label: string; submit: string; value?: string; onCancel?: () => void;
    onSubmit: (text: string, key: string) => Promise<void>;
  }) {
    const id = uid('pt');
    const hint = uid('ph');
    const counterId = uid('pc');
    const max = this.o.maxLength;
    let key = newKey();
    const area = h('textarea', { id, name: 'body', rows: '4', placeholder: S.placeholder, 'aria-describedby': `${hint} ${counterId}` });
    if (o.value) area.value = o.value;
    const counter = h('span', { class: 'counter', id: counterId });
    const error = h('div', { class: 'err', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'pri' }, o.submit);
    const count = () => {
      const len = [...area.value.trim()].length;
      counter.textContent = len > max ? `${S.counter(len, max)} · ${S.tooLong(len - max)}` : S.counter(len, max);
      counter.classList.toggle('over', len > max);
      return len;
    };
    const form = h('form', { class: 'form', novalidate: true, onsubmit: async (e: Event) => {
      e.preventDefault();
      if (!this.me) return this.requestLogin();
      const text = area.value.trim();
      const len = count();
      if (!len) return void (put(error, S.errors.COMMENT_EMPTY), area.focus());
      if (len > max) return void (put(error, S.tooLong(len - max)), area.focus());
      put(error);
      submit.disabled = true;
      const label = submit.textContent;
      submit.textContent = S.posting;
      try {
        await o.onSubmit(text, key);
        key = newKey();
        area.value = '';
        count();
      } catch (err) {
        put(error, this.message(err));
        area.focus();
      } finally {
        submit.disabled = false;
        submit.textContent = label === S.posting ? o.submit : label;
        if (form === this.main?.form) this.renderWho();
      }
    } },
      h('label', { for: id }, o.label),
      area,
      h('div', { class: 'row' }, h('span', { class: 'hint grow', id: hint }, S.counterHint(max)), counter),
      error,
      h('div', { class: 'row' }, submit, o.onCancel ? h('button', { type: 'button', onclick: o.onCancel }, S.cancel) : null));
    area.addEventListener('input', () => {
      count();
      key = newKey();
    });
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        form.requestSubmit();
      } else if (e.key === 'Escape' && o.onCancel) {
        e.preventDefault();
        o.onCancel();
      }
    });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && o.onCancel && e.target !== area) o.onCancel();
    });
    count();
    return { form, area, submit, error };
  }

  private async post(text: string, key: string, parent?: Item): Promise<void> {
    const body: Record<string, string> = { body: text };
    if (parent) body.parentId = parent.c.id;
    if (this.o.title) body.articleTitle = this.o.title.slice(0, 300);
    if (this.o.url) body.articleUrl = this.o.url;
    const c = await this.api<Comment>('POST', `/articles/${enc(this.o.articleId)}/comments`, body, { 'Idempotency-Key': key });
    this.fresh.delete(c.id);
    this.updateNewButton();
    const existing = this.nodes.get(c.id);
    if (existing) {
      existing.c = c;
      this.refresh(existing);
    } else if (parent) {
      const child = this.build(c, parent.depth + 1);
      child.card.classList.add('fresh');
      parent.replies.append(child.li);
      parent.shown++;
      if (c.status === 'approved') parent.c.replyCount++;
      this.renderMore(parent);
      child.card.focus();
    } else {
      this.el.list.querySelector('.empty')?.remove();
      const n = this.build(c, 0);
      n.card.classList.add('fresh');
      this.el.list.prepend(n.li);
    }
    // With live updates on, article.count brings the exact number; without, count it here.
    if (c.status === 'approved' && !existing && !this.socket?.connected) this.setCount(this.total + 1);
    this.say(c.status === 'approved' ? S.posted : c.status === 'pending' ? S.held : S.refused);
  }

  private async like(n: Item): Promise<void> {
    if (!this.me) return this.requestLogin();
    const on = !n.c.viewerReacted;
    try {
      const r = await this.api<{ reactions: { like: number }; viewerReacted: boolean }>(on ? 'PUT' : 'DELETE', `/comments/${enc(n.c.id)}/reactions/like`);
      n.c.reactions = r.reactions;
      n.c.viewerReacted = r.viewerReacted;
      this.refresh(n);
    } catch (e) {
      this.say(this.message(e));
    }
  }

  private requestLogin(): void {
    if (!this.loginHandlers.length) {
      put(this.main.error, S.signInNeeded);
      return;
    }
    for (const cb of this.loginHandlers) {
      try {
        cb();
      } catch (e) {
        console.error(e);
      }
    }
  }

  // ---- HTTP with token refresh -------------------------------------------------------------

  private async api<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const go = () => call<T>(this.o.base, method, path, { token: this.token, body, headers });
    const used = this.token;
    try {
      return await go();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401 || !this.token) throw e;
      // Another request already swapped the token while this one was on its way.
      if (this.token !== used) return go();
      const fresh = e.code === 'TOKEN_EXPIRED' ? await this.refreshToken() : null;
      if (!fresh) {
        this.setToken(null);
        if (method !== 'GET') throw e;
      }
      return go();
    }
  }

  /** Asks the host for a new token (its callback returns one or calls Parley.setToken). */
  private refreshToken(): Promise<string | null> {
    if (!this.expiredHandlers.length) return Promise.resolve(null);
    const stale = this.token;
    this.refreshing ??= new Promise<string | null>((resolve) => {
      const done = (t: string | null) => {
        this.tokenWaiter = null;
        this.refreshing = null;
        resolve(t && t !== stale ? t : null);
      };
      this.tokenWaiter = done;
      setTimeout(() => done(null), 20_000);
      for (const cb of this.expiredHandlers) {
        try {
          Promise.resolve(cb()).then((t) => typeof t === 'string' && t && this.setToken(t), () => done(null));
        } catch {
          done(null);
        }
      }
    });
    return this.refreshing;
  }

  private message(e: unknown): string {
    if (!(e instanceof ApiError)) return S.errors.default;
    if (e.code === 'USER_SUSPENDED' || (e.status === 400 && !S.errors[e.code])) return e.message;
    return S.errors[e.code] ?? (e.status === 429 ? S.errors.RATE_LIMITED : S.errors.default);
  }

  // ---- live --------------------------------------------------------------------------------

  private connect(): void {
    const socket = (this.socket = io(this.o.base, {
      path: '/socket.io',
      auth: (cb) => cb(this.token ? { token: this.token } : {}),
      reconnectionDelayMax: 10_000,
    }));
    const section = this.el.list.parentElement!;
    socket.on('connect', () => {
      this.el.net.hidden = true;
      socket.emit('join', { articleId: this.o.articleId, ...(this.cursor ? { since: this.cursor } : {}) }, (ack: any) => {
        if (ack?.ok && ack.cursor != null) this.advance(String(ack.cursor));
        // Hosts (and tests) can tell when live updates flow.
        if (ack?.ok) section.dataset.live = 'on';
      });
    });
    socket.on('disconnect', (reason) => {
      section.dataset.live = 'off';
      if (reason === 'io client disconnect') return;
      this.el.net.hidden = false;
      // socket.io retries by itself except when the server closed the socket on purpose.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
    });
    socket.on('connect_error', async (err: Error & { data?: any }) => {
      if (socket.active) return; // socket.io retries by itself
      // Refused by the server (a bad or expired token): refresh it, or carry on anonymously.
      const code = String(err.data?.code ?? err.message ?? '');
      if (this.token) {
        const fresh = /EXPIRED/i.test(code) ? await this.refreshToken() : null;
        if (!fresh) this.setToken(null);
      }
      setTimeout(() => socket.connect(), 1000);
    });
    socket.on('resync', (d: any) => {
      if (d?.cursor != null) this.cursor = String(d.cursor);
      void this.reload();
    });
    for (const type of ['comment.created', 'comment.updated', 'comment.removed', 'comment.reactions', 'article.count', 'article.updated', 'comment.status']) {
      socket.on(type, (data: any) => {
        // A replayed event can also arrive live: each cursor counts once, and a comment's state
        // never goes back to an older event's.
        if (data?.cursor != null && !this.fresher(type, data, String(data.cursor))) return;
        if (data?.articleId && data.articleId !== this.o.articleId && type !== 'comment.status') return;
        if (data?.comment?.articleId && data.comment.articleId !== this.o.articleId) return;
        if (!this.loaded) return void this.early.push([type, data]);
        this.onEvent(type, data);
      });
    }
  }

  /** Remembers `c` as seen; false for an event already applied or older than what is shown. */
  private fresher(type: string, d: any, c: string): boolean {
    if (!/^\d+$/.test(c)) return true;
    const n = BigInt(c);
    const key = `${type}:${d.id ?? d.comment?.id ?? d.articleId ?? ''}`;
    const last = this.applied.get(key);
    if (last !== undefined && n <= last) return false;
    if (this.applied.size > 5000) this.applied.clear();
    this.applied.set(key, n);
    this.advance(c);
    return true;
  }

  /** The resume point for `join { since }`: the newest cursor seen. */
  private advance(c: string): void {
    const prev = this.cursor;
    if (prev && /^\d+$/.test(c) && /^\d+$/.test(prev) && BigInt(c) <= BigInt(prev)) return;
    this.cursor = c;
  }

  private onEvent(type: string, d: any): void {
    switch (type) {
      case 'comment.created': {
        const c: Comment = d.comment;
        const n = this.nodes.get(c.id);
        if (n) return this.merge(n, c);
        if (c.parentId && !this.nodes.has(c.parentId)) return;
        this.fresh.set(c.id, c);
        this.updateNewButton(true);
        return;
      }
      case 'comment.updated': {
        const c: Comment = d.comment;
        const n = this.nodes.get(c.id);
        if (n) this.merge(n, c);
        else if (this.fresh.has(c.id)) this.fresh.set(c.id, c);
        return;
      }
      case 'comment.removed': {
        if (this.fresh.delete(d.id)) this.updateNewButton();
        const n = this.nodes.get(d.id);
        if (!n) return;
        if (this.own(n.c)) void this.recheck(n);
        else this.remove(d.id);
        return;
      }
      case 'comment.reactions': {
        const n = this.nodes.get(d.id);
        if (n && d.reactions) {
          n.c.reactions = d.reactions;
          this.refresh(n);
        }
        return;
      }
      case 'article.count':
        if (typeof d.total === 'number') this.setCount(d.total);
        return;
      case 'article.updated':
        if (d.article && typeof d.article.closed === 'boolean' && d.article.closed !== this.closed) this.setClosed(d.article.closed);
        return;
      case 'comment.status': {
        const n = this.nodes.get(d.id);
        if (!n) return;
        this.say(d.status === 'approved' ? S.published : S.rejectedNote);
        void this.recheck(n);
        return;
      }
    }
  }

  /** Public events carry the public view: keep what only this viewer knows. */
  private merge(n: Item, c: Comment): void {
    n.c = { ...c, viewerReacted: n.c.viewerReacted, author: c.author ?? (c.status === 'deleted' ? null : n.c.author) };
    this.refresh(n);
    this.renderMore(n);
  }

  /** The viewer's own comment changed state: ask for it as the author sees it. */
  private async recheck(n: Item): Promise<void> {
    try {
      n.c = await this.api<Comment>('GET', `/comments/${enc(n.c.id)}`);
      this.refresh(n);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) this.remove(n.c.id);
    }
  }

  private updateNewButton(announce = false): void {
    const n = this.fresh.size;
    this.el.newBtn.hidden = !n;
    put(this.el.newBtn, n ? S.newComments(n) : '');
    if (announce && n) {
      clearTimeout(this.announceTimer);
      this.announceTimer = window.setTimeout(() => {
        this.el.live.textContent = this.fresh.size ? S.announceNew(this.fresh.size) : '';
      }, 1500);
    }
  }

  /** Reveals the waiting comments where they belong and moves focus to the first one. */
  private showFresh(): void {
    const items = [...this.fresh.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    this.fresh.clear();
    this.updateNewButton();
    this.el.list.querySelector('.empty')?.remove();
    let first: HTMLElement | null = null;
    let shown = 0;
    const top = items.filter((c) => !c.parentId);
    // Newest first: the newest goes on top. Oldest first: after the last loaded page, or later with "load more".
    for (const c of this.sort === 'newest' ? top : top.reverse()) {
      if (this.nodes.has(c.id)) continue;
      if (this.sort !== 'newest' && this.nextCursor) continue;
      const n = this.build(c, 0);
      n.card.classList.add('fresh');
      if (this.sort === 'newest') this.el.list.prepend(n.li);
      else this.el.list.append(n.li);
      shown++;
    }
    for (const c of items.filter((x) => x.parentId)) {
      const p = this.nodes.get(c.parentId!);
      if (!p || this.nodes.has(c.id)) continue;
      p.c.replyCount++;
      if (p.open && p.cursor === null) {
        const n = this.build(c, p.depth + 1);
        n.card.classList.add('fresh');
        p.replies.append(n.li);
        p.shown++;
        shown++;
      } else if (p.cursor === null) {
        p.cursor = undefined;
      }
      this.renderMore(p);
    }
    first = this.el.list.querySelector<HTMLElement>('.card.fresh');
    this.el.live.textContent = S.announceShown(shown || items.length);
    (first ?? this.el.list.querySelector<HTMLElement>('.card'))?.focus();
  }

  private tick(): void {
    for (const t of Array.from(this.root.querySelectorAll('time'))) t.textContent = relTime(t.getAttribute('datetime')!, S.time);
    for (const n of this.nodes.values()) {
      if (this.own(n.c) && n.card.querySelector('[data-k="edit"]') && !this.editable(n.c) && n.mode !== 'edit') this.refresh(n);
    }
  }
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
