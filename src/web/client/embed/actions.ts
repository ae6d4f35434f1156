import { REPORT_REASONS, type ReportReason } from '../../../common/contract';
import { h, put, uid } from '../shared/dom';
import type { Action, Card, Mode } from './card';
import { type CommentsApi, errorText } from './client';
import { composer } from './composer';
import type { CommentList } from './list';
import type { MutedPeople } from './mutes';
import type { Options } from './options';
import type { Session } from './session';
import { S } from './strings';

export interface ActionsContext {
  readonly options: Options;
  readonly session: Session;
  readonly api: CommentsApi;
  readonly list: CommentList;
  readonly mutes: MutedPeople;
  say(text: string): void;
  isLive(): boolean;
}

/** What the buttons under a comment do: Like at once; reply, edit, delete and report in a form below it. */
export class CommentActions {
  constructor(private readonly w: ActionsContext) {}

  run(n: Card, action: Action): void {
    if (action === 'like') void this.like(n);
    else if (action === 'link') void this.copyLink(n);
    else if (action === 'collapse') this.w.list.toggleCollapsed(n);
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
    else if (mode === 'edit') this.editForm(n, close);
    else if (mode === 'delete') this.confirmDelete(n, close);
    else if (mode === 'more') this.moreMenu(n, close);
    else this.reportForm(n, close);
  }

