import {
  EMAIL_MODES,
  type EmailMode,
  type NotificationEvent,
  type NotificationPageView,
  type NotificationPreferencesView,
  type NotificationView,
} from '../../../common/notification-contract';
import { ApiError, call } from '../shared/api';
import { h, put } from '../shared/dom';
import type { ExtrasHost, PersonalSocket } from './extras-api';
import { X } from './extras-strings';

/** The bell's own styles, beside the widget's (same custom properties). */
export const BELL_CSS = `
.bell{display:inline-flex;align-items:center;justify-content:center;gap:.3em;padding:.35em .55em;line-height:1}
.bell svg{width:1.2em;height:1.2em;fill:currentColor}
.bell-n{min-width:1.6em;padding:0 .4em;border-radius:1em;background:var(--dg);color:var(--bg);font-size:.8em;font-weight:700;line-height:1.6em;text-align:center}
.bell-panel{border:1px solid var(--bd);border-radius:var(--r);background:var(--bg);padding:.6em .8em;margin:0 0 1em}
.bell-panel h3{font-size:1.05em;margin:0}
.bell-head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5em}
.bell-list{list-style:none;margin:.4em 0 0;padding:0}
.bn{padding:.5em .6em;border-top:1px solid var(--bd)}
.bn.unread{border-inline-start:3px solid var(--ac);background:var(--sf)}
.bn a{color:var(--ac);font-weight:600;overflow-wrap:anywhere}
.bn-line{font-weight:600;overflow-wrap:anywhere}
button.bn-line{color:var(--ac);text-align:start;padding-inline:0;text-decoration:underline}
.bn-x{margin:.2em 0;color:var(--m);overflow-wrap:anywhere}
.bn-meta{display:flex;flex-wrap:wrap;align-items:center;gap:.3em .6em;color:var(--m);font-size:.85em}
.bell-email{border-top:1px solid var(--bd);margin-top:.6em;padding-top:.6em}
.bell-email label{font-weight:600}
.bell-email p{margin:.3em 0 0}
`;

/** The widget's options, session, strings and live region (embed-extras.js: see extras-api.ts). */
export type BellContext = Pick<ExtrasHost, 'options' | 'session' | 'say' | 'uid' | 'fullTime' | 'relTime'>;

const PAGE = 20;
const SVG = 'http://www.w3.org/2000/svg';

/** A bell outline, drawn rather than an emoji so it looks the same on every system. */
function bellIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute(
    'd',
    'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Zm-2 1H7v-6a5 5 0 0 1 10 0v6Z',
  );
  svg.append(path);
  return svg;
}

