import { h, put, uid } from '../shared/dom';
import type { Action, Card, Mode } from './card';
import { type CommentsApi, errorText } from './client';
import { composer, draftKey } from './composer';
import type { ExtrasForm } from './extras-api';
import type { CommentList } from './list';
import type { Options } from './options';
import type { Session } from './session';
import { S } from './strings';

export interface ActionsContext {
  readonly options: Options;
  readonly session: Session;
  readonly api: CommentsApi;
  readonly list: CommentList;
  say(text: string): void;
  isLive(): boolean;
  /** The More menu and the report, edit and delete forms, from embed-extras.js (a signed-in reader's). */
  form(n: Card, mode: ExtrasForm, close: () => void): void;
}

/** What the buttons under a comment do: Like at once; reply, edit, delete and report in a form below it. */
export class CommentActions {
  constructor(private readonly w: ActionsContext) {}

  run(n: Card, action: Action): void {
    if (action === 'like') void this.like(n);
    else if (action === 'link') void this.copyLink(n);
    else if (action === 'collapse') this.w.list.toggleCollapsed(n);
    else if (action === 'thread') this.w.form(n, action, () => undefined);
    else this.open(n, action);
  }

  /** Posts a comment (or a reply to `parent`) and shows it at once, saying under it what happened. */
  async post(text: string, key: string, parent?: Card): Promise<void> {
    const { list } = this.w;
    const c = await this.w.api.post(text, key, parent?.c.id);
    const added = list.addOwn(c, parent);
    // With live updates on, article.count brings the exact number; without, count it here.
    if (c.status === 'approved' && added && !this.w.isLive()) list.setCount(list.total + 1);
    const why = c.statusReason ? S.why[c.statusReason] : '';
    const shown =
      c.status === 'approved' ? S.posted : c.status === 'pending' ? `${S.heldNotice}${why ? ` ${why}` : ''}` : why ? S.notPublishedWhy(why) : S.refused;
    list.get(c.id)?.notice(shown, c.status === 'approved' ? 'ok' : c.status === 'pending' ? 'wait' : 'no');
    this.w.say(c.status === 'pending' ? `${S.held}${why ? ` ${why}` : ''}` : shown);
  }

  /** Copies the comment's link (the article's address with `#comment-<id>`); shows it when the clipboard is out of reach. */
  private async copyLink(n: Card): Promise<void> {
    const url = commentLink(this.w.options.url, n.c.id);
    try {
      await navigator.clipboard.writeText(url);
      n.notice(S.linkCopied);
      this.w.say(S.linkCopied);
    } catch {
      const id = uid('pl');
      const field = h('input', { type: 'text', id, readonly: true, value: url, onfocus: () => field.select() });
      put(n.slot, h('div', { class: 'form' }, h('label', { for: id }, S.linkLabel), h('div', null, field)));
      field.focus();
    }
  }

  private async like(n: Card): Promise<void> {
    if (!this.w.session.me) return this.w.session.requestLogin();
    try {
      const r = await this.w.api.like(n.c.id, !n.c.viewerReacted);
      n.c.reactions = r.reactions;
      n.c.viewerReacted = r.viewerReacted;
      n.draw();
    } catch (e) {
      this.w.say(errorText(e));
    }
  }

  /** Opens one inline form under a comment; its button again closes it. */
  private open(n: Card, mode: Exclude<Mode, ''>): void {
    if (mode !== 'delete' && mode !== 'edit' && !this.w.session.me) return this.w.session.requestLogin();
    const toggleOff = n.mode === mode;
    n.mode = toggleOff ? '' : mode;
    put(n.slot);
    n.draw();
    if (toggleOff) return n.focusAction(mode);
    const close = () => {
      n.closeForm();
      n.focusAction(mode);
    };
    if (mode === 'reply') this.replyForm(n, close);
    else this.w.form(n, mode, close);
  }

  private replyForm(n: Card, close: () => void): void {
    const f = composer(
      {
        label: S.replyLabel(n.c.author?.name ?? ''),
        submit: S.postReply,
        onCancel: close,
        preview: (text) => this.w.api.preview(text),
        draft: draftKey(this.w.options, n.c.id),
        onSubmit: async (text, key) => {
          await this.post(text, key, n);
          n.closeForm();
        },
      },
      () => this.w.options.maxLength,
      this.w.session,
    );
    n.slot.append(f.form);
    f.area.focus();
  }
}

/** The address of a comment: the article's (as the page gave it, else this page's) with `#comment-<id>`. */
export function commentLink(articleUrl: string | undefined, id: string): string {
  const u = new URL(articleUrl ?? location.href);
  u.hash = `comment-${id}`;
  return u.href;
}
