import type { Page } from '../../../common/contract';
import type { EmailFailureView } from '../../../common/notification-contract';
import type { WebhookDeliveryView, WebhookEndpointView, WebhookEndpointWithSecretView } from '../../../common/webhook-contract';
import { ApiError, enc } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import { addStyles, checkGroup, confirmIn, radioGroup } from './admin-parts';
import { W } from './admin-strings';
import type { Desk } from './dashboard';
import { busy, busyForm, copyable, failureText, Field, input, messageLine } from './forms';
import { S } from './strings';

const HTTP_URL = /^https?:\/\/[^\s]+$/i;
const DELIVERY_PAGE = 20;

/** A secret shown this once: the warning, the value in a read-only field and its copy button. */
function secretBox(e: WebhookEndpointView, secret: string, intro: string): HTMLElement {
  const warn = uid('warn');
  const c = copyable({
    label: W.secretLabel(e.url),
    value: secret,
    button: W.copySecret,
    copied: W.secretCopied,
    byHand: W.copySecretByHand,
    describedBy: warn,
    className: 'link secret',
  });
  return h(
    'div',
    { class: 'msg secretbox' },
    h('p', null, intro),
    h('p', { id: warn }, h('strong', null, W.secretOnce), ' ', e.kind === 'slack' ? W.slackSecret : W.secretKeep),
    c.label,
    c.row,
  );
}

/** What a failed change to an endpoint means, in words. */
const failure = (e: unknown) =>
  failureText(e, {
    WEBHOOK_NOT_FOUND: W.notFound,
    TOO_MANY_ENDPOINTS: W.tooMany,
    DELIVERY_PENDING: W.stillPending,
    ENDPOINT_DISABLED: W.enableFirst,
    INVALID_URL: W.badUrl,
  });

/**
 * The admins' webhooks screen for the chosen site: its endpoints (kind, events, enabled or
 * disabled and why), each to edit, disable or enable, give a new secret (shown once) or delete
 * after a question, with its recent deliveries and a Resend button; and a form to add one, whose
 * secret is shown once with a copy button.
 */
export class WebhooksScreen {
  private readonly heading = h('h2', { id: 'webhooks-h', tabindex: '-1' }, W.title);
  private readonly list = h('ul', { class: 'hooks', 'aria-label': W.listLabel });
  private readonly createBox = h('div');
  private readonly createOut = h('div');
  private readonly mailList = h('ol', { class: 'dlv', 'aria-labelledby': 'mail-fail-h' });
  private readonly mailMore = h('button', { type: 'button', class: 'more', hidden: true }, W.mailMore);
  private readonly mailMsg = messageLine();
  private eventTypes: string[] = [];
  /** Each endpoint's list item, by id, so one is drawn anew without the others moving. */
  private readonly rows = new Map<string, HTMLLIElement>();

