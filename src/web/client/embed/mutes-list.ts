import { h, put } from '../shared/dom';
import type { ExtrasHost } from './extras-api';
import { X } from './extras-strings';

/** The short list above the comments of whom the reader muted, to unmute them (embed-extras.js; the widget keeps the mutes: mutes.ts). */
export class MutesList {
  private readonly listEl: HTMLUListElement;
  private readonly toggle: HTMLButtonElement;
  private readonly error = h('p', { class: 'err', role: 'alert' });
  readonly el: HTMLElement;

  constructor(private readonly ctx: Pick<ExtrasHost, 'mutes' | 'say' | 'uid' | 'errorText'>) {
    this.listEl = h('ul', { class: 'mutelist', id: ctx.uid('pm'), hidden: true });
    this.toggle = h('button', {
      type: 'button',
      class: 'link',
      'aria-expanded': 'false',
      'aria-controls': this.listEl.id,
      onclick: () => this.setOpen(this.listEl.hidden),
    });
    this.el = h('div', { class: 'mutes', hidden: true }, this.toggle, this.listEl, this.error);
    this.render();
  }

  private setOpen(open: boolean): void {
    this.listEl.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
  }

  render(): void {
    const { mutes } = this.ctx;
    const people = mutes.list();
    const n = people.length;
    this.el.hidden = !n;
    put(this.toggle, X.mutedPeople(n));
    put(this.error);
    if (!n) this.setOpen(false);
    put(
      this.listEl,
      ...people.map((m) => {
        const button = h(
          'button',
          {
            type: 'button',
            class: 'link',
            'aria-label': X.unmuteName(m.name),
            onclick: async () => {
              button.disabled = true;
              const next = (button.closest('li')?.nextElementSibling ?? button.closest('li')?.previousElementSibling)?.querySelector('button');
              try {
                await mutes.unmute(m.userId);
                this.ctx.say(X.unmuted(m.name));
                (next ?? this.toggle).focus();
              } catch (e) {
                button.disabled = false;
                put(this.error, this.ctx.errorText(e));
              }
            },
          },
          X.unmute,
        );
        return h('li', null, h('span', null, m.name), ' ', button);
      }),
    );
  }
}
