import type { ImportReport } from '../../../common/import-contract';
import { ApiError } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { addStyles, radioGroup } from './admin-parts';
import { I } from './admin-strings';
import type { Desk } from './dashboard';
import { exportCard } from './export-links';
import { reportCard } from './import-report';
import { streamImport } from './import-stream';
import { busyForm, failureText, Field, input, messageLine } from './forms';

/**
 * The admins' import screen: a file, its format and how threads become articles; a dry run first,
 * whose report (counts per article, the first mappings, what is skipped and why) opens the way to
 * the import itself, whose progress the server streams; then its summary.
 */
export class ImportScreen {
  private readonly heading = h('h2', { id: 'import-h', tabindex: '-1' }, I.title);
  private readonly msg = messageLine();
  private readonly file: Field<HTMLInputElement>;
  private readonly format = radioGroup(I.format, I.formats, 'disqus');
  private readonly mapping: ReturnType<typeof radioGroup>;
  private readonly pattern: Field<HTMLInputElement>;
  private readonly dryButton = h('button', { type: 'submit', class: 'pri' }, I.dryRun);
  private readonly runButton: HTMLButtonElement;
  private readonly barWrap = h('div', { class: 'bar-wrap', hidden: true });
  private readonly barLabel = h('span', { class: 'lbl', id: uid('bar') });
  private readonly bar = h('div', { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' });
  private readonly barFill = h('div');
  private readonly barText = h('p', { class: 'meta' });
  private readonly report = h('div', { class: 'report' });
  /** The file, format and mapping the last finished dry run read: the import is offered for exactly these. */
  private dryKey: string | null = null;
  private running = false;
  private said = -1;

  constructor(
    private readonly d: Desk,
    readonly root: HTMLElement,
  ) {
    addStyles();
    this.file = new Field(I.fileLabel, input({ type: 'file', accept: '.xml,.json,.jsonl,.ndjson,.txt,application/xml,application/json,text/xml' }), I.fileHelp);
    this.pattern = new Field(I.pattern, input({ maxlength: '500', autocomplete: 'off', spellcheck: 'false' }), I.patternHelp);
    this.pattern.el.hidden = true;
    this.mapping = radioGroup(I.mapping, I.mappings, 'identifier', (m) => {
      this.pattern.el.hidden = m !== 'pattern';
      this.changed();
    });
    const hintId = uid('run-h');
    this.runButton = h('button', { type: 'button', class: 'ok', disabled: true, 'aria-describedby': hintId }, I.run);
    this.runButton.addEventListener('click', () => void this.start(false));
    for (const el of [this.file.control, this.pattern.control]) el.addEventListener('change', () => this.changed());
    this.format.el.addEventListener('change', () => this.changed());
    this.bar.setAttribute('aria-labelledby', this.barLabel.id);
    this.bar.append(this.barFill);
    put(this.barWrap, this.barLabel, this.bar, this.barText);
    put(
      root,
      this.heading,
      h('p', { class: 'meta' }, I.intro),
      busyForm(
        this.dryButton,
        () => this.start(true),
        'card importer',
        this.msg.el,
        this.file.el,
        this.format.el,
        this.mapping.el,
        this.pattern.el,
        h('p', { class: 'meta hint', id: hintId }, I.runHelp),
        h('div', { class: 'acts' }, this.dryButton, this.runButton),
      ),
      this.barWrap,
      this.report,
      exportCard(d),
    );
  }

  /** Shows the screen; `focus`: puts focus on its heading. */
  open(focus = true): Promise<void> {
    if (focus) this.heading.focus();
    return Promise.resolve();
  }

  /** What the next run would read: one dry run per file, format and mapping. */
  private key(): string | null {
    const f = this.file.control.files?.[0];
    if (!f) return null;
    return JSON.stringify([f.name, f.size, f.lastModified, this.format.value(), this.mapping.value(), this.pattern.control.value.trim()]);
  }

  private changed(): void {
    if (this.running) return;
    const ready = this.dryKey !== null && this.key() === this.dryKey;
    if (this.dryKey !== null && !ready) {
      this.dryKey = null;
      this.msg.show(I.changed);
    }
    this.runButton.disabled = !ready;
  }

  private async start(dryRun: boolean): Promise<void> {
    if (this.running) return;
    const f = this.file.control.files?.[0];
    this.msg.show('');
    this.file.setError('');
    this.pattern.setError('');
    this.format.setError('');
    if (!f) return void (this.file.setError(I.needFile), this.file.control.focus());
    const mapping = this.mapping.value();
    const pattern = this.pattern.control.value.trim();
    if (mapping === 'pattern' && !pattern) return void (this.pattern.setError(I.needPattern), this.pattern.control.focus());
    if (!dryRun && this.key() !== this.dryKey) return this.msg.show(I.changed);
    const key = this.key();
    const me = this.d.api.me;
    this.setRunning(true);
    this.progress(null, I.progressLabel(dryRun), I.uploading(f.name));
    put(this.report);
    const end: { report: ImportReport | null; failed: unknown } = { report: null, failed: null };
    try {
      await streamImport(
        {
          file: f,
          site: me?.session ? me.site : undefined,
          format: this.format.value(),
          mapping,
          pattern,
          dryRun,
          token: me?.token,
          session: !!me?.session,
          csrf: me?.session?.csrfToken,
        },
        (line) => {
          if (line.type === 'progress') {
            const pct = line.total ? Math.min(100, Math.floor((line.bytes / line.total) * 100)) : 0;
            this.progress(pct, I.progressLabel(dryRun), I.progressText(pct, line.comments));
          } else if (line.type === 'report') {
            end.report = line.report;
          } else {
            end.failed = new ApiError(400, line.code, Array.isArray(line.message) ? line.message.join('; ') : String(line.message));
          }
        },
      );
    } catch (e) {
      end.failed = e;
    }
    this.setRunning(false);
    if (end.report) {
      const r = end.report;
      this.progress(100, I.progressLabel(dryRun), I.progressText(100, r.comments.read));
      this.dryKey = dryRun ? key : null;
      this.runButton.disabled = !dryRun || this.key() !== key;
      const shown = reportCard(r);
      put(this.report, shown.el);
      shown.heading.focus();
      if (dryRun) this.msg.show(I.readyToImport, 'ok');
      this.d.say(dryRun ? I.drySummary(r.comments.imported, r.articles.count) : I.doneSummary(r.comments.imported, r.articles.count));
      return;
    }
    this.barWrap.hidden = true;
    this.showFailure(end.failed ?? new Error(I.failed));
  }

  private setRunning(on: boolean): void {
    this.running = on;
    this.said = -1;
    this.dryButton.disabled = on;
    if (on) this.runButton.disabled = true;
    for (const el of Array.from(this.root.querySelectorAll<HTMLInputElement>('form.importer input'))) el.disabled = on;
    this.root.setAttribute('aria-busy', String(on));
  }

  /** The bar: `pct` null while the file is still on its way (no value yet), else 0-100, said at each quarter. */
  private progress(pct: number | null, label: string, text: string): void {
    this.barWrap.hidden = false;
    put(this.barLabel, label);
    put(this.barText, text);
    if (pct === null) {
      this.bar.removeAttribute('aria-valuenow');
      this.bar.setAttribute('aria-valuetext', text);
      this.barFill.style.width = '0';
      return;
    }
    this.bar.setAttribute('aria-valuenow', String(pct));
    this.bar.setAttribute('aria-valuetext', text);
    this.barFill.style.width = `${pct}%`;
    const quarter = Math.floor(pct / 25);
    if (quarter > this.said && pct < 100) {
      this.said = quarter;
      this.d.say(I.progressSay(pct));
    }
  }

  private showFailure(e: unknown): void {
    const code = e instanceof ApiError ? e.code : '';
    if (code === 'INVALID_PATTERN') {
      this.pattern.setError(`${I.badPattern} ${(e as ApiError).message}`);
      this.pattern.control.focus();
      return;
    }
    const text = failureText(e, {
      NOTHING_TO_IMPORT: I.nothing,
      IMPORT_UNREADABLE: I.unreadable(e instanceof ApiError ? e.message : ''),
    });
    this.msg.show(code === 'IMPORT_UNREADABLE' ? `${text} ${I.partial}` : text);
    if (code === 'NOTHING_TO_IMPORT' || code === 'IMPORT_UNREADABLE') this.format.focus();
    else this.file.control.focus();
  }
}
