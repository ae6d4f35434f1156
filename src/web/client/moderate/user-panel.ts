import type { UserPanelView, UserWarningView } from '../../../common/contract';
import { h, put, uid } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import type { Sanction } from './client';
import type { Desk } from './dashboard';
import { D } from './desk-strings';
import { logLine } from './log';
import { peopleHref } from './people';
import { S } from './strings';
import { userDataSection } from './user-data';

/** The panel beside the queue about one author: facts, sanctions, history and recent comments. */
export class UserPanel {
  private userId: string | null = null;
  /** Where focus goes back to when the panel closes. */
  private returnTo: HTMLElement | null = null;

  constructor(private readonly d: Desk) {}

  get isOpen(): boolean {
    return !this.d.el.side.hidden;
  }

  async open(userId: string, from: HTMLElement): Promise<void> {
    const { side, columns } = this.d.el;
    this.userId = userId;
    this.returnTo = from;
    side.hidden = false;
    columns.classList.add('with-panel');
    put(side, h('p', null, S.loading));
    try {
      const data = await this.d.api.user(userId);
      if (this.userId !== userId) return;
      this.draw(data);
    } catch (e) {
      put(
        side,
        h('div', { class: 'head' }, h('h2', { id: 'panel-h', tabindex: '-1' }, S.userPanel), this.closeButton()),
        h('p', { class: 'err' }, (e as Error).message),
      );
    }
    this.focusHeading();
  }

  /** A sanction or its undo, by anyone (live): the open panel about that user shows it, focus kept in the panel. */
  async standingChanged(userId: string): Promise<void> {
    if (this.userId !== userId) return;
    const hadFocus = this.d.el.side.contains(document.activeElement);
    const fresh = await this.d.api.user(userId);
    if (this.userId !== userId) return;
    this.draw(fresh);
    if (hadFocus) this.focusHeading();
  }

  close(): void {
    const { el, queue } = this.d;
    el.side.hidden = true;
    el.columns.classList.remove('with-panel');
    this.userId = null;
    const back = this.returnTo;
    this.returnTo = null;
    // Never left on the hidden panel: shortcuts ignore keys from inside it.
    if (back && document.contains(back)) back.focus();
    else (queue.currentRow?.box ?? el.tabs[this.d.tab]).focus();
  }

  private focusHeading(): void {
    this.d.el.side.querySelector<HTMLElement>('#panel-h')?.focus();
  }

  /** The user's warnings and a form to send one: they must acknowledge it before posting again. */
  private warnSection(userId: string, warnings: UserWarningView[]): HTMLElement {
    const { d } = this;
    const id = uid('warn');
    const text = h('textarea', { id, maxlength: '1000', rows: '2', 'aria-describedby': `${id}-hint` });
    const err = h('p', { class: 'err', role: 'alert' });
    const send = async (message: string) => {
      put(err);
      try {
        await d.api.onSite('POST', `/moderation/users/${encodeURIComponent(userId)}/warn`, { message });
        d.say(S.warned);
        this.draw(await d.api.user(userId));
        d.el.side.querySelector<HTMLElement>('#warn-h')?.focus();
      } catch (e) {
        put(err, (e as Error).message);
      }
    };
    return h(
      'section',
      { class: 'warnings', 'aria-labelledby': 'warn-h' },
      h('h3', { id: 'warn-h', tabindex: '-1' }, S.warnings),
      warnings.length
        ? h(
            'ul',
            { class: 'log' },
            ...warnings.map((w) =>
              h(
                'li',
                null,
                h('p', { class: 'note-body' }, w.message),
                h(
                  'span',
                  { class: 'meta' },
                  w.from,
                  ' · ',
                  h('time', { datetime: w.createdAt, title: fullTime(w.createdAt), 'data-rel': '' }, relTime(w.createdAt, S.time)),
                  ' · ',
                  w.acknowledgedAt ? S.warningAcked(fullTime(w.acknowledgedAt)) : S.warningOpen,
                ),
              ),
            ),
          )
        : h('p', { class: 'meta' }, S.noWarnings),
      h(
        'form',
        {
          novalidate: true,
          onsubmit: (e: Event) => {
            e.preventDefault();
            const message = text.value.trim();
            if (!message) return void (put(err, S.needWarning), text.focus());
            void send(message);
          },
        },
        h('label', { for: id }, S.warnMessage),
        text,
        h('p', { class: 'meta', id: `${id}-hint` }, S.warnHint),
        err,
        h('button', { type: 'submit' }, S.warn),
      ),
    );
  }

