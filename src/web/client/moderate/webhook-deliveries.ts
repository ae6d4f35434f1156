import type { Page } from '../../../common/contract';
import type { WebhookDeliveryView, WebhookEndpointView } from '../../../common/webhook-contract';
import { enc } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import { W } from './admin-strings';
import type { Desk } from './dashboard';
import { busy, messageLine } from './forms';
import { DELIVERY_PAGE, failure } from './webhook-parts';
import { S } from './strings';

type Message = ReturnType<typeof messageLine>;

/** An endpoint's recent deliveries on the webhooks screen: the list, Refresh, older ones, Resend and the resent one's outcome. */
export class WebhookDeliveries {
  /** `root`: the screen, so a resent delivery is no longer followed once it is left. */
  constructor(
    private readonly d: Desk,
    private readonly root: HTMLElement,
  ) {}

  /** The endpoint's recent deliveries, newest first, with Refresh, Resend and older ones, drawn into `box`. */
  async show(e: WebhookEndpointView, box: HTMLElement, cursor: string | null = null): Promise<void> {
    const hid = uid('dlv');
    const msg = messageLine();
    const list = h('ol', { class: 'dlv', 'aria-labelledby': hid });
    const refresh = h('button', { type: 'button', class: 'refresh' }, W.refresh);
    refresh.addEventListener('click', () => void busy(refresh, () => this.fill(e, list, msg, null, more)));
    const more = h('button', { type: 'button', class: 'more', hidden: true }, W.moreDeliveries);
    put(box, h('div', { class: 'row' }, h('h4', { id: hid }, W.deliveries), refresh), msg.el, list, more);
    await this.fill(e, list, msg, cursor, more);
  }

  private async fill(e: WebhookEndpointView, list: HTMLElement, msg: Message, cursor: string | null, more: HTMLButtonElement): Promise<void> {
    if (!cursor) put(list, h('li', { class: 'meta' }, S.loading));
    try {
      const page = await this.d.api.onSite<Page<WebhookDeliveryView>>(
        'GET',
        `/webhooks/${enc(e.id)}/deliveries?limit=${DELIVERY_PAGE}${cursor ? `&cursor=${enc(cursor)}` : ''}`,
      );
      if (!cursor) put(list);
      if (!cursor && !page.items.length) list.append(h('li', { class: 'meta' }, W.noDeliveries));
      for (const dv of page.items) list.append(this.delivery(e, dv, msg));
      more.hidden = !page.nextCursor;
      more.onclick = () =>
        void busy(more, async () => {
          const shown = list.children.length;
          await this.fill(e, list, msg, page.nextCursor, more);
          list.children[shown]?.querySelector('button')?.focus();
        });
      if (!cursor) this.d.say(W.loaded(page.items.length));
    } catch (err) {
      if (!cursor) put(list);
      msg.show(failure(err));
    }
  }

  /** One delivery: its event, status, response code, attempts, time, and Resend. */
  private delivery(e: WebhookEndpointView, dv: WebhookDeliveryView, msg: Message): HTMLLIElement {
    const li = h('li', { 'data-id': dv.id });
    const resend = h('button', { type: 'button' }, W.resend);
    const draw = (x: WebhookDeliveryView) => {
      const hadFocus = document.activeElement === resend;
      const when = x.lastAttemptAt ?? x.createdAt;
      resend.setAttribute('aria-label', W.resendLabel(x.eventType, fullTime(x.createdAt)));
      put(
        li,
        h('span', { class: 'ev' }, x.eventType),
        h('span', { class: `st ${x.status}` }, W.status[x.status] ?? x.status),
        h('span', null, `${W.colCode}: `, x.responseStatus === null ? (x.attempts ? W.noAnswer : '—') : String(x.responseStatus)),
        h('span', null, `${W.colAttempts}: ${x.attempts}`),
        h('time', { datetime: when, title: fullTime(when), 'data-rel': '' }, relTime(when, S.time)),
        x.status === 'pending' && x.nextAttemptAt ? h('span', { class: 'meta' }, W.nextAttempt(relTime(x.nextAttemptAt, S.time))) : null,
        resend,
        x.lastError && x.status !== 'succeeded' ? h('p', { class: 'err meta' }, x.lastError) : null,
      );
      if (hadFocus) resend.focus();
    };
    resend.addEventListener(
      'click',
      () =>
        void busy(resend, async () => {
          try {
            const again = await this.d.api.onSite<WebhookDeliveryView>('POST', `/webhooks/${enc(e.id)}/deliveries/${enc(dv.id)}/resend`);
            draw(again);
            msg.show(W.resent, 'ok');
            void this.follow(e, again, draw);
          } catch (err) {
            msg.show(failure(err));
          }
        }),
    );
    draw(dv);
    return li;
  }

  /** After a resend: looks again a few times until the delivery is no longer pending, and shows its outcome. */
  private async follow(e: WebhookEndpointView, dv: WebhookDeliveryView, draw: (x: WebhookDeliveryView) => void): Promise<void> {
    for (let i = 0; i < 15; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      if (!this.root.isConnected || this.root.hidden) return;
      try {
        const page = await this.d.api.onSite<Page<WebhookDeliveryView>>('GET', `/webhooks/${enc(e.id)}/deliveries?limit=${DELIVERY_PAGE}`);
        const now = page.items.find((x) => x.id === dv.id);
        if (!now) return;
        if (now.status !== 'pending' || now.attempts !== dv.attempts) {
          draw(now);
          if (now.status !== 'pending') return this.d.say(`${W.status[now.status]}: ${now.eventType}`);
        }
      } catch {
        return;
      }
    }
  }
}
