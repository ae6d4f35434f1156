import { ApiError, call, claimsOf } from '../shared/api';
import { h, put, uid } from '../shared/dom';
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

/** The sign-in page: paste a token, or (outside production) sign in as a demo moderator. */
export function showSignIn(message: string, signIn: (token: string, err: HTMLElement) => void): void {
  const tokId = uid('tok');
  const hintId = uid('hint');
  const nameId = uid('name');
  const err = h('p', { class: 'err', role: 'alert' }, message);
  const area = h('textarea', { id: tokId, 'aria-describedby': hintId, spellcheck: 'false', autocomplete: 'off' });
  const demoErr = h('p', { class: 'err', role: 'alert' });
  const name = h('input', { id: nameId, type: 'text', value: 'Demo Moderator', maxlength: '50', autocomplete: 'off' });
  put(
    $app(),
    h('header', { class: 'bar' }, h('h1', null, S.title)),
    h(
      'main',
      { id: 'main', tabindex: '-1' },
      h(
        'section',
        { class: 'signin', 'aria-labelledby': 'signin-h' },
        h('h2', { id: 'signin-h' }, S.signInTitle),
        h(
          'form',
          {
            novalidate: true,
            onsubmit: (e: Event) => {
              e.preventDefault();
              const t = area.value.trim();
              if (!claimsOf(t)) return put(err, S.badToken);
              signIn(t, err);
            },
          },
          h('label', { for: tokId }, S.tokenLabel),
          h('p', { id: hintId, class: 'meta' }, S.tokenHint),
          area,
          err,
          h('button', { type: 'submit', class: 'pri' }, S.signIn),
        ),
        h('h2', null, S.demoTitle),
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
                signIn(token, demoErr);
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
    ),
  );
  area.focus();
}