  private closeButton(): HTMLButtonElement {
    return h('button', { type: 'button', onclick: () => this.close() }, S.close);
  }

  private draw(data: UserPanelView): void {
    const { d } = this;
    const u = data.user;
    const msg = h('p', { class: 'err', role: 'alert' });
    const act = async (sanction: Sanction, body: object, label: string) => {
      put(msg);
      // A ban that rejects the pending comments takes them off this screen as this moderator's own decisions (no "colleague" note).
      const b = body as { rejectPending?: boolean; rejectPublished?: boolean };
      const rows = sanction === 'ban' ? [...(b.rejectPending ? d.queue.pendingOf(u.id) : []), ...(b.rejectPublished ? d.queue.publishedOf(u.id) : [])] : [];
      // As they were and where, for the notice's Undo.
      const was = rows.map((r) => ({ item: r.item, index: d.queue.rows.indexOf(r) }));
      const taking = rows.map((r) => r.item.id);
      taking.forEach((id) => d.decisions.mine.add(id));
      try {
        const res = (await d.api.sanction(u.id, sanction, body)) as { rejectedComments?: number; rejectedIds?: string[] };
        for (const id of taking) d.queue.drop(id, false);
        d.say(S.sanctioned(label) + (res.rejectedComments ? ` ${S.rejectedCount(res.rejectedComments)}` : ''));
        const refresh = async () => {
          const fresh = await d.api.user(u.id);
          if (this.userId === u.id) this.draw(fresh);
          d.queue.updateAuthor(u.id, fresh.user.status);
        };
        // Any sanction can be taken back from the notice like a decision: a ban's rejections first, then the sanction itself.
        const toast = sanction === 'ban' ? S.bannedToast(u.name, res.rejectedIds?.length ?? 0) : `${S.sanctionToast[sanction]} ${u.name}.`;
        d.decisions.offerSanctionUndo(toast, was, res.rejectedIds ?? [], async () => {
          await d.api.undoSanction(u.id);
          await refresh();
        });
        const fresh = await d.api.user(u.id);
        this.draw(fresh);
        this.focusHeading();
        d.queue.updateAuthor(u.id, fresh.user.status);
      } catch (e) {
        taking.forEach((id) => d.decisions.mine.delete(id));
        put(msg, (e as Error).message);
      }
    };
    const banId = uid('ban');
    const banReason = h('input', { type: 'text', id: banId, maxlength: '500' });
    const rejId = uid('rej');
    const rejectPending = h('input', { type: 'checkbox', id: rejId });
    const pubId = uid('pub');
    const rejectPublished = h('input', { type: 'checkbox', id: pubId });
    const durId = uid('dur');
    const dur = h('select', { id: durId }, ...S.durations.map(([v, l]) => h('option', { value: v }, l)));
    const susId = uid('sus');
    const susReason = h('input', { type: 'text', id: susId, maxlength: '500' });
    const noteId = uid('note');
    const note = h('textarea', { id: noteId, maxlength: '2000', rows: '3', 'aria-describedby': `${noteId}-hint` });
    const status = u.status === 'suspended' && u.suspendedUntil ? `${u.status} ${S.until(fullTime(u.suspendedUntil))}` : u.status;
    put(
      d.el.side,
      h('div', { class: 'head' }, h('h2', { id: 'panel-h', tabindex: '-1' }, S.panelTitle(u.name)), this.closeButton()),
      h('p', null, h('a', { href: peopleHref(u.id) }, D.fullHistory)),
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'ID'),
        h('dd', null, u.id),
        h('dt', null, S.status),
        h('dd', null, status, u.sanctionReason ? ` (${u.sanctionReason})` : ''),
        h('dt', null, S.premod),
        h('dd', null, u.premod ? S.yes : S.no),
        h('dt', null, S.role),
        h('dd', null, u.role),
        h('dt', null, S.counts),
        h('dd', null, S.commentCounts(u.approved, u.rejected)),
        h('dt', null, S.joined),
        h('dd', null, fullTime(u.createdAt)),
      ),
      h('h3', null, S.sanctions),
      msg,
      u.status !== 'active'
        ? h('button', { type: 'button', class: 'ok', onclick: () => act('unban', {}, S.unban) }, S.unban)
        : [
            h(
              'form',
              {
                novalidate: true,
                onsubmit: (e: Event) => {
                  e.preventDefault();
                  if (!banReason.value.trim()) return void (put(msg, S.needReason), banReason.focus());
                  void act(
                    'ban',
                    {
                      reason: banReason.value.trim(),
                      ...(rejectPending.checked ? { rejectPending: true } : {}),
                      ...(rejectPublished.checked ? { rejectPublished: true } : {}),
                    },
                    S.ban,
                  );
                },
              },
              h(
                'fieldset',
                null,
                h('legend', null, S.banLegend),
                h('label', { for: banId }, S.banReason),
                banReason,
                h('label', { for: rejId }, rejectPending, ' ', S.rejectPending),
                h('label', { for: pubId }, rejectPublished, ' ', S.rejectPublished),
                h('button', { type: 'submit', class: 'no' }, S.ban),
              ),
            ),
            h(
              'form',
              {
                novalidate: true,
                onsubmit: (e: Event) => {
                  e.preventDefault();
                  if (!susReason.value.trim()) return void (put(msg, S.needReason), susReason.focus());
                  const until = new Date(Date.now() + Number(dur.value) * 86400_000).toISOString();
                  void act('suspend', { until, reason: susReason.value.trim() }, S.suspend);
                },
              },
              h(
                'fieldset',
                null,
                h('legend', null, S.suspendLegend),
                h('label', { for: durId }, S.suspendFor),
                dur,
                h('label', { for: susId }, S.suspendReason),
                susReason,
                h('button', { type: 'submit', class: 'no' }, S.suspend),
              ),
            ),
          ],
      h(
        'p',
        null,
        u.premod
          ? h('button', { type: 'button', onclick: () => act('unpremod', {}, S.premodOff) }, S.premodOff)
          : h('button', { type: 'button', onclick: () => act('premod', {}, S.premodOn) }, S.premodOn),
      ),
      userDataSection(d, u, () => void d.api.user(u.id).then((fresh) => (this.draw(fresh), this.focusHeading()))),
      this.warnSection(u.id, data.warnings ?? []),
      h('h3', null, S.notes),
      (data.notes ?? []).length
        ? h(
            'ul',
            { class: 'log notes' },
            ...(data.notes ?? []).map((n) =>
              h(
                'li',
                null,
                h('p', { class: 'note-body' }, n.body),
                h(
                  'span',
                  { class: 'meta' },
                  n.authorName,
                  ' · ',
                  h('time', { datetime: n.createdAt, title: fullTime(n.createdAt), 'data-rel': '' }, relTime(n.createdAt, S.time)),
                ),
              ),
            ),
          )
        : h('p', { class: 'meta' }, S.noNotes),
      h(
        'form',
        {
          novalidate: true,
          onsubmit: (e: Event) => {
            e.preventDefault();
            const body = note.value.trim();
            if (!body) return void (put(msg, S.needNote), note.focus());
            void (async () => {
              put(msg);
              try {
                await d.api.onSite('POST', `/moderation/users/${encodeURIComponent(u.id)}/notes`, { body });
                d.say(S.noteSaved);
                this.draw(await d.api.user(u.id));
                this.d.el.side.querySelector<HTMLTextAreaElement>('textarea')?.focus();
              } catch (err) {
                put(msg, (err as Error).message);
              }
            })();
          },
        },
        h('label', { for: noteId }, S.addNote),
        note,
        h('p', { class: 'meta', id: `${noteId}-hint` }, S.noteHint),
        h('button', { type: 'submit' }, S.saveNote),
      ),
      h('h3', null, S.history),
      data.log.length ? h('ul', { class: 'log' }, ...data.log.map((l) => h('li', null, logLine(l)))) : h('p', { class: 'meta' }, S.noHistory),
      h('h3', null, S.recent),
      h(
        'ul',
        { class: 'log' },
        ...data.comments.map((c) =>
          h(
            'li',
            null,
            h('span', { class: 'badge' }, c.status),
            ' ',
            h('time', { datetime: c.createdAt, title: fullTime(c.createdAt), 'data-rel': '' }, relTime(c.createdAt, S.time)),
            ' ',
            h('span', null, c.body.length > 140 ? `${c.body.slice(0, 140)}…` : c.body),
          ),
        ),
      ),
    );
  }
}
