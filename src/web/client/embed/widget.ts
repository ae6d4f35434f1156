// First, so socket.io-client comes ahead of the widget's own code in the bundle rather than splitting
// it: gzip then finds the widget's repetitions within its window (~0.3 KB smaller).
import { LiveConnection } from './live';
import { type ArticleReaderConfig, type ArticleView, type PremoderationPolicy, SORTS, type Sort } from '../../../common/contract';
import { announce, h, put, setHtml, uid } from '../shared/dom';
import { fullTime, refreshTimes, relTime } from '../shared/time';
import { CommentActions } from './actions';
import { liveChanges } from './changes';
import type { Card } from './card';
import { CommentsApi, errorText } from './client';
import { type Composer, composer, draftKey } from './composer';
import { type Extras, type ExtrasForm, loadExtras, type PersonalSocket } from './extras-api';
import { translateLater } from './locale';
import { CommentList } from './list';
import { MutedPeople } from './mutes';
import type { Options } from './options';
import { followPolicy, POLICY_MAX_AGE_MS } from './policy';
import { type LoginRequestHandler, Session, type TokenExpiredHandler } from './session';
import { S } from './strings';
import { WarningNotice, warnedRefusal } from './warning';
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
  /** Whom the signed-in reader muted (mutes.ts). */
  private readonly mutes: MutedPeople;
  private readonly live: LiveConnection;
  /** The bell, account menu, muted-people list and More menu: embed-extras.js, loaded once a reader signs in (extras-api.ts). */
  private extras: Extras | null = null;
  private extrasLoad: Promise<Extras | null> | null = null;
  /** The socket as it is, for the bell when it arrives after the socket. */
  private socket: PersonalSocket | null = null;
  private readonly say: (text: string) => void;
  private closed = false;
  /** GET /me said this reader may not post (banned, suspended): the cards offer no Reply, Like, Edit or Report. */
  private barred = false;
  /** Who holds new comments back: the site's policy and the article's own switch. */
  private sitePremod: PremoderationPolicy = 'none';
  private articlePremod = false;
  /** When a live `article.updated` last said how the article is: fresher than a cached policy until then plus its max-age. */
  private articleLiveAt = -Infinity;
  private readonly main: Composer;
  /** A moderator's warning to acknowledge before posting again, above the form. */
  private readonly warning: WarningNotice;
  private readonly el = {
    /** The header's controls; the bell and account buttons join them. */
    tools: h('div', { class: 'row' }),
    top: h('div', { class: 'top' }),
    closedNote: h('p', { class: 'note', hidden: true }, S.closed),
    composer: h('div'),
    who: h('p', { class: 'hint' }),
    review: h('p', { class: 'hint', id: uid('pv'), hidden: true }),
    status: h('div', { class: 'sr', role: 'status', 'aria-live': 'polite' }),
    offline: h('p', { class: 'hint', hidden: true }, S.offline),
    /** Why a signed-in reader cannot post (banned, suspended), said before they type. */
    standing: h('p', { class: 'note', hidden: true }),
    /** The site's community guidelines (sanitized HTML from the policy), folded above the form. */
    guide: h('details', { class: 'guide', hidden: true }, h('summary', null, S.guidelines), h('div', { class: 'body' })),
    /** What a link to a comment could not show. */
    linkNote: h('p', { class: 'note', hidden: true, role: 'status' }),
    end: h('p', { class: 'sr', tabindex: '-1' }, S.endOfList),
  };

  constructor(
    host: HTMLElement,
    private readonly o: Options,
  ) {
    this.root = host.attachShadow({ mode: 'open' });
    this.api = new CommentsApi(o, this.session);
    const headingId = uid('ph');
    const sortId = uid('ps');
    const say = (this.say = (text: string) => announce(this.el.status, text));
    const list = (this.list = new CommentList(headingId, {
      options: o,
      session: this.session,
      root: this.root,
      api: this.api,
      say,
      isClosed: () => this.closed,
      cannotPost: () => this.barred,
      act: (card, action) => this.actions.run(card, action),
      isMuted: (id) => this.mutes.has(id),
      loaded: () => this.live.ready(),
    }));
    this.mutes = new MutedPeople({
      api: this.api,
      session: this.session,
      changed: () => {
        list.drawAll();
        this.extras?.mutes.render();
      },
    });
    this.actions = new CommentActions({
      options: o,
      session: this.session,
      api: this.api,
      list,
      say,
      isLive: () => this.live.connected,
      form: (n, mode, close) => this.form(n, mode, close),
    });
    this.main = composer(
      {
        label: S.writeLabel,
        submit: S.post,
        onSubmit: (text, key) =>
          this.actions.post(text, key).catch((e: unknown) => {
            // Warned while the page was open: the warning comes up above the form.
            if (warnedRefusal(e)) this.checkStanding();
            throw e;
          }),
        // The button reads "Sign in to comment" while signed out.
        onSettled: () => this.renderWho(),
        describedBy: this.el.review.id,
        preview: (text) => this.api.preview(text),
        draft: draftKey(o),
      },
      () => o.maxLength,
      this.session,
    );
    const sort = h(
      'select',
      { id: sortId, onchange: () => list.sortBy(sort.value as Sort) },
      ...SORTS.map((s) => h('option', { value: s, selected: s === o.sort }, S.sorts[s])),
    );
    sort.value = o.sort;
    const { el } = this;
    put(el.composer, el.guide, el.who, el.standing, el.review, this.main.form);
    this.warning = new WarningNotice(this.main.form, () => this.api.ackWarning(), say);
    this.main.form.before(this.warning.el);
    // The count alone ("3 comments"); data-heading="off" keeps it for screen readers only, under the page's own heading.
    put(el.top, h('h2', { id: headingId, tabindex: '-1', class: o.heading === 'off' ? 'sr' : null }, list.count), el.tools);
    put(el.tools, h('label', { for: sortId }, S.sortLabel), sort);
    const skip = h('button', { type: 'button', class: 'link skip', onclick: () => el.end.focus() }, S.skipList);
    const section = h(
      'section',
      { class: 'parley', lang: o.locale ?? 'en', 'aria-labelledby': headingId },
      el.top,
      el.closedNote,
      el.composer,
      el.offline,
      el.status,
      el.linkNote,
      skip,
      list.fresh.region,
      list.fresh.button,
      list.el,
      list.more,
      el.end,
    );
    this.root.append(h('style', null, CSS), section);
    this.live = new LiveConnection({
      base: o.base,
      site: o.site,
      articleId: o.articleId,
      session: this.session,
      section,
      offline: el.offline,
      resync: () => void list.reload(),
      personal: (socket) => {
        this.socket = socket;
        this.extras?.bell.listen(socket);
        this.warning.listen(socket);
      },
      handlers: liveChanges({ api: this.api, list, say, articleChanged: (article) => this.articleChanged(article) }),
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

  /**
   * The article changed (live `article.updated`): takes its `closed` and, when given, its
   * `premoderation`; a policy answer asked for before this plus the cache's max-age is older.
   */
  articleChanged(article: Pick<ArticleView, 'closed'> & Partial<Pick<ArticleView, 'premoderation'>>): void {
    this.articleLiveAt = Date.now();
    this.articlePremod = article.premoderation ?? this.articlePremod;
    this.renderReview();
    if (article.closed !== this.closed) this.setClosed(article.closed);
  }

  start(): void {
    // The data-* limits hold until the service's policy arrives, and if it never does.
    followPolicy(this.o.base, this.o.site, this.o.articleId, (c, askedAt) => this.applyPolicy(c, askedAt));
    void this.mutes.ready.then(() => this.list.reload()).then(() => this.openLink());
    window.addEventListener('hashchange', () => void this.openLink());
    this.live.connect();
    void this.needExtras();
    this.checkStanding();
    setInterval(() => this.tick(), 30_000);
  }

  /** `#comment-<id>` in the page's address: that comment, loaded with its thread when it is not on the first page. */
  private async openLink(): Promise<void> {
    const m = /^#comment-([0-9a-f-]{36})$/i.exec(location.hash);
    if (!m || !this.list.isLoaded) return;
    const { linkNote } = this.el;
    const found = await this.list.reveal(m[1].toLowerCase());
    put(linkNote, found ? '' : S.linkMissing);
    linkNote.hidden = found;
  }

  /** A banned or suspended reader is told so above the form, and the form is not offered. */
  private checkStanding(): void {
    const { standing } = this.el;
    const show = (text: string) => {
      this.warning.show(null);
      put(standing, text);
      standing.hidden = !text;
      this.main.form.hidden = !!text;
      if (this.barred === !!text) return;
      this.barred = !!text;
      if (this.list.isLoaded) this.list.drawAll();
    };
    if (!this.session.me) return show('');
    const asked = this.session.token;
    this.api.me().then(
      (r) => {
        if (this.session.token !== asked) return;
        if (r.warning) return void (show(''), this.warning.show(r.warning));
        if (r.canPost) return show('');
        show(r.status === 'suspended' && r.suspendedUntil ? S.suspended(fullTime(r.suspendedUntil)) : S.banned);
      },
      () => show(''),
    );
  }

  // ---- embed-extras.js ----------------------------------------------------------------------

  /**
   * Loads embed-extras.js the first time someone is signed in, or signed out when `any` (a reader's
   * "Continue this thread"); null while signed out or when it could not be loaded (tried again later).
   */
  private needExtras(any?: boolean): Promise<Extras | null> {
    if (this.extras || !(any || this.session.me)) return Promise.resolve(this.extras);
    return (this.extrasLoad ??= loadExtras(this.o.base).then(
      (create) => {
        const x = (this.extras = create({
          options: this.o,
          session: this.session,
          api: this.api,
          list: this.list,
          mutes: this.mutes,
          composer,
          S,
          say: this.say,
          uid,
          errorText,
          fullTime,
          relTime: (iso) => relTime(iso, S.time),
          translate: translateLater,
          deleted: () => this.setToken(null),
        }));
        const { el } = this;
        this.root.append(h('style', null, x.css));
        el.tools.append(x.bell.button, x.account.button);
        el.top.after(x.bell.panel, x.account.panel);
        el.composer.after(x.mutes.el);
        if (this.socket) x.bell.listen(this.socket);
        x.bell.refresh();
        x.account.refresh();
        return x;
      },
      (e: unknown) => {
        console.warn('parley: the signed-in tools could not be loaded', e);
        this.extrasLoad = null;
        return null;
      },
    ));
  }

  /** A comment's More menu, its report, edit or delete form, or its thread on its own; the first one opened may wait for embed-extras.js. */
  private form(n: Card, mode: ExtrasForm, close: () => void): void {
    if (this.extras) return this.extras.form(n, mode, close);
    void this.needExtras(true).then((x) => (x ? (n.mode === mode || mode === 'thread') && x.form(n, mode, close) : this.say(S.errors.NETWORK)));
  }

  // ---- the widget around the list ----------------------------------------------------------

  private tokenChanged(userChanged: boolean): void {
    this.renderWho();
    this.checkStanding();
    this.extras?.bell.refresh();
    void this.needExtras();
    if (userChanged) void this.mutes.load();
    this.live.reconnect();
    // Own comments (held, "you", editable) look different to someone else.
    if (userChanged && this.list.isLoaded) void this.list.reload();
  }

  private renderWho(): void {
    const { who } = this.el;
    const { me } = this.session;
    put(who, me ? S.signedInAs(me.name) : '');
    who.hidden = !me;
    this.extras?.account.refresh();
    this.main.submit.textContent = me ? S.post : S.signInToPost;
  }

  /** The site's policy for the article, as the service answered it (see policy.ts). */
  private applyPolicy(c: ArticleReaderConfig, askedAt: number): void {
    const { o } = this;
    const redraw = o.maxDepth !== c.maxDepth || o.editWindowSeconds !== c.editWindowSeconds;
    o.maxLength = c.maxLength;
    o.maxDepth = c.maxDepth;
    o.editWindowSeconds = c.editWindowSeconds;
    this.main.recount();
    this.sitePremod = c.premoderation;
    this.renderGuidelines(c.guidelinesHtml ?? '');
    const current = askedAt > this.articleLiveAt + POLICY_MAX_AGE_MS;
    if (current) this.articlePremod = c.article.premoderation;
    this.renderReview();
    if (current && c.article.closed !== this.closed) this.setClosed(c.article.closed);
    else if (redraw) this.list.drawAll();
  }

  private guidelinesHtml = '';

  /** The guidelines box, redrawn only when the text changed (an open box stays open). */
  private renderGuidelines(html: string): void {
    const { guide } = this.el;
    if (html === this.guidelinesHtml) return;
    this.guidelinesHtml = html;
    setHtml(guide.lastElementChild!, html);
    guide.hidden = !html;
  }

  /** Says, above the form, when new comments wait for a moderator before anyone sees them. */
  private renderReview(): void {
    const { review } = this.el;
    const all = this.articlePremod || this.sitePremod === 'all';
    put(review, all ? S.reviewed : this.sitePremod === 'links' ? S.reviewedLinks : '');
    review.hidden = !review.textContent;
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
