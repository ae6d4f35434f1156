import type { WebhookEndpointView, WebhookEndpointWithSecretView } from '../../../common/webhook-contract';
import { ApiError, enc } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { fullTime } from '../shared/time';
import { addStyles, confirmIn } from './admin-parts';
import { W } from './admin-strings';
import type { Desk } from './dashboard';
import { EmailFailures } from './email-failures';
import { busy, messageLine } from './forms';
import { WebhookDeliveries } from './webhook-deliveries';
import { createWebhookForm, editWebhookForm, type EventChoices } from './webhook-forms';
import { failure, secretBox } from './webhook-parts';
import { S } from './strings';

/**
 * The admins' webhooks screen for the chosen site: its endpoints (kind, events, enabled or
 * disabled and why), each to edit, disable or enable, give a new secret (shown once) or delete
 * after a question, with its recent deliveries and a Resend button; and a form to add one, whose
 * secret is shown once with a copy button. Below them, the site's emails that could not be sent.
 * The forms are in webhook-forms.ts, the deliveries in webhook-deliveries.ts, the emails in email-failures.ts.
 */
export class WebhooksScreen {
  private readonly heading = h('h2', { id: 'webhooks-h', tabindex: '-1' }, W.title);
  private readonly list = h('ul', { class: 'hooks', 'aria-label': W.listLabel });
  private readonly createBox = h('div');
  private readonly createOut = h('div');
  private readonly mail: EmailFailures;
  private readonly deliveries: WebhookDeliveries;
  private eventTypes: string[] = [];
  /** Each endpoint's list item, by id, so one is drawn anew without the others moving. */
  private readonly rows = new Map<string, HTMLLIElement>();

  constructor(
    private readonly d: Desk,
    readonly root: HTMLElement,
  ) {
    addStyles();
    this.mail = new EmailFailures(d);
    this.deliveries = new WebhookDeliveries(d, root);
    put(
      root,
      this.heading,
      h('p', { class: 'meta' }, W.intro),
      this.list,
      h('section', { class: 'card', 'aria-labelledby': 'hook-new-h' }, h('h3', { id: 'hook-new-h' }, W.createTitle), this.createBox, this.createOut),
      this.mail.el,
    );
  }

  /** Draws the screen; `focus`: puts focus on its heading (not when the site was just switched from the header). */
  async open(focus = true): Promise<void> {
    if (focus) this.heading.focus();
    await this.load();
  }

  private async load(): Promise<void> {
    put(this.list, h('li', { class: 'empty' }, S.loading));
    try {
      if (!this.eventTypes.length) {
        this.eventTypes = (await this.d.api.onSite<{ items: string[] }>('GET', '/webhooks/event-types')).items;
        put(
          this.createBox,
          createWebhookForm(this.d, this.eventChoices(), this.createOut, (made) => this.added(made)),
        );
      }
      const { items } = await this.d.api.onSite<{ items: WebhookEndpointView[] }>('GET', '/webhooks');
      this.rows.clear();
      put(this.list, ...(items.length ? items.map((e) => this.item(e)) : [this.none()]));
      await this.mail.load();
    } catch (e) {
      put(this.list, h('li', { class: 'err' }, W.loadFailed, ' ', failure(e)));
    }
  }

  private none(): HTMLElement {
    return h('li', { class: 'empty' }, W.none);
  }

  /** A new endpoint from the form, at the end of the list. */
  private added(made: WebhookEndpointView): void {
    this.list.querySelector('li.empty')?.remove();
    this.list.append(this.item(made));
  }

  private eventChoices(): EventChoices {
    return this.eventTypes.map((t) => [t, W.eventText(t)]);
  }