/** The article page with the comment's anchor (what a link to a comment is), when the page is known. */
function permalink(n: NotificationView): string | null {
  if (!n.articleUrl) return null;
  try {
    const u = new URL(n.articleUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = `comment-${n.commentId}`;
    return u.toString();
  } catch {
    return null;
  }
}

/**
 * The signed-in reader's notifications: a bell in the widget's header with the unread count, and
 * a panel listing them (replies, mentions, moderators' decisions) newest first. What arrived while
 * the reader was away is there when the widget loads; new ones come live over the widget's socket
 * (the reader's own room). Opening one goes to the comment by its permalink: on this article
 * through `#comment-<id>`, which the widget follows; on another, to that article's page.
 */
export class Bell {
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
  private readonly count = h('span', { class: 'bell-n', 'aria-hidden': 'true', hidden: true });
  private readonly list = h('ul', { class: 'bell-list', role: 'list' });
  private readonly note = h('p', { class: 'hint' });
  private readonly markAll: HTMLButtonElement;
  private readonly more: HTMLButtonElement;
  private readonly rows = new Map<string, { n: NotificationView; li: HTMLLIElement }>();
  private unread = 0;
  private cursor: string | null = null;
  /** Bumped by every fresh load and sign-in change: answers for an older one are dropped. */
  private generation = 0;
  private wasDisconnected = false;
  /** The reader's own email choice (PUT /notifications/preferences), shown when the deployment sends email and their token has an address. */
  private readonly email: HTMLElement;
  private readonly emailSelect: HTMLSelectElement;
  private readonly emailAddress = h('p', { class: 'hint' });
  private readonly emailNote = h('p', { class: 'hint', role: 'status' });
  private emailSaved: EmailMode = 'off';

  constructor(private readonly ctx: BellContext) {
    const { uid } = ctx;
    const panelId = uid('pb');
    const headingId = uid('pbh');
    this.button = h(
      'button',
      { type: 'button', class: 'bell', 'aria-expanded': 'false', 'aria-controls': panelId, hidden: true, onclick: () => this.toggle() },
      bellIcon(),
      this.count,
    );
    this.markAll = h('button', { type: 'button', class: 'link', hidden: true, onclick: () => void this.markRead(null) }, X.bell.markAll);
    this.more = h('button', { type: 'button', class: 'link', hidden: true, onclick: () => void this.load(false) }, X.bell.more);
    const selectId = uid('pbe');
    this.emailSelect = h(
      'select',
      { id: selectId, onchange: () => void this.saveEmail() },
      ...EMAIL_MODES.map((m) => h('option', { value: m }, X.bell.email.modes[m])),
    );
    this.email = h(
      'div',
      { class: 'bell-email', hidden: true },
      h('div', { class: 'row' }, h('label', { for: selectId }, X.bell.email.label), this.emailSelect),
      this.emailAddress,
      this.emailNote,
    );
    this.panel = h(
      'section',
      { id: panelId, class: 'bell-panel', 'aria-labelledby': headingId, hidden: true, onkeydown: (e: KeyboardEvent) => this.key(e) },
      h(
        'div',
        { class: 'bell-head' },
        h('h3', { id: headingId, tabindex: '-1' }, X.bell.heading),
        h('div', { class: 'row' }, this.markAll, h('button', { type: 'button', class: 'link', onclick: () => this.close(true) }, X.bell.close)),
      ),
      this.note,
      this.list,
      this.more,
      this.email,
    );
    this.drawCount();
  }

  /** Signed in, out, or as someone else: shows that reader's notifications afresh (none when signed out). */
  refresh(): void {
    this.generation++;
    this.rows.clear();
    put(this.list);
    this.cursor = null;
    const signedIn = !!this.ctx.session.me;
    this.button.hidden = !signedIn;
    this.email.hidden = true;
    put(this.emailNote, '');
    if (!signedIn) {
      this.close(false);
      this.setUnread(0);
      return;
    }
    void this.load(true);
    void this.loadEmail();
  }

  private async loadEmail(): Promise<void> {
    const generation = this.generation;
    let prefs: NotificationPreferencesView;
    try {
      prefs = await this.api<NotificationPreferencesView>('GET', '/notifications/preferences');
    } catch {
      return;
    }
    if (generation === this.generation) this.showEmail(prefs);
  }

  /** Only a choice that can be kept is offered: email sent by this deployment, to the address the reader's sign-in carries. */
  private showEmail(prefs: NotificationPreferencesView): void {
    this.emailSaved = prefs.email;
    this.emailSelect.value = prefs.email;
    put(this.emailAddress, prefs.address ? X.bell.email.to(prefs.address) : '');
    this.email.hidden = !prefs.emailAvailable || !prefs.address;
  }

  private async saveEmail(): Promise<void> {
    const generation = this.generation;
    const chosen = this.emailSelect.value as EmailMode;
    this.emailSelect.disabled = true;
    try {
      const prefs = await this.api<NotificationPreferencesView>('PUT', '/notifications/preferences', { email: chosen });
      if (generation !== this.generation) return;
      this.showEmail(prefs);
      put(this.emailNote, X.bell.email.saved(X.bell.email.modes[prefs.email]));
    } catch {
      if (generation !== this.generation) return;
      this.emailSelect.value = this.emailSaved;
      put(this.emailNote, X.bell.email.failed);
    } finally {
      this.emailSelect.disabled = false;
    }
  }

  /** Hears the reader's own room on the widget's socket; a reconnection reloads what was missed meanwhile. */
  listen(socket: PersonalSocket): void {
    socket.on('notification', (e: NotificationEvent) => this.received(e));
    socket.on('disconnect', () => (this.wasDisconnected = true));
    socket.on('connect', () => {
      if (!this.wasDisconnected) return;
      this.wasDisconnected = false;
      if (this.ctx.session.me) this.refresh();
    });
  }

  private received({ notification: n, unreadCount }: NotificationEvent): void {
    if (!this.ctx.session.me) return;
    this.setUnread(unreadCount);
    if (this.rows.has(n.id)) return;
    const li = this.item(n);
    this.rows.set(n.id, { n, li });
    this.list.prepend(li);
    this.note.hidden = true;
    this.ctx.say(X.bell.announce(this.line(n)));
  }

  private async load(fresh: boolean): Promise<void> {
    const generation = this.generation;
    const after = !fresh && this.cursor ? `&cursor=${encodeURIComponent(this.cursor)}` : '';
    let page: NotificationPageView;
    try {
      page = await this.api<NotificationPageView>('GET', `/notifications?limit=${PAGE}${after}`);
    } catch {
      if (generation !== this.generation) return;
      put(this.note, X.bell.loadFailed);
      this.note.hidden = false;
      return;
    }
    if (generation !== this.generation) return;
    for (const n of page.items) {
      if (this.rows.has(n.id)) continue;
      const li = this.item(n);
      this.rows.set(n.id, { n, li });
      this.list.append(li);
    }
    this.cursor = page.nextCursor;
    this.more.hidden = !page.nextCursor;
    this.setUnread(page.unreadCount);
    put(this.note, this.rows.size ? '' : X.bell.empty);
    this.note.hidden = !!this.rows.size;
  }

  /** Marks these notifications (null: all) read through the API; the count is the service's answer. */
  private async markRead(ids: string[] | null): Promise<void> {
    const generation = this.generation;
    try {
      const r = await this.api<{ unreadCount: number }>('POST', '/notifications/read', ids ? { ids } : { all: true });
      if (generation !== this.generation) return;
      for (const row of this.rows.values()) {
        if (ids && !ids.includes(row.n.id)) continue;
        if (row.n.read) continue;
        row.n = { ...row.n, read: true };
        const li = this.item(row.n);
        row.li.replaceWith(li);
        row.li = li;
      }
      this.setUnread(r.unreadCount);
    } catch {
      put(this.note, X.bell.loadFailed);
      this.note.hidden = false;
    }
  }

  private line(n: NotificationView): string {
    const article = n.articleId === this.ctx.options.articleId ? X.bell.thisArticle : n.articleTitle ? `“${n.articleTitle}”` : X.bell.thisArticle;
    return X.bell.kinds[n.kind](n.actorName || X.bell.someone, article);
  }

  private item(n: NotificationView): HTMLLIElement {
    const here = n.articleId === this.ctx.options.articleId;
    const href = here ? `#comment-${n.commentId}` : permalink(n);
    const text = this.line(n);
    const title =
      n.kind === 'warning'
        ? h('button', { type: 'button', class: 'link bn-line', onclick: () => this.openWarning(n) }, text)
        : href
          ? h('a', { href, class: 'bn-line', onclick: (e: MouseEvent) => this.open(n, e), 'data-comment-id': n.commentId }, text)
          : h('span', { class: 'bn-line' }, text);
    return h(
      'li',
      { class: n.read ? 'bn' : 'bn unread', 'data-id': n.id },
      h('div', null, title),
      n.excerpt ? h('p', { class: 'bn-x' }, `“${n.excerpt}”`) : null,
      n.reason ? h('p', { class: 'bn-x' }, X.bell.reason(n.reason)) : null,
      h(
        'div',
        { class: 'bn-meta' },
        h('time', { datetime: n.createdAt, title: this.ctx.fullTime(n.createdAt) }, this.ctx.relTime(n.createdAt)),
        n.read ? null : h('span', { class: 'badge wait' }, X.bell.unread),
        n.read ? null : h('button', { type: 'button', class: 'link', onclick: () => void this.markRead([n.id]) }, X.bell.markRead),
      ),
    );
  }

  /** Opening marks it read; on this article the widget's own link handling brings the comment into view. */
  private open(n: NotificationView, e: MouseEvent): void {
    if (!n.read) void this.markRead([n.id]);
    if (n.articleId !== this.ctx.options.articleId) return;
    e.preventDefault();
    this.close(false);
    const hash = `#comment-${n.commentId}`;
    if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = hash;
  }

  /**
   * A warning: opening it marks it read and goes to the warning above the comment form, where the reader
   * acknowledges it (the widget shows it while it waits: GET /me, and live); one acknowledged already is only read.
   */
  private openWarning(n: NotificationView): void {
    if (!n.read) void this.markRead([n.id]);
    const notice = (this.panel.getRootNode() as ParentNode).querySelector<HTMLElement>('.warning:not([hidden]) h3');
    if (!notice) return this.ctx.say(X.bell.warningDone);
    this.close(false);
    notice.scrollIntoView({ block: 'center' });
    notice.focus();
  }

  private toggle(): void {
    if (this.panel.hidden) this.openPanel();
    else this.close(true);
  }

  private openPanel(): void {
    this.panel.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.panel.querySelector('h3')?.focus();
  }

  private close(focusButton: boolean): void {
    if (this.panel.hidden) return;
    this.panel.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (focusButton) this.button.focus();
  }

  private key(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    this.close(true);
  }

  private setUnread(n: number): void {
    this.unread = Math.max(0, n);
    this.drawCount();
  }

  private drawCount(): void {
    this.button.setAttribute('aria-label', X.bell.label(this.unread));
    put(this.count, this.unread > 99 ? '99+' : String(this.unread));
    this.count.hidden = this.unread === 0;
    this.markAll.hidden = this.unread === 0;
    this.button.dataset.unread = String(this.unread);
  }

  /** The reader's token signs it; one expired token is refreshed through the host once. */
  private async api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { options: o, session } = this.ctx;
    const go = () => call<T>(o.base, method, path, { token: session.token, body, site: o.site });
    try {
      return await go();
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'TOKEN_EXPIRED') throw e;
      if (!(await session.refresh())) throw e;
      return go();
    }
  }
}
