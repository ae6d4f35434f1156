import { h, put, uid } from '../shared/dom';
import { A } from './account-strings';
import { Field, input } from './forms';
import {
  GUIDELINES,
  LOCALE,
  MAIL_FROM,
  type NumberSpec,
  PREMOD_LABELS,
  PREMODERATION,
  REJECT_REASONS,
  type SettingsView,
  valueOf,
  type WordKey,
} from './settings-fields';

/**
 * The settings form's controls: each draws one setting's field with its current value and hands
 * the screen (through `push`) an entry that reads the field back and takes its errors.
 */

export type Value = string | number | boolean | string[] | null;

/** One setting on the form: how to read it back, and where its errors go. */
export interface Entry {
  key: string;
  label: string;
  field: Field | null;
  /** The fieldset of a radio group, which takes the group's error. */
  group?: HTMLElement;
  read(): Value;
  write(v: unknown): void;
}

type Push = (e: Entry) => void;

/** The lines of a text box, trimmed, without empty ones and repeats (in any case). */
const lines = (text: string) => {
  const seen = new Set<string>();
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !seen.has(l.toLowerCase()) && seen.add(l.toLowerCase()));
};
/** A number as typed; what is not one goes to the server as typed, so its message names the problem. */
const num = (raw: string): number | string => (raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw.trim());

/** The choice of which comments wait for a moderator. */
export function premoderationField(s: SettingsView, push: Push): HTMLElement {
  const name = uid('premod');
  const radios = PREMODERATION.map((p) => {
    const id = uid('pm');
    const r = h('input', { type: 'radio', name: 'premoderation', id, value: p, checked: s.premoderation === p, 'aria-describedby': `${id}-d` });
    return {
      r,
      el: h(
        'div',
        { class: 'radio' },
        r,
        ' ',
        h('label', { for: id }, PREMOD_LABELS[p][0]),
        h('p', { class: 'meta hint', id: `${id}-d` }, PREMOD_LABELS[p][1]),
      ),
    };
  });
  const error = h('p', { class: 'err field-err', id: `${name}-err`, hidden: true });
  const group = h(
    'fieldset',
    { class: 'radios', 'aria-describedby': `${name}-err` },
    h('legend', null, 'Hold comments for a moderator'),
    ...radios.map((x) => x.el),
    error,
  );
  push({
    key: 'premoderation',
    label: 'Hold comments for a moderator',
    field: null,
    group,
    read: () => radios.find((x) => x.r.checked)?.r.value ?? '',
    write: (v) => radios.forEach((x) => (x.r.checked = x.r.value === v)),
  });
  return group;
}

/** The fields of the settings the server has (one newer than the server is left out). */
export function numberFields(specs: NumberSpec[], s: SettingsView, push: Push): HTMLElement[] {
  return specs.filter((n) => valueOf(s, n.key) !== undefined).map((n) => numberField(n, s, push));
}

function numberField(n: NumberSpec, s: SettingsView, push: Push): HTMLElement {
  const control = input({
    type: 'number',
    name: n.key,
    min: String(n.min),
    max: String(n.max),
    step: n.step ?? '1',
    inputmode: n.step ? 'decimal' : 'numeric',
  });
  const unit = n.seconds || n.days ? h('span', { class: 'meta unit' }) : null;
  const inWords = (v: number) => (n.days ? A.days(v) : A.seconds(v));
  const showUnit = () => unit && put(unit, typeof num(control.value) === 'number' ? `= ${inWords(Number(control.value))}` : '');
  control.addEventListener('input', showUnit);
  const field = new Field(n.label, control, n.help, unit);
  const write = (v: unknown) => {
    control.value = String(v);
    showUnit();
  };
  write(valueOf(s, n.key));
  push({ key: n.key, label: n.label, field, read: () => num(control.value), write });
  return field.el;
}

