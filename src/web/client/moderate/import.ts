import type { ErrorBody } from '../../../common/contract';
import type { ImportReport } from '../../../common/import-contract';
import { ApiError, onSite } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { addStyles, radioGroup } from './admin-parts';
import { I } from './admin-strings';
import type { Desk } from './dashboard';
import { busyForm, failureText, Field, input, messageLine } from './forms';

const NDJSON = 'application/x-ndjson';

/** One line of the NDJSON answer: progress after each batch, then the report or an error. */
export type ImportLine =
  | { type: 'progress'; total: number; bytes: number; comments: number; imported: number; alreadyImported: number; skipped: number }
  | { type: 'report'; report: ImportReport }
  | ({ type: 'error' } & ErrorBody);

export interface ImportRequest {
  file: Blob;
  site?: string;
  format: string;
  mapping: string;
  pattern?: string;
  dryRun: boolean;
  token?: string | null;
  session?: boolean;
  csrf?: string | null;
}

/**
 * POST /import with the file itself as the body (the browser streams it from disk: it is never
 * read into memory here), asking for NDJSON; each line is handed to `onLine` as it arrives.
 * A refusal before the stream (4xx) throws an ApiError; an error line midway is handed over too.
 */
export async function streamImport(r: ImportRequest, onLine: (line: ImportLine) => void): Promise<void> {
  const q = new URLSearchParams({ format: r.format, mapping: r.mapping, dryRun: String(r.dryRun) });
  if (r.mapping === 'pattern' && r.pattern) q.set('pattern', r.pattern);
  const headers: Record<string, string> = { accept: NDJSON, 'content-type': 'application/octet-stream' };
  if (r.token) headers.authorization = `Bearer ${r.token}`;
  if (r.csrf) headers['x-csrf-token'] = r.csrf;
  let res: Response;
  try {
    res = await fetch(`/api/v1${onSite(`/import?${q}`, r.site)}`, {
      method: 'POST',
      headers,
      body: r.file,
      credentials: r.session ? 'same-origin' : 'omit',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  if (!res.ok || !res.body) {
    const err = ((await res.json().catch(() => null)) ?? {}) as Partial<ErrorBody>;
    const message = Array.isArray(err.message) ? err.message.join('; ') : String(err.message ?? res.statusText);
    throw new ApiError(res.status, String(err.code ?? `HTTP_${res.status}`), message, Number(res.headers.get('retry-after')) || undefined);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) rest += value;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (line) onLine(JSON.parse(line) as ImportLine);
    }
    if (done) break;
  }
  if (rest.trim()) onLine(JSON.parse(rest) as ImportLine);
}

const n = (x: number) => x.toLocaleString('en-GB');

/** GET with a bearer token, the answer saved under the name the server gives it. */
async function downloadWithToken(url: string, token: string): Promise<void> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'parley-export';
  const href = URL.createObjectURL(await res.blob());
  const a = h('a', { href, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** A table with a caption, its header row and rows of text. */
function table(caption: string, head: string[], rows: string[][], className?: string): HTMLTableElement {
  return h(
    'table',
    { class: className },
    h('caption', null, caption),
    h('thead', null, h('tr', null, ...head.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((c) => h('td', null, c))))),
  );
}

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
      this.exportCard(),
    );
  }

  /**
   * Download links for the site's export. Signed in with a staff session the browser fetches the
   * link itself (the cookie goes with it) and streams the file to disk; with a token, which a
   * link cannot carry, the file is fetched here and handed over as a Blob.
   */
  private exportCard(): HTMLElement {
    const hid = uid('exp');
    const status = messageLine();
    const href = () => {
      const me = this.d.api.me;
      return `/api/v1${onSite(`/export?format=`, me?.session ? me.site : undefined)}`;
    };
    const link = (format: 'ndjson' | 'disqus', label: string) => {
      const a = h('a', { href: href().replace('format=', `format=${format}`), download: '', class: 'export-link' }, label);
      a.addEventListener('click', (e) => {
        // The site chosen now (the admin may have switched since the screen was drawn).
        a.href = href().replace('format=', `format=${format}`);
        const now = this.d.api.me;
        if (now?.session || !now?.token) return; // the browser downloads it with the session cookie
        e.preventDefault();
        status.show(I.exporting);
        void downloadWithToken(a.href, now.token).then(
          () => status.show(''),
          () => status.show(I.exportFailed),
        );
      });
      return a;
    };
    return h(
      'section',
      { class: 'card', 'aria-labelledby': hid },
      h('h3', { id: hid }, I.exportTitle),
      h('p', { class: 'meta' }, I.exportIntro),
      status.el,
      h('p', null, link('ndjson', I.exportNdjson)),
      h('p', null, link('disqus', I.exportDisqus), h('br'), h('span', { class: 'meta' }, I.exportDisqusHelp)),
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
      this.showReport(r);
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

  private showReport(r: ImportReport): void {
    const hid = uid('rep');
    const heading = h('h3', { id: hid, tabindex: '-1' }, r.dryRun ? I.dryTitle : I.doneTitle);
    const c = r.comments;
    const byReason = Object.entries(r.skipped.byReason);
    put(
      this.report,
      h(
        'section',
        { class: 'card', 'aria-labelledby': hid },
        heading,
        h('p', { class: 'summary' }, r.dryRun ? I.drySummary(c.imported, r.articles.count) : I.doneSummary(c.imported, r.articles.count)),
        h(
          'dl',
          { class: 'facts', 'aria-label': I.totals },
          ...(
            [
              [I.threads, I.threadsText(r.threads.read, r.threads.mapped, r.threads.skipped)],
              [I.comments, I.commentsText(c.read, c.imported, c.alreadyImported, c.skipped)],
              [I.statuses, I.statusesText(c.statuses)],
              [I.replies, I.repliesText(c.replies, c.reRooted, c.flattened)],
              [I.likes, I.likesText(r.likes.imported, r.likes.notImported)],
              [I.users, n(r.users)],
              [I.time, I.seconds(r.durationMs)],
            ] as [string, string][]
          ).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
        ),
        r.articles.sample.length
          ? [
              table(
                I.perArticle,
                [I.colArticle, I.colComments],
                r.articles.sample.map((a) => [a.articleId, n(a.comments)]),
                'per-article',
              ),
              r.articles.count > r.articles.sample.length ? h('p', { class: 'meta' }, I.perArticleMore(r.articles.sample.length, r.articles.count)) : null,
            ]
          : null,
        r.mappings.length
          ? table(
              I.mappingsTitle,
              [I.colThread, I.colSource, I.colTitle, I.colMapped],
              r.mappings.map((m) => [
                m.thread,
                [m.identifier, m.url].filter(Boolean).join(' · '),
                m.title ?? '',
                m.articleId ?? (m.skipped ? I.unmapped(m.skipped) : '—'),
              ]),
              'mappings',
            )
          : null,
        h('h4', null, I.skippedTitle),
        r.skipped.total
          ? [
              h('p', null, I.skippedByReason),
              h('ul', null, ...byReason.map(([why, count]) => h('li', null, `${why}: ${n(count)}`))),
              table(
                I.skippedItems,
                [I.colItem, I.colReason],
                r.skipped.items.map((x) => [x.item, x.reason]),
                'skipped',
              ),
              r.skipped.total > r.skipped.items.length ? h('p', { class: 'meta' }, I.skippedFirst(r.skipped.items.length, r.skipped.total)) : null,
            ]
          : h('p', { class: 'meta' }, I.noneSkipped),
      ),
    );
    heading.focus();
  }
}
