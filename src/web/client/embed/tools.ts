import { REPORT_REASONS, type ReportReason } from '../../../common/contract';
import { h, put } from '../shared/dom';
import type { Card } from './card';
import type { ExtrasHost } from './extras-api';
import { X } from './extras-strings';

/** A comment's More menu (mute its author; a moderator's feature, approve and reject, in the stream) and a signed-in reader's forms under a comment: report, edit, delete (embed-extras.js). */
export class StreamTools {
  constructor(private readonly w: Pick<ExtrasHost, 'api' | 'list' | 'options' | 'composer' | 'session' | 'mutes' | 'S' | 'say' | 'uid' | 'errorText'>) {}

  /** Mute the author; for a moderator also feature, approve and reject, through the moderation API. */
  more(n: Card, close: () => void): void {
    const { S } = this.w;
    const { c } = n;
    const error = h('div', { class: 'err', role: 'alert' });
    const item = (label: string, onclick: () => void, k: string) => h('button', { type: 'button', 'data-m': k, onclick }, label);
    const items: HTMLElement[] = [];
    if (!n.own && c.author) items.push(item(X.muteName(c.author.name), () => void this.muteAuthor(n, error), 'mute'));
    if (this.w.session.isModerator) {
      if (c.status === 'approved')
        items.push(item(c.featured ? X.unfeature : X.feature, () => void this.decide(n, c.featured ? 'unfeature' : 'feature', error), 'feature'));
      if (c.status === 'pending' || c.status === 'rejected') items.push(item(X.approve, () => void this.decide(n, 'approve', error), 'approve'));
      if (c.status === 'approved' || c.status === 'pending') items.push(item(X.reject, () => this.rejectForm(n, close), 'reject'));
      if (!n.own && c.author) items.push(item(X.banName(c.author.name), () => this.banForm(n, close), 'ban'));
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
    const { errorText } = this.w;
    const author = n.c.author;
    if (!author) return;
    try {
      // The widget redraws every card by this author folded (mutes.ts), this one included.
      await this.w.mutes.mute(author.id);
      n.closeForm();
      n.notice(X.mutedNotice(author.name));
      this.w.say(X.mutedNotice(author.name));
      n.card.querySelector<HTMLElement>('[data-k="unmute-one"]')?.focus();
    } catch (e) {
      put(error, errorText(e));
    }
  }

  /** Asks why (optional; it goes to the moderation log and the author's notification), then rejects. */
  private rejectForm(n: Card, close: () => void): void {
    const { S, uid } = this.w;
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
    const send = h('button', { type: 'submit', class: 'pri' }, X.rejectConfirm);
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
      h('label', { for: id }, X.rejectReason),
      h('div', null, reason, suggestions),
      error,
      h('div', { class: 'row' }, send, h('button', { type: 'button', onclick: close }, S.cancel)),
    );
    put(n.slot, form);
    reason.focus();
  }

  /**
   * Bans the comment's author after asking (a reason is required, as on the dashboard; optionally
   * rejecting their published comments), through the dashboard's endpoint: the same rules, the same
   * moderation log entry. Their comments on this page stay until the live updates take the rejected ones.
   */
  private banForm(n: Card, close: () => void): void {
    const { S, uid, errorText } = this.w;
    const author = n.c.author;
    if (!author) return;
    const id = uid('pb');
    const rejectId = uid('pb');
    const error = h('div', { class: 'err', role: 'alert' });
    const reason = h('input', { type: 'text', id, maxlength: '500', required: true, oninput: () => put(error) });
    const rejectPublished = h('input', { type: 'checkbox', id: rejectId });
    const send = h('button', { type: 'submit', class: 'pri' }, X.banConfirm(author.name));
    const form = h(
      'form',
      {
        class: 'form',
        novalidate: true,
        'aria-label': X.banName(author.name),
        onkeydown: (e: KeyboardEvent) => e.key === 'Escape' && close(),
        onsubmit: async (e: Event) => {
          e.preventDefault();
          if (!reason.value.trim()) return void (put(error, X.banNeedsReason), reason.focus());
          send.disabled = true;
          try {
            const r = await this.w.api.call<{ rejectedComments: number }>('POST', `/moderation/users/${encodeURIComponent(author.id)}/ban`, {
              reason: reason.value.trim(),
              rejectPublished: rejectPublished.checked,
            });
            const text = `${X.bannedNotice(author.name)}${r.rejectedComments ? ` ${X.bannedRejected(r.rejectedComments)}` : ''}`;
            n.closeForm();
            n.notice(text, 'no');
            this.w.say(text);
            n.focusAction('more');
          } catch (err) {
            put(error, errorText(err));
            send.disabled = false;
          }
        },
      },
      h('p', null, X.banQuestion(author.name)),
      h('label', { for: id }, X.banReason),
      h('div', null, reason),
      h('label', { for: rejectId }, rejectPublished, ' ', X.banRejectPublished),
      error,
      h('div', { class: 'row' }, send, h('button', { type: 'button', onclick: close }, S.cancel)),
    );
    put(n.slot, form);
    reason.focus();
  }

