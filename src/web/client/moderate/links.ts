import type { StaffSessionView } from '../../../common/staff-contract';
import { ApiError, call, enc } from '../shared/api';
import { h } from '../shared/dom';
import { A } from './account-strings';
import { busyForm, failureText, Field, input, messageLine, passwordField } from './forms';
import { signedOutPage } from './signin';
import { S } from './strings';

/** A one-time link the page was opened with: `/moderate/accept#<token>` or `/moderate/reset#<token>`. */
export interface StaffLink {
  kind: 'accept' | 'reset';
  token: string;
}

/**
 * Reads the link from the address and takes the token out of it at once (out of the history and
 * of sight); the dashboard's own address stays. Null when the page is the dashboard itself.
 */
export function takeLink(): StaffLink | null {
  const m = /^\/moderate\/(accept|reset)\/?$/.exec(location.pathname);
  if (!m) return null;
  const token = decodeURIComponent(location.hash.slice(1)).trim();
  history.replaceState(null, '', `/moderate/${m[1]}`);
  return { kind: m[1] as StaffLink['kind'], token };
}

/** Leaves a link's path for the dashboard's, once the link has done its work (the dashboard's own fragment stays). */
export function toDashboard(): void {
  if (location.pathname !== '/moderate') history.replaceState(null, '', '/moderate');
}

function linkPage(title: string, intro: string, ...content: HTMLElement[]): void {
  signedOutPage(
    h('section', { class: 'signin', 'aria-labelledby': 'link-h' }, h('h2', { id: 'link-h', tabindex: '-1' }, title), h('p', null, intro), ...content),
  );
}

/**
 * The invitation: a new address gives a name and a password, an existing account its current
 * password (and code when it asks for one); then the member is signed in.
 */
export function showAccept(token: string, signedIn: (view: StaffSessionView) => void): void {
  const msg = messageLine();
  const radio = (value: string, label: string, checked: boolean) =>
    h('label', { class: 'check' }, h('input', { type: 'radio', name: 'acct', value, checked, onchange: () => mode() }), ' ', label);
  const fresh = radio('new', A.newAccount, true);
  const name = new Field(A.name, input({ autocomplete: 'name', maxlength: '100' }));
  const newPassword = passwordField(A.newPassword, 'new-password', A.passwordHint);
  const current = passwordField(A.currentPassword, 'current-password');
  const code = new Field(A.code, input({ inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '16' }), A.codeHint);
  code.el.hidden = true;
  const newBox = h('div', null, name.el, newPassword.el);
  const oldBox = h('div', { hidden: true }, current.el, code.el);
  const submit = h('button', { type: 'submit', class: 'pri' }, A.accept);
  const isNew = () => fresh.querySelector('input')!.checked;
  const mode = () => {
    newBox.hidden = !isNew();
    oldBox.hidden = isNew();
    msg.show('');
  };

  const send = async () => {
    msg.show('');
    for (const f of [name, newPassword, current, code]) f.setError('');
    const body = isNew()
      ? { name: name.control.value.trim(), password: newPassword.control.value }
      : { password: current.control.value, ...(code.el.hidden ? {} : { code: code.control.value.replace(/\s+/g, '') }) };
    if (isNew() && !body.name) return void (name.setError(A.needName), name.control.focus());
    const pw = isNew() ? newPassword : current;
    if (!body.password) return void (pw.setError(A.needPassword), pw.control.focus());
    try {
      signedIn(await call<StaffSessionView>('', 'POST', `/staff/invitations/${enc(token)}/accept`, { session: true, body }));
    } catch (e) {
      const code_ = e instanceof ApiError ? e.code : '';
      if (code_ === 'TOTP_REQUIRED' || code_ === 'TOTP_INVALID') {
        code.el.hidden = false;
        if (code_ === 'TOTP_INVALID') code.setError(A.codeWrong);
        return code.control.focus();
      }
      if (code_.startsWith('PASSWORD_')) return void (pw.setError(failureText(e)), pw.control.focus());
      if (code_ === 'NAME_REQUIRED') {
        fresh.querySelector('input')!.checked = true;
        mode();
        name.setError(failureText(e));
        return name.control.focus();
      }
      msg.show(code_ === 'SIGNIN_FAILED' ? `${A.signinFailed} ${isNew() ? A.existsHint : ''}` : failureText(e));
    }
  };

  if (!token) return linkPage(A.acceptTitle, A.noToken);
  linkPage(
    A.acceptTitle,
    A.acceptIntro,
    busyForm(
      submit,
      send,
      'card',
      msg.el,
      h('fieldset', null, h('legend', null, A.haveAccount), fresh, radio('old', A.existingAccount, false)),
      newBox,
      oldBox,
      submit,
    ),
  );
  document.getElementById('link-h')?.focus();
}

/**
 * The reset link: whom it is for (a spent or expired link says so before a password is typed),
 * a new password, then the sign-in page says it is set, with the address filled in.
 */
export async function showReset(token: string, done: (email: string) => void): Promise<void> {
  if (!token) return linkPage(A.resetTitle, A.noToken);
  signedOutPage(h('p', { class: 'meta' }, S.loading));
  let email = '';
  try {
    email = (await call<{ email: string }>('', 'GET', `/staff/password-reset/${enc(token)}`)).email;
  } catch (e) {
    if (e instanceof ApiError && e.code.startsWith('RESET_LINK_')) return linkPage(A.resetTitle, failureText(e));
    // Otherwise the form still works without the address; setting the password reports any error.
  }
  const msg = messageLine();
  // The account's address as the username beside the new password, for password managers.
  const username = email ? new Field(A.email, input({ type: 'email', autocomplete: 'username', readonly: true, value: email })) : null;
  const password = passwordField(A.newPassword, 'new-password', A.passwordHint);
  const submit = h('button', { type: 'submit', class: 'pri' }, A.setPassword);
  const send = async () => {
    msg.show('');
    password.setError('');
    if (!password.control.value) return void (password.setError(A.needPassword), password.control.focus());
    try {
      await call('', 'POST', `/staff/password-reset/${enc(token)}`, { body: { password: password.control.value } });
      done(email);
    } catch (e) {
      if (e instanceof ApiError && e.code.startsWith('PASSWORD_')) return void (password.setError(failureText(e)), password.control.focus());
      msg.show(failureText(e));
    }
  };
  linkPage(A.resetTitle, email ? A.resetIntroFor(email) : A.resetIntro, busyForm(submit, send, 'card', msg.el, username?.el, password.el, submit));
  password.control.focus();
}
