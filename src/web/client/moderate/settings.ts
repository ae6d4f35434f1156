import { ApiError } from '../shared/api';
import { h, put } from '../shared/dom';
import { A } from './account-strings';
import type { Desk } from './dashboard';
import { busy, failureText } from './forms';
import {
  type Entry,
  guidelinesField,
  localeField,
  mailFromField,
  numberFields,
  otherField,
  premoderationField,
  reasonsField,
  wordsField,
} from './settings-controls';
import { DATA_KEYS, dataFields } from './settings-data';
import { S } from './strings';
import { COMMENT_NUMBERS, keysOf, RATE_NUMBERS, REVIEW_NUMBERS, type SettingsView, WORD_LISTS } from './settings-fields';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The admins' settings screen: every setting of the chosen site's GET /settings in one form, saved with one PATCH of what changed.
 * Each setting's control is in settings-controls.ts (the Readers' data group's in settings-data.ts).
 */
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
    const push = (e: Entry) => this.entries.push(e);
    const changed = () => this.showDirty();
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
        this.fieldset('Holding comments for review', premoderationField(s, push), ...numberFields(REVIEW_NUMBERS, s, push)),
        this.fieldset('Words', ...WORD_LISTS.map((w) => wordsField(w, s, push, changed))),
        this.fieldset('Comments', ...numberFields(COMMENT_NUMBERS, s, push)),
        this.fieldset('Rate limits', ...numberFields(RATE_NUMBERS, s, push)),
        s.rejectReasons === undefined ? null : this.fieldset('Rejecting', reasonsField(s.rejectReasons, push)),
        s.guidelines === undefined ? null : this.fieldset('Readers', guidelinesField(s.guidelines, push)),
        s.locale === undefined && s.mailFrom === undefined
          ? null
          : this.fieldset(
              'Email',
              s.locale === undefined ? null : localeField(s.locale, push),
              s.mailFrom === undefined ? null : mailFromField(s.mailFrom, push),
            ),
        this.fieldset('Readers’ data', ...dataFields(s as unknown as Record<string, unknown>, push)),
        others.length ? this.fieldset('Other settings', ...others.map((k) => otherField(k, this.stored(k), push))) : null,
        h('div', { class: 'savebar' }, save, this.status),
      ),
    );
  }

  private fieldset(legend: string, ...children: (HTMLElement | null)[]): HTMLFieldSetElement {
    return h('fieldset', { class: 'group' }, h('legend', null, legend), ...children);
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
