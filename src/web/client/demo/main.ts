/**
 * The demo page's sign-in-as form: asks POST /api/v1/demo/token for a token (development only)
 * and hands it to the widget. The token is kept in localStorage, so the dashboard can use it too.
 */
import { ApiError, call, claimsOf } from '../shared/api';

interface Api {
  setToken(t: string | null): void;
  onLoginRequest(cb: () => void): void;
  onTokenExpired(cb: () => Promise<string | null>): void;
}

/** The site the demo page shows (`/demo?site=<id>`); none: the default site. */
const SITE = new URLSearchParams(location.search).get('site') || undefined;
const KEY = SITE ? `parley.demo.token.${SITE}` : 'parley.demo.token';
const MOD_KEY = 'parley.moderator.token';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function withParley(fn: (p: Api) => void): void {
  const p = (window as unknown as { Parley?: Partial<Api> }).Parley;
  if (p?.setToken) fn(p as Api);
  else document.addEventListener('parley:ready', (e) => fn((e as CustomEvent<Api>).detail), { once: true });
}

function init(): void {
  const form = $<HTMLFormElement>('demo-signin');
  const name = $<HTMLInputElement>('demo-name');
  const role = $<HTMLSelectElement>('demo-role');
  const submit = $<HTMLButtonElement>('demo-submit');
  const out = $<HTMLOutputElement>('demo-status');
  const signOut = $<HTMLButtonElement>('demo-signout');

  const show = (token: string | null) => {
    const c = claimsOf(token);
    out.textContent = c ? `Signed in as ${c.name} (${c.role ?? 'reader'})` : 'Signed out';
    signOut.hidden = !c;
    submit.textContent = c ? 'Switch user' : 'Sign in';
  };

  const signIn = async (n: string, r: string): Promise<string | null> => {
    try {
      const { token } = await call<{ token: string }>('', 'POST', '/demo/token', { body: { name: n, role: r }, site: SITE });
      localStorage.setItem(KEY, token);
      if (r !== 'reader' && !SITE) localStorage.setItem(MOD_KEY, token);
      return token;
    } catch (e) {
      out.textContent = e instanceof ApiError && e.status === 404 ? 'Demo sign-in is switched off here.' : `Sign-in failed: ${(e as Error).message}`;
      return null;
    }
  };

  const onSubmit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const n = name.value.trim();
    if (!n) {
      out.textContent = 'Type a name to sign in.';
      name.focus();
      return;
    }
    const token = await signIn(n, role.value);
    if (!token) return;
    show(token);
    withParley((p) => p.setToken(token));
  };
  form.addEventListener('submit', (e) => void onSubmit(e));

  signOut.addEventListener('click', () => {
    localStorage.removeItem(KEY);
    show(null);
    withParley((p) => p.setToken(null));
    name.focus();
  });

  let saved = localStorage.getItem(KEY);
  const claims = claimsOf(saved);
  if (claims?.exp && claims.exp * 1000 < Date.now()) saved = null;
  if (claims && saved) {
    name.value = claims.name;
    role.value = claims.role === 'moderator' || claims.role === 'admin' ? claims.role : 'reader';
  }
  show(saved);

  withParley((p) => {
    if (saved) p.setToken(saved);
    p.onLoginRequest(() => {
      out.textContent = 'Sign in with a name above to comment.';
      name.focus();
    });
    // Demo tokens expire after 12 hours: sign in again as the same person.
    p.onTokenExpired(async () => {
      const c = claimsOf(localStorage.getItem(KEY));
      const token = c ? await signIn(c.name, c.role ?? 'reader') : null;
      show(token);
      return token;
    });
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
