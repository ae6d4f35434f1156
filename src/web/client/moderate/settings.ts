import { ApiError } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { A } from './account-strings';
import type { Desk } from './dashboard';
import { busy, failureText, Field, input } from './forms';
import { DATA_KEYS, dataFields } from './settings-data';
import { S } from './strings';
import {
  COMMENT_NUMBERS,
  GUIDELINES,
  LOCALE,
  keysOf,
  MAIL_FROM,
  type NumberSpec,
  PREMOD_LABELS,
  PREMODERATION,
  RATE_NUMBERS,
  REJECT_REASONS,
  REVIEW_NUMBERS,
  type SettingsView,
  valueOf,
  WORD_LISTS,
  type WordKey,
} from './settings-fields';

type Value = string | number | boolean | string[] | null;

/** One setting on the form: how to read it back, and where its errors go. */
interface Entry {
  key: string;
  label: string;
  field: Field | null;
  /** The fieldset of a radio group, which takes the group's error. */
  group?: HTMLElement;
  read(): Value;
  write(v: unknown): void;
}

const lines = (text: string) => {
  const seen = new Set<string>();
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !seen.has(l.toLowerCase()) && seen.add(l.toLowerCase()));
};
/** A number as typed; what is not one goes to the server as typed, so its message names the problem. */
const num = (raw: string): number | string => (raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw.trim());
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The admins' settings screen: every setting of the chosen site's GET /settings in one form, saved with one PATCH of what changed. */
export class SettingsScreen {
  private loaded: SettingsView | null = null;
  private entries: Entry[] = [];
  private readonly summary = h('div', { class: 'msg err', role: 'alert', tabindex: '-1', hidden: true });
  private readonly status = h('p', { class: 'msg', role: 'status' });
  private readonly heading = h('h2', { id: 'settings-h', tabindex: '-1' }, A.settingsTitle);
  private readonly body = h('div');

  constructor(
    private readonly d: Desk,
    readonly root: HTMLElement,
  ) {
    const me = d.api.me;
    const site = me?.sites.find((x) => x.id === me.site)?.name ?? me?.site ?? '';
    put(root, this.heading, h('p', { class: 'meta' }, A.settingsIntro(site || 'this site')), this.summary, this.body);
  }

  /** Loads the settings (unless the form has unsaved changes) and puts focus on the heading. */
  /** Draws the screen; `focus`: puts focus on its heading (not when the site was just switched from the header). */
  async open(focus = true): Promise<void> {
    if (focus) this.heading.focus();
    if (this.loaded && this.dirty()) return;
    put(this.body, h('p', null, S.loading));
    try {
      this.draw(await this.d.api.onSite<SettingsView>('GET', '/settings'));
    } catch (e) {
      put(this.body, h('p', { class: 'err' }, failureText(e)));
    }
  }

  /** Whether the form holds changes not saved yet. */
  get unsaved(): boolean {
    return !!this.loaded && this.dirty();
  }

  /** Says `text` in the form's status line beside the save button (seen and read). */
  warn(text: string): void {
    this.status.className = 'msg err';
    put(this.status, text);
  }

  private dirty(): boolean {
    return this.entries.some((e) => !same(e.read(), this.stored(e.key)));
  }

  private stored(key: string): unknown {
    if (!this.loaded) return undefined;
    const [a, b] = key.split('.');
    const v = (this.loaded as unknown as Record<string, unknown>)[a];
    return b ? (v as Record<string, unknown>)[b] : v;
  }

