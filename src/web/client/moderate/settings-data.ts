import { h, uid } from '../shared/dom';
import { Field, input } from './forms';

/**
 * The settings screen's "Readers' data" group: what a deleted account's comments become, and how
 * long readers' emails and IP addresses are kept (empty: kept).
 */

export const DATA_KEYS = ['accountDeletion', 'retentionDays'];

/** One setting of the group, as the settings screen keeps its entries. */
export interface DataEntry {
  key: string;
  label: string;
  field: Field | null;
  group?: HTMLElement;
  read(): string | number | null;
  write(v: unknown): void;
}

const MODES: [string, string, string][] = [
  ['delete', 'Delete them', 'Their comments are removed as if they had deleted each one; replies by others stay.'],
  ['anonymize', 'Keep them anonymized', 'Their comments stay, under the name “Deleted user”; their name and email are removed.'],
];

/** The group's fields for the settings the server has (none on an older server). */
export function dataFields(s: Record<string, unknown>, push: (e: DataEntry) => void): HTMLElement[] {
  const out: HTMLElement[] = [];
  const shown = (e: DataEntry) => {
    e.write(s[e.key]);
    push(e);
  };
  if (s.accountDeletion !== undefined) out.push(deletionModes(shown));
  if (s.retentionDays !== undefined) out.push(retention(shown));
  return out;
}

function deletionModes(push: (e: DataEntry) => void): HTMLElement {
  const label = 'When a reader deletes their account';
  const name = uid('del');
  const radios = MODES.map(([value, text, help]) => {
    const id = uid('dm');
    const r = h('input', { type: 'radio', name: 'accountDeletion', id, value, 'aria-describedby': `${id}-d` });
    return { r, el: h('div', { class: 'radio' }, r, ' ', h('label', { for: id }, text), h('p', { class: 'meta hint', id: `${id}-d` }, help)) };
  });
  const error = h('p', { class: 'err field-err', id: `${name}-err`, hidden: true });
  const group = h('fieldset', { class: 'radios', 'aria-describedby': `${name}-err` }, h('legend', null, label), ...radios.map((x) => x.el), error);
  push({
    key: 'accountDeletion',
    label,
    field: null,
    group,
    read: () => radios.find((x) => x.r.checked)?.r.value ?? '',
    write: (v) => radios.forEach((x) => (x.r.checked = x.r.value === v)),
  });
  return group;
}

function retention(push: (e: DataEntry) => void): HTMLElement {
  const label = 'Keep emails and IP addresses for';
  const control = input({ type: 'number', name: 'retentionDays', min: '1', max: '3650', step: '1', inputmode: 'numeric', placeholder: 'always' });
  const field = new Field(label, control, 'Days after which readers’ stored emails and IP addresses are removed, 1 to 3,650. Leave empty to keep them.');
  push({
    key: 'retentionDays',
    label,
    field,
    read: () => {
      const raw = control.value.trim();
      if (raw === '') return null;
      return Number.isFinite(Number(raw)) ? Number(raw) : raw;
    },
    write: (v) => (control.value = typeof v === 'number' || typeof v === 'string' ? String(v) : ''),
  });
  return field.el;
}
