import type { MuteView } from '../../../common/mute-contract';
import { h, put, uid } from '../shared/dom';
import { type CommentsApi, errorText } from './client';
import type { Session } from './session';
import { S } from './strings';

export interface MutesContext {
  readonly api: CommentsApi;
  readonly session: Session;
  say(text: string): void;
  /** Who is muted changed: the cards fold or unfold. */
  changed(): void;
}

/**
 * The readers this reader muted, as the service keeps them (GET/POST/DELETE /me/mutes, so they
 * follow the reader to every device), and the short list above the comments to unmute them.
 */
export class MutedPeople {
  private readonly people = new Map<string, MuteView>();
  private readonly listEl = h('ul', { class: 'mutelist', id: uid('pm'), hidden: true });
  private readonly toggle = h('button', {
    type: 'button',
    class: 'link',
    'aria-expanded': 'false',
    'aria-controls': this.listEl.id,
    onclick: () => this.setOpen(this.listEl.hidden),
  });
  private readonly error = h('p', { class: 'err', role: 'alert' });
  readonly el = h('div', { class: 'mutes', hidden: true }, this.toggle, this.listEl, this.error);

  constructor(private readonly ctx: MutesContext) {}

  has(userId: string): boolean {
    return this.people.has(userId);
  }

  /** The latest load, settled (never rejected): the first page waits for it, so a muted comment never shows unfolded. */
  ready: Promise<void> = Promise.resolve();

  load(): Promise<void> {
    return (this.ready = this.read());
  }

  /** Reads the signed-in reader's mutes (none while signed out); a failure leaves everyone shown. */
  private async read(): Promise<void> {
    const asked = this.ctx.session.token;
    this.people.clear();
    if (asked) {
      try {
        const page = await this.ctx.api.mutes();
        if (this.ctx.session.token !== asked) return;
        for (const m of page.items) this.people.set(m.userId, m);
      } catch {
        /* the comments stay unfolded; muting again says what went wrong */
      }
    }
    this.render();
    this.ctx.changed();
  }

  /** Mutes a reader; throws the service's refusal (too many, unknown) for the caller to show. */
  async mute(userId: string): Promise<MuteView> {
    const m = await this.ctx.api.mute(userId);
    this.people.set(m.userId, m);
    this.render();
    this.ctx.changed();
    return m;
  }

  async unmute(userId: string): Promise<void> {
    await this.ctx.api.unmute(userId);
    const name = this.people.get(userId)?.name ?? '';
    this.people.delete(userId);
    this.render();
    this.ctx.changed();
    this.ctx.say(S.unmuted(name));
  }

  private setOpen(open: boolean): void {
    this.listEl.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
  }

  private render(): void {
    const n = this.people.size;
    this.el.hidden = !n;
    put(this.toggle, S.mutedPeople(n));
    put(this.error);
    if (!n) this.setOpen(false);
    put(
      this.listEl,
      ...[...this.people.values()].map((m) => {
        const button = h(
          'button',
          {
            type: 'button',
            class: 'link',
            'aria-label': S.unmuteName(m.name),
            onclick: async () => {
              button.disabled = true;
              const next = (button.closest('li')?.nextElementSibling ?? button.closest('li')?.previousElementSibling)?.querySelector('button');
              try {
                await this.unmute(m.userId);
                (next ?? this.toggle).focus();
              } catch (e) {
                button.disabled = false;
                put(this.error, errorText(e));
              }
            },
          },
          S.unmute,
        );
        return h('li', null, h('span', null, m.name), ' ', button);
      }),
    );
  }
}