  private replyForm(n: Card, close: () => void): void {
    const f = composer(
      {
        label: S.replyLabel(n.c.author?.name ?? ''),
        submit: S.postReply,
        onCancel: close,
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

  private editForm(n: Card, close: () => void): void {
    const f = composer(
      {
        label: S.editLabel,
        value: n.c.body,
        submit: S.save,
        onCancel: close,
        onSubmit: async (text) => {
          const c = await this.w.api.edit(n.c.id, text);
          n.c = c;
          close();
          n.notice(c.status === 'pending' ? S.heldNotice : S.edited, c.status === 'pending' ? 'wait' : 'ok');
          this.w.say(c.status === 'pending' ? S.held : S.edited);
        },
      },
      () => this.w.options.maxLength,
      this.w.session,
    );
    n.slot.append(f.form);
    f.area.focus();
  }

  private confirmDelete(n: Card, close: () => void): void {
    const error = h('div', { class: 'err', role: 'alert' });
    const yes = h(
      'button',
      {
        type: 'button',
        class: 'pri',
        onclick: async () => {
          yes.disabled = true;
          try {
            await this.w.api.delete(n.c.id);
            this.w.say(S.deleted);
            this.dropDeleted(n);
            n.notice(S.deleted);
          } catch (e) {
            put(error, errorText(e));
            yes.disabled = false;
          }
        },
      },
      S.confirmDeleteYes,
    );
    const box = h(
      'div',
      { class: 'note', role: 'group', 'aria-label': S.confirmDelete, onkeydown: (e: KeyboardEvent) => e.key === 'Escape' && close() },
      h('p', null, S.confirmDelete),
      error,
      h('div', { class: 'row' }, yes, h('button', { type: 'button', onclick: close }, S.cancel)),
    );
    n.slot.append(box);
    yes.focus();
  }

  /** After the author deletes: a comment with replies stays as a tombstone, else it goes. */
  private dropDeleted(n: Card): void {
    n.mode = '';
    put(n.slot);
    if (n.c.replyCount > 0) {
      n.c = { ...n.c, status: 'deleted', author: null, body: '', html: '', removedBy: 'author', statusReason: null };
      n.draw();
      n.card.focus();
    } else {
      this.w.list.remove(n.c.id);
    }
  }

  /** Mute the author; for a moderator also feature, approve and reject, through the moderation API. */
  private moreMenu(n: Card, close: () => void): void {
    const { c } = n;
    const error = h('div', { class: 'err', role: 'alert' });
    const item = (label: string, onclick: () => void, k: string) => h('button', { type: 'button', 'data-m': k, onclick }, label);
    const items: HTMLElement[] = [];
    if (!n.own && c.author) items.push(item(S.muteName(c.author.name), () => void this.muteAuthor(n, error), 'mute'));
    if (this.w.session.isModerator) {
      if (c.status === 'approved')
        items.push(item(c.featured ? S.unfeature : S.feature, () => void this.decide(n, c.featured ? 'unfeature' : 'feature', error), 'feature'));
      if (c.status === 'pending' || c.status === 'rejected') items.push(item(S.approve, () => void this.decide(n, 'approve', error), 'approve'));
      if (c.status === 'approved' || c.status === 'pending') items.push(item(S.reject, () => this.rejectForm(n, close), 'reject'));
    }
    const box = h(
      'div',
      { class: 'note menu', role: 'group', 'aria-label': S.moreLabel, onkeydown: (e: KeyboardEvent) => e.key === 'Escape' && close() },
      h('div', { class: 'row' }, ...items, h('button', { type: 'button', class: 'link', onclick: close }, S.cancel)),
      error,
    );
    n.slot.append(box);
    items[0]?.focus();
  }

  private async muteAuthor(n: Card, error: HTMLElement): Promise<void> {
    const author = n.c.author;
    if (!author) return;
    try {
      // The widget redraws every card by this author folded (mutes.ts), this one included.
      await this.w.mutes.mute(author.id);
      n.closeForm();
      n.notice(S.mutedNotice(author.name));
      this.w.say(S.mutedNotice(author.name));
      n.card.querySelector<HTMLElement>('[data-k="unmute-one"]')?.focus();
    } catch (e) {
      put(error, errorText(e));
    }
  }

  /** Asks why (optional; it goes to the moderation log and the author's notification), then rejects. */
  private rejectForm(n: Card, close: () => void): void {
    const id = uid('pj');
    const error = h('div', { class: 'err', role: 'alert' });
    const listId = uid('pk');
    const suggestions = h('datalist', { id: listId });
    const reason = h('input', { type: 'text', id, maxlength: '500', list: listId });
    // The site's own reasons as suggestions; free text still goes.
    this.w.api.rejectReasons().then(
      (r) => put(suggestions, ...r.rejectReasons.map((value) => h('option', { value }))),
      () => undefined,
    );
    const send = h('button', { type: 'submit', class: 'pri' }, S.rejectConfirm);
    const form = h(
      'form',
      {
        class: 'form',
        novalidate: true,
        onkeydown: (e: KeyboardEvent) => e.key === 'Escape' && close(),
        onsubmit: async (e: Event) => {
          e.preventDefault();
          send.disabled = true;
          if (!(await this.decide(n, 'reject', error, reason.value.trim()))) send.disabled = false;
        },
      },
      h('label', { for: id }, S.rejectReason),
      h('div', null, reason, suggestions),
      error,
      h('div', { class: 'row' }, send, h('button', { type: 'button', onclick: close }, S.cancel)),
    );
    put(n.slot, form);
    reason.focus();
  }

  /** A moderator's decision from the stream; the card keeps its place (with its badge) on their screen. */
  private async decide(n: Card, action: 'approve' | 'reject' | 'feature' | 'unfeature', error: HTMLElement, reason?: string): Promise<boolean> {
    const kept = n.decidedHere;
    // Before the call: the live removal may arrive before the answer does.
    n.decidedHere = true;
    try {
      const r = await this.w.api.moderate(n.c.id, action, reason);
      n.c = { ...n.c, status: r.status, featured: r.featured, replyCount: r.replyCount };
    } catch (e) {
      n.decidedHere = kept;
      put(error, errorText(e));
      return false;
    }
    const text = S.decided[action];
    n.closeForm();
    n.drawMore();
    n.notice(text, action === 'reject' ? 'no' : 'ok');
    this.w.say(text);
    n.focusAction('more');
    return true;
  }

  private reportForm(n: Card, close: () => void): void {
    const name = uid('pr');
    const noteId = uid('pn');
    const error = h('div', { class: 'err', role: 'alert' });
    const radios = REPORT_REASONS.map((r, i) => h('label', null, h('input', { type: 'radio', name, value: r, checked: i === 0 }), ' ', S.reasons[r]));
    const note = h('input', { type: 'text', id: noteId, maxlength: '500' });
    const send = h('button', { type: 'submit', class: 'pri' }, S.sendReport);
    const form = h(
      'form',
      {
        class: 'form',
        novalidate: true,
        onkeydown: (e: KeyboardEvent) => e.key === 'Escape' && close(),
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const reason = (form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? 'other') as ReportReason;
          send.disabled = true;
          try {
            const r = await this.w.api.report(n.c.id, reason, note.value.trim());
            n.mode = '';
            n.reported = true;
            put(n.slot);
            n.draw();
            n.notice(r?.alreadyReported ? S.alreadyReported : S.reported);
            this.w.say(r?.alreadyReported ? S.alreadyReported : S.reported);
            n.focusAction('link');
          } catch (err) {
            put(error, errorText(err));
            send.disabled = false;
          }
        },
      },
      h('fieldset', null, h('legend', null, S.reportLegend), ...radios),
      h('label', { for: noteId }, S.reportNote),
      h('div', null, note),
      error,
      h('div', { class: 'row' }, send, h('button', { type: 'button', onclick: close }, S.cancel)),
    );
    n.slot.append(form);
    radios[0].querySelector('input')!.focus();
  }
}

/** The address of a comment: the article's (as the page gave it, else this page's) with `#comment-<id>`. */
export function commentLink(articleUrl: string | undefined, id: string): string {
  const u = new URL(articleUrl ?? location.href);
  u.hash = `comment-${id}`;
  return u.href;
}
