import type { StaffSessionView, TotpEnrollmentView } from '../../../common/staff-contract';
import { h, put, uid } from '../shared/dom';
import { fullTime } from '../shared/time';
import { A } from './account-strings';
import type { Desk } from './dashboard';
import { busy, failureText, Field, input, messageLine } from './forms';
import { staffDigestSection } from './staff-digest';

/** One's own account (staff sessions only): who, the session's end, and two-step sign-in on or off. */
export class AccountScreen {
  private readonly heading = h('h2', { id: 'account-h', tabindex: '-1' }, A.accountTitle);
  private readonly body = h('div');

  constructor(
    private readonly d: Desk,
    readonly root: HTMLElement,
  ) {
    put(root, this.heading, this.body);
  }

  open(focus = true): Promise<void> {
    this.draw();
    if (focus) this.heading.focus();
    return Promise.resolve();
  }

  private draw(note = ''): void {
    const me = this.d.api.me?.session;
    if (!me) return put(this.body);
    const s = me.staff;
    const msg = messageLine();
    const code = new Field(A.code, input({ inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '16' }), A.codeHint);
    const totp = h('div');
    const updated = (view: StaffSessionView, text: string) => {
      if (this.d.api.me) this.d.api.me.session = view;
      this.draw(text);
      this.body.querySelector<HTMLElement>('#totp-h')?.focus();
    };
    const withCode = (label: string, method: string, path: string, done: string) => {
      const submit = h('button', { type: 'submit', class: 'pri' }, label);
      return h(
        'form',
        {
          novalidate: true,
          onsubmit: (e: Event) => {
            e.preventDefault();
            void busy(submit, async () => {
              code.setError('');
              const c = code.control.value.replace(/\s+/g, '');
              if (!c) return void (code.setError(A.needCode), code.control.focus());
              try {
                updated(await this.d.api.send<StaffSessionView>(method, path, { code: c }), done);
              } catch (x) {
                code.setError(failureText(x, { TOTP_INVALID: A.codeWrong }));
                code.control.focus();
              }
            });
          },
        },
        code.el,
        submit,
      );
    };
    if (s.totpEnabled) {
      put(totp, h('p', null, A.totpIsOn), withCode(A.totpOff, 'DELETE', '/staff/me/totp', A.totpNowOff));
    } else {
      const start = h('button', { type: 'button' }, A.totpStart);
      start.addEventListener(
        'click',
        () =>
          void busy(start, async () => {
            try {
              const t = await this.d.api.send<TotpEnrollmentView>('POST', '/staff/me/totp');
              const keyId = uid('key');
              put(
                totp,
                h('p', null, A.totpIsOff),
                h(
                  'ol',
                  { class: 'steps' },
                  h(
                    'li',
                    null,
                    A.totpStep1,
                    h('p', null, h('a', { href: t.uri }, A.totpLink)),
                    h(
                      'p',
                      null,
                      h('span', { id: keyId }, `${A.totpKey}: `),
                      h('code', { class: 'key', 'aria-labelledby': keyId }, t.secret.replace(/(.{4})/g, '$1 ').trim()),
                    ),
                  ),
                  h('li', null, A.totpStep2, withCode(A.totpConfirm, 'POST', '/staff/me/totp/verify', A.totpNowOn)),
                ),
              );
              code.control.focus();
            } catch (x) {
              msg.show(failureText(x));
            }
          }),
      );
      put(totp, h('p', null, A.totpIsOff), start);
    }
    const sites = this.d.api.me?.sites ?? [];
    const siteName = (id: string) => sites.find((x) => x.id === id)?.name ?? id;
    const role = s.owner ? A.owner : s.roles.map((r) => A.rolesOn(A.roles[r.role] ?? r.role, siteName(r.siteId))).join('; ');
    put(
      this.body,
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, A.name),
        h('dd', null, s.name),
        h('dt', null, A.email),
        h('dd', null, s.email),
        h('dt', null, A.inviteRole),
        h('dd', null, role),
        h('dt', null, A.sessionEnds),
        h('dd', null, fullTime(me.expiresAt)),
      ),
      h('section', { 'aria-labelledby': 'totp-h' }, h('h3', { id: 'totp-h', tabindex: '-1' }, A.totpTitle), msg.el, totp),
      staffDigestSection(this.d, siteName(this.d.api.me?.site ?? '')),
    );
    if (note) msg.show(note, 'ok');
  }
}
