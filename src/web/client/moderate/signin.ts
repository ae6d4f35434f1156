import type { StaffSessionView } from '../../../common/staff-contract';
import { ApiError, call, claimsOf } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { A } from './account-strings';
import { busyForm, failureText, Field, input, messageLine, passwordField } from './forms';
import { S } from './strings';

const TOKEN_KEY = 'parley.moderator.token';

export const $app = () => document.getElementById('app')!;

/** The token kept from an earlier visit, if it still looks fit for moderating. */
export function savedToken(): string | null {
  const saved = localStorage.getItem(TOKEN_KEY);
  const c = claimsOf(saved);
  return saved && c && (c.role === 'moderator' || c.role === 'admin') && !(c.exp && c.exp * 1000 < Date.now()) ? saved : null;
}

export const keepToken = (token: string) => localStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => localStorage.removeItem(TOKEN_KEY);

/** Asks the service whether `token` may moderate: null if so, else why not, in words. */
export async function refusal(token: string): Promise<string | null> {
  try {
    await call('', 'GET', '/moderation/counts', { token });
    return null;
  } catch (e) {
    if (!(e instanceof ApiError)) return S.error((e as Error).message);
    return e.status === 403 ? S.notModerator : e.code === 'TOKEN_EXPIRED' ? S.expired : e.status === 401 ? S.invalid : S.error(e.message);
  }
}

export interface SignInHandlers {
  /** A pasted or demo token, to be checked; `err` shows why it is refused. */
  token(token: string, err: HTMLElement): void;
  /** A staff session has started. */
  session(view: StaffSessionView): void;
}

/** The page's frame for a signed-out view: the bar and a main region holding `content`. */
export function signedOutPage(...content: HTMLElement[]): void {
  put($app(), h('header', { class: 'bar' }, h('h1', null, S.title)), h('main', { id: 'main', tabindex: '-1' }, ...content));
}

/**
 * The sign-in page: email and password (then an authenticator code when the account asks for
 * one), and below it the publisher-token paste and, outside production, the demo sign-in.
 * `prefill` fills in the email (after a password reset), and the password is then asked first.
 */
export function showSignIn(message: string, tone: 'err' | 'ok', on: SignInHandlers, prefill = ''): void {
  const msg = messageLine();
  const email = new Field(A.email, input({ type: 'email', autocomplete: 'username', spellcheck: 'false', maxlength: '320' }));
  const password = passwordField(A.password, 'current-password');
  const code = new Field(A.code, input({ inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '16', pattern: '[0-9 ]*' }), A.codeHint);
  const codeIntro = h('p');
  const codeBox = h('div', { hidden: true }, h('h3', { id: 'code-h', tabindex: '-1' }, A.codeTitle), codeIntro, code.el);
  const credentials = h('div', null, email.el, password.el);
  const submit = h('button', { type: 'submit', class: 'pri' }, A.passwordSubmit);
  const back = h('button', { type: 'button', hidden: true, onclick: () => showCredentials() }, A.back);

  const showCredentials = () => {
    codeBox.hidden = true;
    credentials.hidden = false;
    back.hidden = true;
    put(submit, A.passwordSubmit);
    code.control.value = '';
    password.control.focus();
  };
  const askCode = () => {
    credentials.hidden = true;
    codeBox.hidden = false;
    back.hidden = false;
    put(codeIntro, A.codeIntro(email.control.value.trim()));
    put(submit, A.verify);
    code.control.focus();
  };

  const send = async () => {
    for (const f of [email, password, code]) f.setError('');
    msg.show('');
    const address = email.control.value.trim();
    if (!address) return (email.setError(A.needEmail), email.control.focus());
    if (!password.control.value) return (password.setError(A.needPassword), password.control.focus());
    const withCode = !codeBox.hidden;
    const c = code.control.value.replace(/\s+/g, '');
    if (withCode && !c) return (code.setError(A.needCode), code.control.focus());
    try {
      const view = await call<StaffSessionView>('', 'POST', '/staff/session', {
        session: true,
        body: { email: address, password: password.control.value, ...(withCode ? { code: c } : {}) },
      });
      on.session(view);
    } catch (e) {
      const ae = e instanceof ApiError ? e : null;
      if (ae?.code === 'TOTP_REQUIRED') return askCode();
      if (ae?.code === 'TOTP_INVALID') {
        code.setError(A.codeWrong);
        code.control.select();
        return code.control.focus();
      }
      if (ae?.code === 'SIGNIN_FAILED') {
        if (withCode) showCredentials();
        msg.show(A.signinFailed);
        password.control.select();
        return password.control.focus();
      }
      msg.show(failureText(e));
    }
  };

  const tokId = uid('tok');
  const hintId = uid('hint');
  const nameId = uid('name');
  const err = h('p', { class: 'err', role: 'alert' });
  const area = h('textarea', { id: tokId, 'aria-describedby': hintId, spellcheck: 'false', autocomplete: 'off' });
  const demoErr = h('p', { class: 'err', role: 'alert' });
  const name = h('input', { id: nameId, type: 'text', value: 'Demo Moderator', maxlength: '50', autocomplete: 'off' });
  signedOutPage(
    h(
      'section',
      { class: 'signin', 'aria-labelledby': 'signin-h' },
      h('h2', { id: 'signin-h' }, A.signInTitle),
      busyForm(submit, send, 'card', msg.el, credentials, codeBox, h('div', { class: 'acts' }, submit, back), h('p', { class: 'meta' }, A.forgot)),
    ),
    h(
      'section',
      { class: 'signin alt', 'aria-labelledby': 'token-h' },
      h('h2', { id: 'token-h' }, A.tokenTitle),
      h('p', { class: 'meta' }, A.tokenIntro),
      h(
        'form',
        {
          novalidate: true,
          onsubmit: (e: Event) => {
            e.preventDefault();
            const t = area.value.trim();
            if (!claimsOf(t)) return put(err, S.badToken);
            on.token(t, err);
          },
        },
        h('label', { for: tokId }, S.tokenLabel),
        h('p', { id: hintId, class: 'meta' }, S.tokenHint),
        area,
        err,
        h('button', { type: 'submit' }, S.signIn),
      ),
      h('h3', null, S.demoTitle),
      h(
        'form',
        {
          novalidate: true,
          onsubmit: async (e: Event) => {
            e.preventDefault();
            try {
              const { token } = await call<{ token: string }>('', 'POST', '/demo/token', {
                body: { name: name.value.trim() || 'Demo Moderator', role: 'moderator' },
              });
              on.token(token, demoErr);
            } catch (x) {
              put(demoErr, x instanceof ApiError && x.status === 404 ? S.demoOff : S.error((x as Error).message));
            }
          },
        },
        h('p', { class: 'meta' }, S.demoHint),
        h('label', { for: nameId }, S.demoName),
        ' ',
        name,
        ' ',
        h('button', { type: 'submit' }, S.demoSignIn),
        demoErr,
      ),
    ),
  );
  msg.show(message, tone);
  email.control.value = prefill;
  (prefill ? password : email).control.focus();
}