  constructor(
    private readonly d: Desk,
    readonly root: HTMLElement,
  ) {
    addStyles();
    put(
      root,
      this.heading,
      h('p', { class: 'meta' }, W.intro),
      this.list,
      h('section', { class: 'card', 'aria-labelledby': 'hook-new-h' }, h('h3', { id: 'hook-new-h' }, W.createTitle), this.createBox, this.createOut),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'mail-fail-h' },
        h('h3', { id: 'mail-fail-h' }, W.mailTitle),
        h('p', { class: 'meta' }, W.mailIntro),
        this.mailMsg.el,
        this.mailList,
        this.mailMore,
      ),
    );
  }

  /** The site's emails that failed through their retries or bounced, a page at a time. */
  private async mailFailures(cursor: string | null = null): Promise<void> {
    try {
      const page = await this.d.api.onSite<Page<EmailFailureView>>(
        'GET',
        `/notifications/failures?limit=${DELIVERY_PAGE}${cursor ? `&cursor=${enc(cursor)}` : ''}`,
      );
      if (!cursor) put(this.mailList, ...(page.items.length ? [] : [h('li', { class: 'meta' }, W.mailNone)]));
      for (const f of page.items) {
        this.mailList.append(
          h(
            'li',
            { 'data-id': f.id },
            h('span', { class: 'ev' }, W.mailTo(f.address, `${W.mailKind[f.kind] ?? f.kind} ${f.userId}`)),
            h('span', { class: `st ${f.status}` }, W.mailStatus[f.status] ?? f.status),
            h('span', null, `${W.colAttempts}: ${f.attempts}`),
            h(
              'time',
              { datetime: f.failedAt ?? f.createdAt, title: fullTime(f.failedAt ?? f.createdAt) },
              W.mailFailedAt(relTime(f.failedAt ?? f.createdAt, S.time), f.status === 'bounced'),
            ),
            f.lastError ? h('span', { class: 'meta' }, f.lastError) : null,
          ),
        );
      }
      this.mailMore.hidden = !page.nextCursor;
      this.mailMore.onclick = () => void busy(this.mailMore, () => this.mailFailures(page.nextCursor));
    } catch (err) {
      this.mailMsg.show(`${W.mailLoadFailed} ${failure(err)}`);
    }
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
        put(this.createBox, this.createForm());
      }
      const { items } = await this.d.api.onSite<{ items: WebhookEndpointView[] }>('GET', '/webhooks');
      this.rows.clear();
      put(this.list, ...(items.length ? items.map((e) => this.item(e)) : [this.none()]));
      this.mailMsg.show('');
      await this.mailFailures();
    } catch (e) {
      put(this.list, h('li', { class: 'err' }, W.loadFailed, ' ', failure(e)));
    }
  }

  private none(): HTMLElement {
    return h('li', { class: 'empty' }, W.none);
  }

  private createForm(): HTMLFormElement {
    const msg = messageLine();
    const url = new Field(W.url, input({ type: 'url', inputmode: 'url', maxlength: '2000', autocomplete: 'off', spellcheck: 'false' }), W.urlHelp);
    const events = checkGroup(W.events, W.eventsHelp, this.eventChoices(), []);
    const slackNote = h('p', { class: 'meta', hidden: true }, W.slackEvents);
    const kind = radioGroup(W.kind, W.kinds, 'standard', (k) => {
      events.el.hidden = k === 'slack';
      slackNote.hidden = k !== 'slack';
    });
    const description = new Field(W.description, input({ maxlength: '200', autocomplete: 'off' }), W.descriptionHelp);
    const submit = h('button', { type: 'submit', class: 'pri' }, W.create);
    const create = async () => {
      msg.show('');
      put(this.createOut);
      url.setError('');
      events.setError('');
      const address = url.control.value.trim();
      const k = kind.value();
      const chosen = events.values();
      if (!address) url.setError(W.needUrl);
      else if (!HTTP_URL.test(address)) url.setError(W.badUrl);
      if (k === 'standard' && !chosen.length) events.setError(W.needEvents);
      if (url.control.getAttribute('aria-invalid') === 'true') return void url.control.focus();
      if (k === 'standard' && !chosen.length) return events.focus();
      try {
        const body = { url: address, kind: k, events: k === 'slack' ? undefined : chosen, description: description.control.value.trim() || undefined };
        const made = await this.d.api.onSite<WebhookEndpointWithSecretView>('POST', '/webhooks', body);
        url.control.value = '';
        description.control.value = '';
        for (const box of Array.from(events.el.querySelectorAll('input'))) box.checked = false;
        this.list.querySelector('li.empty')?.remove();
        this.list.append(this.item(made.endpoint));
        put(this.createOut, secretBox(made.endpoint, made.secret, W.created(made.endpoint.url)));
        this.createOut.querySelector<HTMLElement>('input')?.focus();
      } catch (e) {
        if (e instanceof ApiError && e.code === 'INVALID_URL') {
          url.setError(W.badUrl);
          url.control.focus();
        } else {
          msg.show(failure(e));
          url.control.focus();
        }
      }
    };
    return busyForm(submit, create, 'hook-create', msg.el, url.el, kind.el, events.el, slackNote, description.el, submit);
  }

  private eventChoices(): [string, string][] {
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
        this.editForm(e, out, edit, (next) => redraw(next, W.saved(next.url), `h3`)),
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
      if (open) void this.deliveries(e, deliveries);
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

  /** URL, events (a webhook's) and description, changed in place; Cancel returns to the Edit button. */
  private editForm(e: WebhookEndpointView, out: HTMLElement, back: HTMLElement, done: (next: WebhookEndpointView) => void): HTMLFormElement {
    const msg = messageLine();
    const url = new Field(
      W.url,
      input({ type: 'url', inputmode: 'url', maxlength: '2000', autocomplete: 'off', spellcheck: 'false', value: e.url }),
      W.urlHelp,
    );
    const events = e.kind === 'slack' ? null : checkGroup(W.events, W.eventsHelp, this.eventChoices(), e.events);
    const description = new Field(W.description, input({ maxlength: '200', autocomplete: 'off', value: e.description }), W.descriptionHelp);
    const submit = h('button', { type: 'submit', class: 'pri' }, W.save);
    const cancel = h('button', { type: 'button', onclick: () => (put(out), back.focus()) }, W.cancel);
    const save = async () => {
      msg.show('');
      url.setError('');
      events?.setError('');
      const address = url.control.value.trim();
      const chosen = events?.values() ?? e.events;
      if (!address) url.setError(W.needUrl);
      else if (!HTTP_URL.test(address)) url.setError(W.badUrl);
      if (!chosen.length) events?.setError(W.needEvents);
      if (url.control.getAttribute('aria-invalid') === 'true') return void url.control.focus();
      if (!chosen.length) return events?.focus();
      const body: Record<string, unknown> = {};
      if (address !== e.url) body.url = address;
      if (events && chosen.join(' ') !== e.events.join(' ')) body.events = chosen;
      if (description.control.value.trim() !== e.description) body.description = description.control.value.trim();
      if (!Object.keys(body).length) return void (put(out), back.focus());
      try {
        done(await this.d.api.onSite<WebhookEndpointView>('PATCH', `/webhooks/${enc(e.id)}`, body));
      } catch (err) {
        if (err instanceof ApiError && err.code === 'INVALID_URL') {
          url.setError(W.badUrl);
          url.control.focus();
        } else {
          msg.show(failure(err));
          url.control.focus();
        }
      }
    };
    return busyForm(submit, save, 'hook-edit', msg.el, url.el, events?.el, description.el, h('div', { class: 'acts' }, submit, cancel));
  }

  /** The endpoint's recent deliveries, newest first, with Refresh, Resend and older ones. */
  private async deliveries(e: WebhookEndpointView, box: HTMLElement, cursor: string | null = null): Promise<void> {
    const hid = uid('dlv');
    const msg = messageLine();
    const list = h('ol', { class: 'dlv', 'aria-labelledby': hid });
    const refresh = h('button', { type: 'button', class: 'refresh' }, W.refresh);
    refresh.addEventListener('click', () => void busy(refresh, () => this.fill(e, list, msg, null, more)));
    const more = h('button', { type: 'button', class: 'more', hidden: true }, W.moreDeliveries);
    put(box, h('div', { class: 'row' }, h('h4', { id: hid }, W.deliveries), refresh), msg.el, list, more);
    await this.fill(e, list, msg, cursor, more);
  }

  private async fill(
    e: WebhookEndpointView,
    list: HTMLElement,
    msg: ReturnType<typeof messageLine>,
    cursor: string | null,
    more: HTMLButtonElement,
  ): Promise<void> {
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
  private delivery(e: WebhookEndpointView, dv: WebhookDeliveryView, msg: ReturnType<typeof messageLine>): HTMLLIElement {
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
