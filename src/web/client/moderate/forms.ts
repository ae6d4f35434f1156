import { ApiError } from '../shared/api';
import { type Child, h, put, uid } from '../shared/dom';
import { A, waitText } from './account-strings';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** A labelled control with its help text and its own error line, both read with it. */
export class Field<C extends Control = Control> {
  readonly el: HTMLDivElement;
  readonly error: HTMLParagraphElement;

  constructor(
    readonly label: string,
    readonly control: C,
    help?: Child,
    extra?: Child,
  ) {
    const id = control.id || (control.id = uid('f'));
    this.error = h('p', { class: 'err field-err', id: `${id}-err`, hidden: true });
    const helpEl = help ? h('p', { class: 'meta hint', id: `${id}-help` }, help) : null;
    control.setAttribute('aria-describedby', [helpEl ? `${id}-help` : '', `${id}-err`].filter(Boolean).join(' '));
    this.el = h('div', { class: 'field' }, h('label', { for: id }, label), helpEl, control, extra, this.error);
  }

  /** Shows (or, with '', clears) the field's error, and marks the control invalid. */
  setError(message: string): void {
    put(this.error, message);
    this.error.hidden = !message;
    if (message) this.control.setAttribute('aria-invalid', 'true');
    else this.control.removeAttribute('aria-invalid');
  }
}

export const input = (props: Record<string, unknown>) => h('input', { type: 'text', ...props });

/** A password field with a "Show password" checkbox under it. */
export function passwordField(label: string, autocomplete: string, help?: string): Field<HTMLInputElement> {
  const control = input({ type: 'password', autocomplete, spellcheck: 'false', maxlength: '1000' });
  const show = h('input', {
    type: 'checkbox',
    onchange: () => (control.type = show.checked ? 'text' : 'password'),
  });
  return new Field(label, control, help, h('label', { class: 'check' }, show, ' ', A.showPassword));
}

/**
 * A message line for a form: role=alert so it is read when it changes, and visible to everyone.
 * `tone` 'ok' shows a confirmation rather than an error.
 */
export function messageLine(): { el: HTMLElement; show(text: string, tone?: 'err' | 'ok'): void } {
  const el = h('div', { class: 'msg', role: 'alert', hidden: true });
  return {
    el,
    show(text: string, tone: 'err' | 'ok' = 'err') {
      el.className = `msg ${tone}`;
      el.hidden = !text;
      put(el, text);
    },
  };
}

/** What a failed call means for a person, in words: the known codes first, else the server's message. */
export function failureText(e: unknown, known: Record<string, string> = {}): string {
  if (!(e instanceof ApiError)) return (e as Error).message;
  if (e.code === 'NETWORK') return A.network;
  if (e.code === 'RATE_LIMITED') return e.retryAfter ? A.rateLimited(waitText(e.retryAfter)) : A.rateLimitedSoon;
  return known[e.code] ?? A.linkErrors[e.code] ?? e.message;
}

/** Runs `work` with the submit button busy (disabled, aria-busy) so a double click sends once. */
export async function busy(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  try {
    await work();
  } finally {
    button.removeAttribute('aria-disabled');
  }
}

/** A form that sends once per submit: the browser's own validation off (the server's messages show), `send` run under busy(submit). */
export function busyForm(submit: HTMLButtonElement, send: () => Promise<void>, className: string | null, ...children: Child[]): HTMLFormElement {
  const onsubmit = (e: Event) => {
    e.preventDefault();
    void busy(submit, send);
  };
  return h('form', { novalidate: true, class: className, onsubmit }, ...children);
}

export interface CopyOptions {
  label: string;
  value: string;
  /** The copy button's text, what is said once copied, and how to copy when the browser may not. */
  button: string;
  copied: string;
  byHand: string;
  /** A textarea of this many rows instead of a one-line field. */
  rows?: number;
  /** Ids of what the field is read with (a warning, a hint). */
  describedBy?: string;
  className?: string;
}

/**
 * A value to copy: its label, the value in a read-only field (selected when focused) and a copy
 * button, whose outcome is said in a status line beside it.
 */
export function copyable(o: CopyOptions): { label: HTMLLabelElement; field: HTMLInputElement | HTMLTextAreaElement; row: HTMLDivElement } {
  const id = uid('copy');
  const common = { id, readonly: true, spellcheck: 'false', class: o.className ?? 'link', 'aria-describedby': o.describedBy };
  const field: HTMLInputElement | HTMLTextAreaElement = o.rows ? h('textarea', { ...common, rows: String(o.rows) }) : h('input', { ...common, type: 'text' });
  field.value = o.value;
  field.addEventListener('focus', () => field.select());
  const note = h('span', { class: 'meta', role: 'status' });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(o.value);
      put(note, o.copied);
    } catch {
      field.focus();
      put(note, o.byHand);
    }
  };
  const button = h('button', { type: 'button', onclick: () => void copy() }, o.button);
  return { label: h('label', { for: id }, o.label), field, row: h('div', { class: 'row' }, field, button, note) };
}