  /** One endpoint: what it is, its state, its actions and (when opened) its deliveries. */
  private item(e: WebhookEndpointView, deliveriesOpen = false): HTMLLIElement {
    const hid = uid('hook');
    const msg = messageLine();
    const out = h('div', { class: 'out' });
    const li = h('li', { class: `hook${e.enabled ? '' : ' off'}`, 'aria-labelledby': hid, 'data-id': e.id });
    const act = (label: string, aria: string, work: () => Promise<void>, cls?: string) => {
      const b = h('button', { type: 'button', 'aria-label': aria, class: cls }, label);
      b.addEventListener('click', () => void busy(b, work));
      return b;
    };
    const redraw = (next: WebhookEndpointView, say: string, focusOn: string) => {
      const fresh = this.item(next, !deliveries.hidden);
      li.replaceWith(fresh);
      this.rows.set(next.id, fresh);
      const m = fresh.querySelector<HTMLElement>('.msg[role=alert]');
      if (m && say) {
        m.className = 'msg ok';
        m.hidden = false;
        put(m, say);
      }
      fresh.querySelector<HTMLElement>(focusOn)?.focus();
      return fresh;
    };
    const patch = async (body: Record<string, unknown>) => this.d.api.onSite<WebhookEndpointView>('PATCH', `/webhooks/${enc(e.id)}`, body);
    const gone = (err: unknown) => err instanceof ApiError && err.code === 'WEBHOOK_NOT_FOUND';

    const edit = act(W.edit, W.editLabel(e.url), () => {
      put(
        out,
        editWebhookForm(this.d, this.eventChoices(), e, out, edit, (next) => redraw(next, W.saved(next.url), `h3`)),
      );
      out.querySelector<HTMLElement>('input')?.focus();
      return Promise.resolve();
    });
    const toggle = act(e.enabled ? W.disable : W.enable, e.enabled ? W.disableLabel(e.url) : W.enableLabel(e.url), async () => {
      try {
        const next = await patch({ enabled: !e.enabled });
        redraw(next, next.enabled ? W.nowEnabled(next.url) : W.nowDisabled(next.url), 'button.toggle');
      } catch (err) {
        msg.show(failure(err));
        if (gone(err)) void this.load();
      }
    });
    toggle.classList.add('toggle');
    const rotate = act(W.rotate, W.rotateLabel(e.url), async () => {
      try {
        const made = await this.d.api.onSite<WebhookEndpointWithSecretView>('POST', `/webhooks/${enc(e.id)}/rotate-secret`);
        const fresh = redraw(made.endpoint, '', 'h3');
        const box = fresh.querySelector<HTMLElement>('.out');
        if (box) put(box, secretBox(made.endpoint, made.secret, W.rotated));
        fresh.querySelector<HTMLElement>('.out input')?.focus();
      } catch (err) {
        msg.show(failure(err));
        if (gone(err)) void this.load();
      }
    });
    const remove = act(
      W.remove,
      W.removeLabel(e.url),
      () => {
        confirmIn(out, W.confirmRemove(e.url), W.yesRemove, W.cancel, remove, async () => {
          try {
            await this.d.api.onSite('DELETE', `/webhooks/${enc(e.id)}`);
            li.remove();
            this.rows.delete(e.id);
            if (!this.list.querySelector('li')) this.list.append(this.none());
            this.d.say(W.removed(e.url));
            this.heading.focus();
          } catch (err) {
            put(out);
            msg.show(failure(err));
            remove.focus();
          }
        });
        return Promise.resolve();
      },
      'no',
    );

    const deliveries = h('section', { class: 'deliveries', id: `${hid}-dlv`, 'aria-label': W.deliveriesOf(e.url), hidden: true });
    const show = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': `${hid}-dlv`, class: 'show-dlv' }, W.showDeliveries);
    const setOpen = (open: boolean) => {
      deliveries.hidden = !open;
      show.setAttribute('aria-expanded', String(open));
      put(show, open ? W.hideDeliveries : W.showDeliveries);
      if (open) void this.deliveries.show(e, deliveries);
    };
    show.addEventListener('click', () => setOpen(deliveries.hidden));

    const facts = [W.kindName(e.kind), e.enabled ? W.enabled : W.disabled];
    const rotating = e.previousSecretExpiresAt && Date.parse(e.previousSecretExpiresAt) > Date.now() ? e.previousSecretExpiresAt : null;
    put(
      li,
      h('h3', { id: hid, tabindex: '-1' }, e.url),
      e.description ? h('p', { class: 'meta' }, e.description) : null,
      h('ul', { class: 'chips', 'aria-label': W.colStatus }, ...facts.map((f, i) => h('li', { class: i === 1 && !e.enabled ? 'bad' : null }, f))),
      !e.enabled && e.disabledReason ? h('p', { class: 'why note' }, W.disabledWhy(e.disabledReason, e.disabledAt ? fullTime(e.disabledAt) : '')) : null,
      h('p', { class: 'meta' }, `${W.events}: `, e.events.join(', ')),
      rotating ? h('p', { class: 'meta' }, W.rotating(fullTime(rotating))) : null,
      h('div', { class: 'acts', role: 'group', 'aria-label': W.actionsFor(e.url) }, edit, toggle, rotate, remove, show),
      msg.el,
      out,
      deliveries,
    );
    if (deliveriesOpen) setOpen(true);
    this.rows.set(e.id, li);
    return li;
  }
}
