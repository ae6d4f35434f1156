import type { WebhookEndpointView, WebhookEndpointWithSecretView } from '../../../common/webhook-contract';
import { ApiError, enc } from '../shared/api';
import { h, put } from '../shared/dom';
import { checkGroup, radioGroup } from './admin-parts';
import { W } from './admin-strings';
import type { Desk } from './dashboard';
import { busyForm, Field, input, messageLine } from './forms';
import { failure, HTTP_URL, secretBox } from './webhook-parts';

/** The event types a standard webhook may take, each with its text, as checkbox choices. */
export type EventChoices = [string, string][];

/**
 * The form that adds an endpoint (URL, kind, events for a standard webhook, description). `out` shows the new
 * endpoint's secret once; `added` puts the endpoint into the screen's list before that.
 */
export function createWebhookForm(d: Desk, choices: EventChoices, out: HTMLElement, added: (e: WebhookEndpointView) => void): HTMLFormElement {
  const msg = messageLine();
  const url = new Field(W.url, input({ type: 'url', inputmode: 'url', maxlength: '2000', autocomplete: 'off', spellcheck: 'false' }), W.urlHelp);
  const events = checkGroup(W.events, W.eventsHelp, choices, []);
  const slackNote = h('p', { class: 'meta', hidden: true }, W.slackEvents);
  const kind = radioGroup(W.kind, W.kinds, 'standard', (k) => {
    events.el.hidden = k === 'slack';
    slackNote.hidden = k !== 'slack';
  });
  const description = new Field(W.description, input({ maxlength: '200', autocomplete: 'off' }), W.descriptionHelp);
  const submit = h('button', { type: 'submit', class: 'pri' }, W.create);
  const create = async () => {
    msg.show('');
    put(out);
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
      const made = await d.api.onSite<WebhookEndpointWithSecretView>('POST', '/webhooks', body);
      url.control.value = '';
      description.control.value = '';
      for (const box of Array.from(events.el.querySelectorAll('input'))) box.checked = false;
      added(made.endpoint);
      put(out, secretBox(made.endpoint, made.secret, W.created(made.endpoint.url)));
      out.querySelector<HTMLElement>('input')?.focus();
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

/** URL, events (a webhook's) and description, changed in place in `out`; Cancel returns to `back` (the Edit button). */
export function editWebhookForm(
  d: Desk,
  choices: EventChoices,
  e: WebhookEndpointView,
  out: HTMLElement,
  back: HTMLElement,
  done: (next: WebhookEndpointView) => void,
): HTMLFormElement {
  const msg = messageLine();
  const url = new Field(W.url, input({ type: 'url', inputmode: 'url', maxlength: '2000', autocomplete: 'off', spellcheck: 'false', value: e.url }), W.urlHelp);
  const events = e.kind === 'slack' ? null : checkGroup(W.events, W.eventsHelp, choices, e.events);
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
      done(await d.api.onSite<WebhookEndpointView>('PATCH', `/webhooks/${enc(e.id)}`, body));
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
