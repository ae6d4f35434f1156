import type { WebhookEndpointView } from '../../../common/webhook-contract';
import { h, uid } from '../shared/dom';
import { W } from './admin-strings';
import { copyable, failureText } from './forms';

/** What the webhooks screen's address fields accept. */
export const HTTP_URL = /^https?:\/\/[^\s]+$/i;
/** How many deliveries (or failed emails) one page shows. */
export const DELIVERY_PAGE = 20;

/** A secret shown this once: the warning, the value in a read-only field and its copy button. */
export function secretBox(e: WebhookEndpointView, secret: string, intro: string): HTMLElement {
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
export const failure = (e: unknown) =>
  failureText(e, {
    WEBHOOK_NOT_FOUND: W.notFound,
    TOO_MANY_ENDPOINTS: W.tooMany,
    DELIVERY_PENDING: W.stillPending,
    ENDPOINT_DISABLED: W.enableFirst,
    INVALID_URL: W.badUrl,
  });
