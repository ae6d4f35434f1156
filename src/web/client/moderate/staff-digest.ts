import type { StaffDigestFrequency, StaffDigestView } from '../../../common/notification-contract';
import { h, put } from '../shared/dom';
import { radioGroup } from './admin-parts';
import { A } from './account-strings';
import type { Desk } from './dashboard';
import { busyForm, failureText, messageLine } from './forms';

/**
 * The account screen's "queue digest" section: the signed-in member's hourly or daily email of the
 * chosen site's queues (GET/PUT /notifications/staff-digest on that site).
 */
export function staffDigestSection(d: Desk, siteName: string): HTMLElement {
  const msg = messageLine();
  const body = h('div', null, h('p', { class: 'meta' }, A.digestLoading));
  const section = h('section', { 'aria-labelledby': 'digest-h' }, h('h3', { id: 'digest-h', tabindex: '-1' }, A.digestTitle), msg.el, body);
  const draw = (v: StaffDigestView) => {
    const group = radioGroup(
      A.digestLegend(siteName),
      { off: [A.digestOff, A.digestOffHint], hourly: [A.digestHourly, A.digestHourlyHint], daily: [A.digestDaily, A.digestDailyHint] },
      v.frequency,
    );
    const submit = h('button', { type: 'submit', class: 'pri' }, A.digestSave);
    const where = !v.emailAvailable ? A.digestUnavailable : v.address ? A.digestTo(v.address) : A.digestNoAddress;
    submit.disabled = !v.emailAvailable;
    const form = busyForm(
      submit,
      async () => {
        const frequency = group.value() as StaffDigestFrequency;
        try {
          const saved = await d.api.onSite<StaffDigestView>('PUT', '/notifications/staff-digest', { frequency });
          draw(saved);
          msg.show(A.digestSaved[saved.frequency], 'ok');
        } catch (x) {
          msg.show(failureText(x, { NO_EMAIL: A.digestNoAddress, EMAIL_UNAVAILABLE: A.digestUnavailable }));
        }
      },
      null,
      h('p', { class: 'meta' }, where),
      group.el,
      submit,
    );
    put(body, form);
  };
  d.api.onSite<StaffDigestView>('GET', '/notifications/staff-digest').then(draw, (x: unknown) => {
    put(body);
    msg.show(failureText(x));
  });
  return section;
}