  /** A moderator's decision from the stream; the card keeps its place (with its badge) on their screen. */
  private async decide(n: Card, action: 'approve' | 'reject' | 'feature' | 'unfeature', error: HTMLElement, reason?: string): Promise<boolean> {
    const { errorText } = this.w;
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
    const text = X.decided[action];
    n.closeForm();
    n.drawMore();
    n.notice(text, action === 'reject' ? 'no' : 'ok');
    this.w.say(text);
    n.focusAction('more');
    return true;
  }

  report(n: Card, close: () => void): void {
    const { S, uid, errorText } = this.w;
    const name = uid('pr');
    const noteId = uid('pn');
    const error = h('div', { class: 'err', role: 'alert' });
    const radios = REPORT_REASONS.map((r, i) => h('label', null, h('input', { type: 'radio', name, value: r, checked: i === 0 }), ' ', X.reasons[r]));
    const note = h('input', { type: 'text', id: noteId, maxlength: '500' });
    const send = h('button', { type: 'submit', class: 'pri' }, X.sendReport);
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
            n.notice(r?.alreadyReported ? X.alreadyReported : X.reported);
            this.w.say(r?.alreadyReported ? X.alreadyReported : X.reported);
            n.focusAction('link');
          } catch (err) {
            put(error, errorText(err));
            send.disabled = false;
          }
        },
      },
      h('fieldset', null, h('legend', null, X.reportLegend), ...radios),
      h('label', { for: noteId }, X.reportNote),
      h('div', null, note),
      error,
      h('div', { class: 'row' }, send, h('button', { type: 'button', onclick: close }, S.cancel)),
    );
    n.slot.append(form);
    radios[0].querySelector('input')!.focus();
  }

  confirmDelete(n: Card, close: () => void): void {
    const { errorText } = this.w;
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
            this.w.say(X.deleted);
            this.dropDeleted(n);
            n.notice(X.deleted);
          } catch (e) {
            put(error, errorText(e));
            yes.disabled = false;
          }
        },
      },
      X.confirmDeleteYes,
    );
    const box = h(
      'div',
      { class: 'note', role: 'group', 'aria-label': X.confirmDelete, onkeydown: (e: KeyboardEvent) => e.key === 'Escape' && close() },
      h('p', null, X.confirmDelete),
      error,
      h('div', { class: 'row' }, yes, h('button', { type: 'button', onclick: close }, this.w.S.cancel)),
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

  editForm(n: Card, close: () => void): void {
    const { S, composer } = this.w;
    const f = composer(
      {
        label: X.editLabel,
        value: n.c.body,
        submit: X.save,
        onCancel: close,
        // The same preview as the comment form: the service's rendering of the changed text.
        preview: (text) => this.w.api.preview(text),
        onSubmit: async (text) => {
          const c = await this.w.api.edit(n.c.id, text);
          n.c = c;
          close();
          n.notice(c.status === 'pending' ? S.heldNotice : X.edited, c.status === 'pending' ? 'wait' : 'ok');
          this.w.say(c.status === 'pending' ? S.held : X.edited);
        },
      },
      () => this.w.options.maxLength,
      this.w.session,
    );
    n.slot.append(f.form);
    f.area.focus();
  }
}
