import { h, uid } from '../shared/dom';
import type { ModerationApi } from './client';
import { S } from './strings';

/** The site's reasons for rejecting (Settings), fetched once per site; the built-in ones if the server has none. */
export class RejectReasons {
  private site: string | null = null;
  private list: Promise<string[]> | null = null;

  constructor(private readonly api: ModerationApi) {}

  get(): Promise<string[]> {
    const site = this.api.me?.site ?? '';
    if (this.list && this.site === site) return this.list;
    this.site = site;
    this.list = this.api.onSite<{ rejectReasons: string[] }>('GET', '/moderation/reasons').then(
      (r) => r.rejectReasons,
      () => [...S.rejectReasons],
    );
    return this.list;
  }

  /** An admin changed them: the next prompt asks again. */
  forget(): void {
    this.list = null;
  }
}

export interface RejectPrompt {
  form: HTMLFormElement;
  input: HTMLInputElement;
}

/**
 * The reject prompt: free text with the site's reasons as suggestions, and each reason as a button
 * that rejects with it at once. Enter rejects with the text (none: no reason), Esc goes back.
 */
export function rejectPrompt(o: { reasons: string[]; confirm: string; reject(reason?: string): void; cancel(): void }): RejectPrompt {
  const id = uid('why');
  const listId = uid('whys');
  const hint = uid('hint');
  const pickId = uid('pick');
  const input = h('input', { type: 'text', id, list: listId, maxlength: '500', autocomplete: 'off', 'aria-describedby': hint });
  const form = h(
    'form',
    {
      class: 'reject',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        o.reject(input.value.trim() || undefined);
      },
      onkeydown: (e: KeyboardEvent) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        e.preventDefault();
        o.cancel();
      },
    },
    h('label', { for: id }, S.rejectReason),
    h('datalist', { id: listId }, ...o.reasons.map((x) => h('option', { value: x }))),
    h(
      'div',
      { class: 'row' },
      input,
      h('button', { type: 'submit', class: 'no' }, o.confirm),
      h('button', { type: 'button', onclick: () => o.cancel() }, S.cancel),
    ),
    h('p', { class: 'meta', id: hint }, S.rejectHint),
    o.reasons.length
      ? h(
          'div',
          { class: 'picks', role: 'group', 'aria-labelledby': pickId },
          h('span', { class: 'meta', id: pickId }, S.pickReason),
          ...o.reasons.map((x) => h('button', { type: 'button', class: 'pick', onclick: () => o.reject(x) }, x)),
        )
      : null,
  );
  return { form, input };
}