  private draw(s: SettingsView): void {
    this.loaded = s;
    this.entries = [];
    const save = h('button', { type: 'submit', class: 'pri' }, A.save);
    const known = new Set<string>([
      'premoderation',
      ...WORD_LISTS.map((w) => w.key),
      ...[...REVIEW_NUMBERS, ...COMMENT_NUMBERS, ...RATE_NUMBERS].map((n) => n.key),
      'rejectReasons',
      'guidelines',
      'locale',
      'mailFrom',
      ...DATA_KEYS,
    ]);
    const others = keysOf(s).filter((k) => !known.has(k));
    put(this.status, '');
    put(
      this.body,
      h(
        'form',
        {
          class: 'settings',
          novalidate: true,
          'aria-labelledby': 'settings-h',
          oninput: () => this.showDirty(),
          onchange: () => this.showDirty(),
          onsubmit: (e: Event) => {
            e.preventDefault();
            void busy(save, () => this.save());
          },
        },
        this.fieldset('Holding comments for review', this.premoderation(s), ...this.numbers(REVIEW_NUMBERS, s)),
        this.fieldset('Words', ...WORD_LISTS.map((w) => this.words(w, s))),
        this.fieldset('Comments', ...this.numbers(COMMENT_NUMBERS, s)),
        this.fieldset('Rate limits', ...this.numbers(RATE_NUMBERS, s)),
        s.rejectReasons === undefined ? null : this.fieldset('Rejecting', this.reasons(s.rejectReasons)),
        s.guidelines === undefined ? null : this.fieldset('Readers', this.guidelines(s.guidelines)),
        s.locale === undefined && s.mailFrom === undefined
          ? null
          : this.fieldset('Email', s.locale === undefined ? null : this.locale(s.locale), s.mailFrom === undefined ? null : this.mailFrom(s.mailFrom)),
        this.fieldset('Readers’ data', ...dataFields(s as unknown as Record<string, unknown>, (e) => this.entries.push(e))),
        others.length ? this.fieldset('Other settings', ...others.map((k) => this.other(k))) : null,
        h('div', { class: 'savebar' }, save, this.status),
      ),
    );
  }

  private fieldset(legend: string, ...children: (HTMLElement | null)[]): HTMLFieldSetElement {
    return h('fieldset', { class: 'group' }, h('legend', null, legend), ...children);
  }

  private premoderation(s: SettingsView): HTMLElement {
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
    this.entries.push({
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
  private numbers(specs: NumberSpec[], s: SettingsView): HTMLElement[] {
    return specs.filter((n) => valueOf(s, n.key) !== undefined).map((n) => this.number(n, s));
  }

  private number(n: NumberSpec, s: SettingsView): HTMLElement {
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
    this.entries.push({ key: n.key, label: n.label, field, read: () => num(control.value), write });
    return field.el;
  }

  private words(w: { key: WordKey; label: string; help: string }, s: SettingsView): HTMLElement {
    const area = h('textarea', { name: w.key, rows: '6', spellcheck: 'false', autocomplete: 'off' });
    const count = h('span', { class: 'meta' });
    const note = h('p', { class: 'msg', role: 'status' });
    const recount = () => put(count, A.wordCount(lines(area.value).length));
    area.addEventListener('input', recount);
    const fileId = uid('file');
    const file = h('input', { type: 'file', id: fileId, accept: '.txt,text/plain', 'aria-describedby': `${fileId}-h` });
    file.addEventListener('change', () => void this.importWords(file, area, note, recount));
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
    this.entries.push({ key: w.key, label: w.label, field, read: () => lines(area.value), write });
    return field.el;
  }

  /** The guidelines readers see above the form: a text box, saved as typed (trimmed). */
  private guidelines(value: string): HTMLElement {
    const area = h('textarea', { name: 'guidelines', rows: '6', maxlength: String(GUIDELINES.max) });
    const field = new Field(GUIDELINES.label, area, GUIDELINES.help);
    const write = (v: unknown) => (area.value = typeof v === 'string' ? v : '');
    write(value);
    this.entries.push({ key: 'guidelines', label: GUIDELINES.label, field, read: () => area.value.trim(), write });
    return field.el;
  }

  /** The language of notification emails: one of the languages they are written in. */
  private locale(value: string): HTMLElement {
    const select = h('select', { name: 'locale' }, ...Object.entries(LOCALE.choices).map(([code, name]) => h('option', { value: code, lang: code }, name)));
    const field = new Field(LOCALE.label, select, LOCALE.help);
    const write = (v: unknown) => (select.value = typeof v === 'string' ? v : 'en');
    write(value);
    this.entries.push({ key: 'locale', label: LOCALE.label, field, read: () => select.value, write });
    return field.el;
  }

  /** The site's own sender address; empty means the deployment's (sent as null). */
  private mailFrom(value: string | null): HTMLElement {
    const control = input({ type: 'email', name: 'mailFrom', autocomplete: 'off', spellcheck: 'false' });
    const field = new Field(MAIL_FROM.label, control, MAIL_FROM.help);
    const write = (v: unknown) => (control.value = typeof v === 'string' ? v : '');
    write(value);
    this.entries.push({ key: 'mailFrom', label: MAIL_FROM.label, field, read: () => control.value.trim() || null, write });
    return field.el;
  }

  /** The reasons moderators reject with: one per line, repeats dropped. */
  private reasons(value: string[]): HTMLElement {
    const area = h('textarea', { name: 'rejectReasons', rows: '6', autocomplete: 'off' });
    const field = new Field(REJECT_REASONS.label, area, REJECT_REASONS.help);
    const write = (v: unknown) => (area.value = Array.isArray(v) ? v.join('\n') : '');
    write(value);
    this.entries.push({ key: 'rejectReasons', label: REJECT_REASONS.label, field, read: () => lines(area.value), write });
    return field.el;
  }

  /** A setting newer than this screen: edited as its type allows, labelled by its name. */
  private other(key: string): HTMLElement {
    const v = this.stored(key);
    const isList = Array.isArray(v);
    const control = isList ? h('textarea', { name: key, rows: '4' }) : input({ name: key, type: typeof v === 'number' ? 'number' : 'text', step: 'any' });
    const field = new Field(key, control, 'A setting this screen does not describe yet.');
    const write = (x: unknown) => (control.value = Array.isArray(x) ? x.join('\n') : String(x));
    write(v);
    const read = (): Value =>
      isList ? lines(control.value) : typeof v === 'number' ? num(control.value) : typeof v === 'boolean' ? control.value === 'true' : control.value;
    this.entries.push({ key, label: key, field, read, write });
    return field.el;
  }

  private async importWords(file: HTMLInputElement, area: HTMLTextAreaElement, note: HTMLElement, recount: () => void): Promise<void> {
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
      this.showDirty();
    } catch {
      note.className = 'msg err';
      put(note, A.importFailed(f.name));
    }
    file.value = '';
  }

  private showDirty(): void {
    if (!this.loaded) return;
    this.status.className = 'msg';
    put(this.status, this.dirty() ? A.unsaved : '');
  }

  private async save(): Promise<void> {
    const patch: Record<string, unknown> = {};
    for (const e of this.entries) {
      e.field?.setError('');
      this.groupError(e, '');
      const v = e.read();
      if (same(v, this.stored(e.key))) continue;
      const [a, b] = e.key.split('.');
      if (b) patch[a] = { ...(patch[a] as object), [b]: v };
      else patch[a] = v;
    }
    this.summary.hidden = true;
    if (!Object.keys(patch).length) {
      this.status.className = 'msg';
      return put(this.status, A.nothingChanged);
    }
    put(this.status, A.saving);
    try {
      const fresh = await this.d.api.onSite<SettingsView>('PATCH', '/settings', patch);
      this.loaded = fresh;
      for (const e of this.entries) e.write(this.stored(e.key));
      this.status.className = 'msg ok';
      put(this.status, A.saved(new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })));
    } catch (e) {
      put(this.status, '');
      this.showErrors(e);
    }
  }

