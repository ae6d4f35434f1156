// First, so socket.io-client comes ahead of the widget's own code in the bundle rather than splitting
// it: gzip then finds the widget's repetitions within its window (~0.3 KB smaller).
import { LiveConnection } from './live';
import { SORTS, type Sort } from '../../../common/contract';
import { ApiError } from '../shared/api';
import { announce, h, put, uid } from '../shared/dom';
import { refreshTimes } from '../shared/time';
import { CommentActions } from './actions';
import { liveChanges } from './changes';
import { CommentsApi } from './client';
import { type Composer, composer } from './composer';
import { CommentList } from './list';
import type { Options } from './options';
import { type LoginRequestHandler, Session, type TokenExpiredHandler } from './session';
import { S } from './strings';
import { CSS } from './styles';

/** The comments widget for one article, rendered into a shadow root. */
export class Widget {
  private readonly root: ShadowRoot;
  private readonly session = new Session({
    changed: (userChanged) => this.tokenChanged(userChanged),
    loginUnhandled: () => put(this.main.error, S.signInNeeded),
  });
  private readonly api: CommentsApi;
  private readonly list: CommentList;
  private readonly actions: CommentActions;
  private readonly live: LiveConnection;
  private closed = false;
  private readonly main: Composer;
  private readonly el = {
    closedNote: h('p', { class: 'note', hidden: true }, S.closed),
    composer: h('div'),
    who: h('p', { class: 'hint' }),
    status: h('div', { class: 'sr', role: 'status', 'aria-live': 'polite' }),
    offline: h('p', { class: 'hint', hidden: true }, S.offline),
  };

  constructor(host: HTMLElement, o: Options) {
    this.root = host.attachShadow({ mode: 'open' });
    this.api = new CommentsApi(o, this.session);
    const headingId = uid('ph');
    const sortId = uid('ps');
    const say = (text: string) => announce(this.el.status, text);
    const list = (this.list = new CommentList(headingId, {
      options: o,
      session: this.session,
      root: this.root,
      api: this.api,
      say,
      isClosed: () => this.closed,
      act: (card, action) => this.actions.run(card, action),
      loaded: () => this.live.ready(),
    }));
    this.actions = new CommentActions({ options: o, session: this.session, api: this.api, list, say, isLive: () => this.live.connected });
    this.main = composer(
      {
        label: S.writeLabel,
        submit: S.post,
        onSubmit: (text, key) => this.actions.post(text, key),
        // The button reads "Sign in to comment" while signed out.
        onSettled: () => this.renderWho(),
      },
      o.maxLength,
      this.session,
    );
    const sort = h(
      'select',
      { id: sortId, onchange: () => list.sortBy(sort.value as Sort) },
      ...SORTS.map((s) => h('option', { value: s, selected: s === o.sort }, S.sorts[s])),
    );
    sort.value = o.sort;
    const { el } = this;
    put(el.composer, el.who, this.main.form);
    const section = h(
      'section',
      { class: 'parley', 'aria-labelledby': headingId },
      h(
        'div',
        { class: 'top' },
        h('h2', { id: headingId, tabindex: '-1' }, S.heading, ' ', list.count),
        h('div', { class: 'row' }, h('label', { for: sortId }, S.sortLabel), sort),
      ),
      el.closedNote,
      el.composer,
      el.offline,
      el.status,
      list.fresh.region,
      list.fresh.button,
      list.el,
      list.more,
    );
    this.root.append(h('style', null, CSS), section);
    this.live = new LiveConnection({
      base: o.base,
      articleId: o.articleId,
      session: this.session,
      section,
      offline: el.offline,
      resync: () => void list.reload(),
      handlers: liveChanges({ api: this.api, list, say, isClosed: () => this.closed, setClosed: (closed) => this.setClosed(closed) }),
    });
    this.renderWho();
  }

  // ---- host API (window.Parley) ------------------------------------------------------------

  setToken(token: string | null): void {
    this.session.set(token);
  }

  onLoginRequest(cb: LoginRequestHandler): void {
    this.session.onLoginRequest(cb);
  }

  onTokenExpired(cb: TokenExpiredHandler): void {
    this.session.onTokenExpired(cb);
  }

  start(): void {
    void this.loadArticle();
    void this.list.reload();
    this.live.connect();
    setInterval(() => this.tick(), 30_000);
  }

  // ---- the widget around the list ----------------------------------------------------------

  private tokenChanged(userChanged: boolean): void {
    this.renderWho();
    this.live.reconnect();
    // Own comments (held, "you", editable) look different to someone else.
    if (userChanged && this.list.isLoaded) void this.list.reload();
  }

  private renderWho(): void {
    const { who } = this.el;
    const { me } = this.session;
    put(who, me ? S.signedInAs(me.name) : '');
    who.hidden = !me;
    this.main.submit.textContent = me ? S.post : S.signInToPost;
  }

  /** An unknown article (404) is open: the first comment creates it. Any other failure is retried, not taken for that. */
  private async loadArticle(attempt = 0): Promise<void> {
    try {
      this.setClosed((await this.api.article()).closed);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return;
      console.warn('parley: could not load the article', e);
      if (attempt < 3) setTimeout(() => void this.loadArticle(attempt + 1), 2000 * 2 ** attempt);
    }
  }

  private setClosed(closed: boolean): void {
    this.closed = closed;
    this.el.closedNote.hidden = !closed;
    this.el.composer.hidden = closed;
    this.list.drawAll();
  }

  private tick(): void {
    refreshTimes(this.root, 'time', S.time);
    this.list.expireEdits();
  }
}
