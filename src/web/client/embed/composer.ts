import { h, put, setHtml, uid } from '../shared/dom';
import { ApiError } from '../shared/api';
import { errorText } from './client';
import type { Session } from './session';
import { S } from './strings';

export interface ComposerOptions {
  label: string;
  submit: string;
  value?: string;
  onCancel?: () => void;
  /** `key` stays the same until the text changes, so a retry is not posted twice. */
  onSubmit: (text: string, key: string) => Promise<void>;
  /** After every attempt, once the button is back. */
  onSettled?: () => void;
  /** The id of a note about posting (e.g. that comments are reviewed), read with the field. */
  describedBy?: string;
  /** The text rendered by the service as it would be published (a Preview button when given). */
  preview?: (text: string) => Promise<string>;
  /** A localStorage key: the unsent text is kept there across reloads, and dropped once posted. */
  draft?: string;
}

export interface Composer {
  form: HTMLFormElement;
  area: HTMLTextAreaElement;
  submit: HTMLButtonElement;
  error: HTMLElement;
  /** Counts again against the current limit (after the site's policy changed it). */
  recount(): void;
}

/**
 * A comment form (new comment, reply or edit) with a character counter; Ctrl+Enter sends, Esc
 * cancels. `max()` is the site's limit as known now: it is read at each count and on sending.
 */
export function composer(o: ComposerOptions, max: () => number, session: Session): Composer {
  const id = uid('pt');
  const hint = uid('ph');
  const counterId = uid('pc');
  let key = newKey();
  const area = h('textarea', {
    id,
    name: 'body',
    rows: '4',
    placeholder: S.placeholder,
    'aria-describedby': `${o.describedBy ?? ''} ${hint} ${counterId}`.trim(),
  });
  area.value = o.value ?? keep(o.draft) ?? '';
  const counter = h('span', { class: 'counter', id: counterId });
  const hintEl = h('span', { class: 'hint grow', id: hint });
  const error = h('div', { class: 'err', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'pri' }, o.submit);
  // No keyboard shortcut to speak of on a touch screen.
  const touch = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
  const pv = o.preview ? previewer(o.preview, area) : null;
  /** Set while the error shown is about the text itself, so typing clears it. */
  let textError = false;
  let wait = 0;
  const count = () => {
    const len = [...area.value.trim()].length;
    const limit = max();
    hintEl.textContent = touch ? S.counterHint(limit) : `${S.counterHint(limit)} ${S.sendKeys}`;
    counter.textContent = len > limit ? `${S.counter(len, limit)} · ${S.tooLong(len - limit)}` : S.counter(len, limit);
    counter.classList.toggle('over', len > limit);
    return len - limit;
  };
  const form = h(
    'form',
    {
      class: 'form',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        if (!session.me) return session.requestLogin();
        const text = area.value.trim();
        const over = count();
        textError = true;
        if (!text) return void (put(error, S.errors.COMMENT_EMPTY), area.focus());
        // Refused here, before any request: the service would refuse it too.
        if (over > 0) return void (put(error, S.tooLong(over)), area.focus());
        textError = false;
        put(error);
        submit.disabled = true;
        const label = submit.textContent;
        submit.textContent = S.posting;
        try {
          await o.onSubmit(text, key);
          key = newKey();
          area.value = '';
          keep(o.draft, '');
          count();
          pv?.close();
        } catch (err) {
          put(error, errorText(err));
          area.focus();
          // Posting too fast: the button waits out the Retry-After the message names.
          const ms = ((err instanceof ApiError && err.retryAfter) || 0) * 1000;
          wait = Date.now() + ms;
          if (ms) setTimeout(() => (submit.disabled = false), ms);
        } finally {
          submit.disabled = Date.now() < wait;
          submit.textContent = label === S.posting ? o.submit : label;
          o.onSettled?.();
        }
      },
    },
    h('label', { for: id }, o.label),
    area,
    h('div', { class: 'row' }, hintEl, counter),
    error,
    h('div', { class: 'row' }, submit, pv?.button, o.onCancel ? h('button', { type: 'button', onclick: o.onCancel }, S.cancel) : null),
    pv?.panel,
  );
  area.addEventListener('input', () => {
    keep(o.draft, area.value);
    pv?.changed();
    const over = count();
    key = newKey();
    if (textError && area.value.trim() && over <= 0) {
      textError = false;
      put(error);
    }
  });
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      // Not while the button waits (a post under way, or posting too fast).
      if (!submit.disabled) form.requestSubmit();
    } else if (e.key === 'Escape' && o.onCancel) {
      e.preventDefault();
      o.onCancel();
    }
  });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && o.onCancel && e.target !== area) o.onCancel();
  });
  count();
  return { form, area, submit, error, recount: count };
}

/**
 * The Preview toggle: while pressed, a panel under the form shows the text as the service renders
 * it (its own markdown and sanitizer, so exactly what will be published), following the typing.
 */
function previewer(render: (text: string) => Promise<string>, area: HTMLTextAreaElement) {
  const id = uid('pp');
  const body = h('div', { class: 'body' });
  const panel = h('div', { class: 'preview', id, role: 'region', 'aria-label': S.previewLabel, hidden: true }, h('p', { class: 'meta' }, S.previewLabel), body);
  const button = h('button', { type: 'button', 'aria-pressed': 'false', 'aria-controls': id, onclick: () => (panel.hidden ? open() : close()) }, S.preview);
  let timer = 0;
  let seq = 0;
  const show = async () => {
    const n = ++seq;
    const text = area.value.trim();
    let html: string | null = null;
    let note = '';
    try {
      html = text ? await render(text) : null;
      if (!text) note = S.previewEmpty;
    } catch (e) {
      note = e instanceof ApiError && e.code === 'COMMENT_EMPTY' ? S.previewEmpty : errorText(e);
    }
    if (n !== seq || panel.hidden) return;
    if (html !== null) setHtml(body, html);
    else put(body, h('p', { class: 'hint' }, note));
  };
  const open = () => {
    panel.hidden = false;
    button.setAttribute('aria-pressed', 'true');
    void show();
  };
  const close = () => {
    clearTimeout(timer);
    seq++;
    panel.hidden = true;
    button.setAttribute('aria-pressed', 'false');
    put(body);
  };
  // Asked again a moment after the typing stops, not at every key.
  const changed = () => {
    if (panel.hidden) return;
    clearTimeout(timer);
    timer = window.setTimeout(() => void show(), 400);
  };
  return { button, panel, changed, close };
}

/** Where the unsent text of an article's comment form (or of the reply form to `parent`) is kept. */
export const draftKey = (o: { site?: string; articleId: string }, parent = '') => `parley.draft.${o.site ?? ''}.${o.articleId}.${parent}`;

/**
 * The draft under `name`: read it (no `text`), or keep `text` (empty: forget it). Quietly nothing where the
 * page may not store (blocked storage, a sandboxed frame, a full quota): a draft is a convenience.
 */
function keep(name: string | undefined, text?: string): string | undefined {
  try {
    if (name && text === undefined) return localStorage.getItem(name) ?? undefined;
    if (name && text) localStorage.setItem(name, text);
    else if (name) localStorage.removeItem(name);
  } catch {
    /* not kept */
  }
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