/** A list of words, one a line, with its count and a text file to add from; `changed`: after words came from a file. */
export function wordsField(w: { key: WordKey; label: string; help: string }, s: SettingsView, push: Push, changed: () => void): HTMLElement {
  const area = h('textarea', { name: w.key, rows: '6', spellcheck: 'false', autocomplete: 'off' });
  const count = h('span', { class: 'meta' });
  const note = h('p', { class: 'msg', role: 'status' });
  const recount = () => put(count, A.wordCount(lines(area.value).length));
  area.addEventListener('input', recount);
  const fileId = uid('file');
  const file = h('input', { type: 'file', id: fileId, accept: '.txt,text/plain', 'aria-describedby': `${fileId}-h` });
  file.addEventListener('change', () => void importWords(file, area, note, recount, changed));
  const field = new Field(w.label, area, w.help, [
    count,
    h(
      'div',
      { class: 'import' },
      h('label', { for: fileId }, A.importFile(w.label)),
      h('p', { class: 'meta hint', id: `${fileId}-h` }, A.importHint),
      file,
      note,
    ),
  ]);
  const write = (v: unknown) => {
    area.value = (v as string[]).join('\n');
    recount();
  };
  write(s[w.key]);
  push({ key: w.key, label: w.label, field, read: () => lines(area.value), write });
  return field.el;
}

/** The guidelines readers see above the form: a text box, saved as typed (trimmed). */
export function guidelinesField(value: string, push: Push): HTMLElement {
  const area = h('textarea', { name: 'guidelines', rows: '6', maxlength: String(GUIDELINES.max) });
  const field = new Field(GUIDELINES.label, area, GUIDELINES.help);
  const write = (v: unknown) => (area.value = typeof v === 'string' ? v : '');
  write(value);
  push({ key: 'guidelines', label: GUIDELINES.label, field, read: () => area.value.trim(), write });
  return field.el;
}

/** The language of notification emails: one of the languages they are written in. */
export function localeField(value: string, push: Push): HTMLElement {
  const select = h('select', { name: 'locale' }, ...Object.entries(LOCALE.choices).map(([code, name]) => h('option', { value: code, lang: code }, name)));
  const field = new Field(LOCALE.label, select, LOCALE.help);
  const write = (v: unknown) => (select.value = typeof v === 'string' ? v : 'en');
  write(value);
  push({ key: 'locale', label: LOCALE.label, field, read: () => select.value, write });
  return field.el;
}

/** The site's own sender address; empty means the deployment's (sent as null). */
export function mailFromField(value: string | null, push: Push): HTMLElement {
  const control = input({ type: 'email', name: 'mailFrom', autocomplete: 'off', spellcheck: 'false' });
  const field = new Field(MAIL_FROM.label, control, MAIL_FROM.help);
  const write = (v: unknown) => (control.value = typeof v === 'string' ? v : '');
  write(value);
  push({ key: 'mailFrom', label: MAIL_FROM.label, field, read: () => control.value.trim() || null, write });
  return field.el;
}

/** The reasons moderators reject with: one per line, repeats dropped. */
export function reasonsField(value: string[], push: Push): HTMLElement {
  const area = h('textarea', { name: 'rejectReasons', rows: '6', autocomplete: 'off' });
  const field = new Field(REJECT_REASONS.label, area, REJECT_REASONS.help);
  const write = (v: unknown) => (area.value = Array.isArray(v) ? v.join('\n') : '');
  write(value);
  push({ key: 'rejectReasons', label: REJECT_REASONS.label, field, read: () => lines(area.value), write });
  return field.el;
}

/** A setting newer than this screen (`v` its value): edited as its type allows, labelled by its name. */
export function otherField(key: string, v: unknown, push: Push): HTMLElement {
  const isList = Array.isArray(v);
  const control = isList ? h('textarea', { name: key, rows: '4' }) : input({ name: key, type: typeof v === 'number' ? 'number' : 'text', step: 'any' });
  const field = new Field(key, control, 'A setting this screen does not describe yet.');
  const write = (x: unknown) => (control.value = Array.isArray(x) ? x.join('\n') : String(x));
  write(v);
  const read = (): Value =>
    isList ? lines(control.value) : typeof v === 'number' ? num(control.value) : typeof v === 'boolean' ? control.value === 'true' : control.value;
  push({ key, label: key, field, read, write });
  return field.el;
}

async function importWords(file: HTMLInputElement, area: HTMLTextAreaElement, note: HTMLElement, recount: () => void, changed: () => void): Promise<void> {
  const f = file.files?.[0];
  if (!f) return;
  try {
    const have = lines(area.value);
    const known = new Set(have.map((x) => x.toLowerCase()));
    const incoming = lines(await f.text());
    const added = incoming.filter((x) => !known.has(x.toLowerCase()));
    area.value = [...have, ...added].join('\n');
    recount();
    note.className = 'msg ok';
    put(note, A.imported(added.length, incoming.length - added.length, f.name));
    changed();
  } catch {
    note.className = 'msg err';
    put(note, A.importFailed(f.name));
  }
  file.value = '';
}
