import { DELETE_ACCOUNT_CONFIRMATION, type AccountDeletion, type ReaderDataExport } from '../../../common/data-rights-contract';
import { ApiError, call } from '../shared/api';
import { h, put } from '../shared/dom';
import type { ExtrasHost } from './extras-api';
import { X } from './extras-strings';

/** The account menu's own styles, beside the widget's (same custom properties). */
export const ACCOUNT_CSS = `
.acct-panel{border:1px solid var(--bd);border-radius:var(--r);background:var(--bg);padding:.6em .8em;margin:0 0 1em}
.acct-panel h3,.acct-dialog h3{font-size:1.05em;margin:0 0 .4em}
.acct-actions{display:flex;flex-wrap:wrap;gap:.5em;margin:.4em 0}
button.danger{background:var(--dg);border-color:var(--dg);color:var(--bg);font-weight:600}
.acct-dialog{max-width:min(32em,calc(100vw - 2em));border:1px solid var(--bd);border-radius:var(--r);background:var(--bg);color:var(--t);padding:1em}
.acct-dialog::backdrop{background:rgba(0,0,0,.5)}
.acct-check{display:flex;gap:.5em;align-items:flex-start;margin:.6em 0}
`;

/** The menu's strings (extras-strings.ts, translated with the rest). */
const T = X.account;
/** What went wrong, for the reader: no connection, or the service's own message. */
const failed = (e: unknown) => (e instanceof ApiError && e.status === 0 ? T.offline : T.failed(e instanceof Error ? e.message : ''));

/** The widget's options, session and live region; deleted(): the account is gone, the widget forgets the token (embed-extras.js: see extras-api.ts). */
export type AccountContext = Pick<ExtrasHost, 'options' | 'session' | 'say' | 'uid' | 'deleted'>;

/**
 * The signed-in reader's account menu: a copy of their data (GET /me/data, saved as a file) and
 * deleting the account (DELETE /me) after a confirmation dialog.
 */
export class AccountMenu {
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
  private readonly note = h('p', { class: 'hint', role: 'status', tabindex: '-1' });
  private readonly actions: HTMLElement;
  private readonly dialog: HTMLDialogElement;
  private readonly check: HTMLInputElement;
  private readonly dialogError = h('p', { class: 'err', hidden: true });

  constructor(private readonly ctx: AccountContext) {
    const { uid } = ctx;
    const panelId = uid('acct');
    const headingId = uid('acct-h');
    this.button = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': panelId, hidden: true, onclick: () => this.toggle() }, T.menu);
    const download = h('button', { type: 'button', onclick: () => void this.download(download) }, T.download);
    const remove = h('button', { type: 'button', class: 'danger', onclick: () => this.ask() }, T.remove);
    this.panel = h(
      'div',
      { id: panelId, class: 'acct-panel', role: 'region', 'aria-labelledby': headingId, hidden: true },
      h('h3', { id: headingId }, T.heading),
      h('p', { class: 'hint' }, T.intro),
      (this.actions = h('div', { class: 'acct-actions' }, download, remove)),
      this.note,
    );
    const titleId = uid('acct-d');
    const textId = uid('acct-t');
    const checkId = uid('acct-c');
    this.check = h('input', { type: 'checkbox', id: checkId });
    const confirm = h('button', { type: 'button', class: 'danger', onclick: () => void this.remove(confirm) }, T.confirm);
    this.dialog = h(
      'dialog',
      { class: 'acct-dialog', 'aria-labelledby': titleId, 'aria-describedby': textId },
      h('h3', { id: titleId }, T.dialogTitle),
      h('p', { id: textId }, T.dialogText),
      h('div', { class: 'acct-check' }, this.check, h('label', { for: checkId }, T.understand)),
      this.dialogError,
      h('div', { class: 'acct-actions' }, confirm, h('button', { type: 'button', onclick: () => this.dialog.close() }, T.cancel)),
    );
    this.panel.append(this.dialog);
  }

  /** Shown to a signed-in reader only; closed when the reader changes. */
  refresh(): void {
    const signedIn = !!this.ctx.session.me;
    this.button.hidden = !signedIn;
    this.actions.hidden = !signedIn;
    if (!signedIn) this.setOpen(false);
  }

  private toggle(): void {
    this.setOpen(this.panel.hidden);
  }

  private setOpen(open: boolean): void {
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (!open) put(this.note, '');
  }

  private async download(button: HTMLButtonElement): Promise<void> {
    const { options: o, session } = this.ctx;
    button.disabled = true;
    put(this.note, T.downloading);
    try {
      const data = await call<ReaderDataExport>(o.base, 'GET', '/me/data', { token: session.token, site: o.site });
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = h('a', { href: url, download: `parley-data-${data.site.id}-${data.profile.id}.json`, hidden: true });
      this.panel.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      put(this.note, T.downloaded);
    } catch (e) {
      put(this.note, failed(e));
    } finally {
      button.disabled = false;
    }
  }

  private ask(): void {
    this.check.checked = false;
    this.dialogError.hidden = true;
    this.dialog.showModal();
    this.check.focus();
  }

  private async remove(button: HTMLButtonElement): Promise<void> {
    if (!this.check.checked) {
      put(this.dialogError, T.tickFirst);
      this.dialogError.hidden = false;
      this.check.focus();
      return;
    }
    const { options: o, session } = this.ctx;
    button.disabled = true;
    try {
      const r = await call<AccountDeletion>(o.base, 'DELETE', '/me', { token: session.token, site: o.site, body: { confirm: DELETE_ACCOUNT_CONFIRMATION } });
      this.dialog.close();
      const text = r.mode === 'delete' ? T.deletedRemoved(r.comments) : T.deletedKept(r.comments);
      this.ctx.deleted();
      this.ctx.say(text);
      // Signed out now: the panel stays only to say what happened.
      put(this.note, text);
      this.panel.hidden = false;
      this.note.focus();
    } catch (e) {
      put(this.dialogError, failed(e));
      this.dialogError.hidden = false;
    } finally {
      button.disabled = false;
    }
  }
}
