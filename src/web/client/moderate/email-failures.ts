import type { Page } from '../../../common/contract';
import type { EmailFailureView } from '../../../common/notification-contract';
import { enc } from '../shared/api';
import { h, put } from '../shared/dom';
import { fullTime, relTime } from '../shared/time';
import { W } from './admin-strings';
import type { Desk } from './dashboard';
import { busy, messageLine } from './forms';
import { DELIVERY_PAGE, failure } from './webhook-parts';
import { S } from './strings';

/** The site's emails that failed through their retries or bounced, a page at a time (a card at the foot of the webhooks screen). */
export class EmailFailures {
  private readonly list = h('ol', { class: 'dlv', 'aria-labelledby': 'mail-fail-h' });
  private readonly more = h('button', { type: 'button', class: 'more', hidden: true }, W.mailMore);
  private readonly msg = messageLine();
  readonly el = h(
    'section',
    { class: 'card', 'aria-labelledby': 'mail-fail-h' },
    h('h3', { id: 'mail-fail-h' }, W.mailTitle),
    h('p', { class: 'meta' }, W.mailIntro),
    this.msg.el,
    this.list,
    this.more,
  );

  constructor(private readonly d: Desk) {}

  /** Draws the first page anew (`cursor` null, clearing an earlier error) or appends the page after `cursor`. */
  async load(cursor: string | null = null): Promise<void> {
    if (!cursor) this.msg.show('');
    try {
      const page = await this.d.api.onSite<Page<EmailFailureView>>(
        'GET',
        `/notifications/failures?limit=${DELIVERY_PAGE}${cursor ? `&cursor=${enc(cursor)}` : ''}`,
      );
      if (!cursor) put(this.list, ...(page.items.length ? [] : [h('li', { class: 'meta' }, W.mailNone)]));
      for (const f of page.items) {
        this.list.append(
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
      this.more.hidden = !page.nextCursor;
      this.more.onclick = () => void busy(this.more, () => this.load(page.nextCursor));
    } catch (err) {
      this.msg.show(`${W.mailLoadFailed} ${failure(err)}`);
    }
  }
}