  /** The server's 400 names each problem by the setting's key: each goes to its field, the rest to the summary. */
  private showErrors(e: unknown): void {
    const parts = e instanceof ApiError && e.status === 400 ? e.message.split('; ') : [failureText(e)];
    const byLength = [...this.entries].sort((a, b) => b.key.length - a.key.length);
    const items: HTMLElement[] = [];
    const seen = new Set<Entry>();
    for (const part of parts) {
      const entry = byLength.find((x) => new RegExp(`(^|[\\s.])${x.key.replace('.', '\\.')}(\\s|$)`).test(part));
      const text = entry ? part.replace(entry.key, `“${entry.label}”`).replace(/^each value in /, 'Each word in ') : part;
      if (entry && !seen.has(entry)) {
        seen.add(entry);
        if (entry.field) entry.field.setError(text);
        else this.groupError(entry, text);
      }
      const target = entry?.field?.control.id;
      items.push(h('li', null, target ? h('a', { href: `#${target}`, onclick: (ev: Event) => this.jump(ev, entry) }, text) : text));
    }
    put(this.summary, h('p', null, A.fixErrors(Math.max(1, seen.size))), h('ul', null, ...items));
    this.summary.hidden = false;
    this.summary.focus();
  }

  private jump(ev: Event, entry: Entry): void {
    ev.preventDefault();
    entry.field?.control.focus();
  }

  private groupError(e: Entry, text: string): void {
    const err = e.group?.querySelector<HTMLElement>('.field-err');
    if (!err) return;
    put(err, text);
    err.hidden = !text;
  }
}
