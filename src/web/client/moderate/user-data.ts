import type { AccountDeletion, ReaderDataExport } from '../../../common/data-rights-contract';
import type { UserPanelView } from '../../../common/contract';
import { h, put, uid } from '../shared/dom';
import type { Desk } from './dashboard';

const enc = encodeURIComponent;

/**
 * The user panel's "Personal data" part, for admins: a copy of everything the site holds about
 * the reader (GET /moderation/users/{id}/data) and deleting their account (DELETE
 * /moderation/users/{id}) after a dialog in which the admin types the reader's id. Both are
 * written to the moderation log by the server.
 */
export function userDataSection(d: Desk, u: UserPanelView['user'], deleted: () => void): HTMLElement | null {
  if (d.api.me?.role !== 'admin' || u.role !== 'reader') return null;
  const msg = h('p', { class: 'msg', role: 'status' });
  const download = h('button', { type: 'button' }, 'Download their data');
  download.addEventListener('click', () => {
    void (async () => {
      download.disabled = true;
      put(msg, '');
      try {
        const data = await d.api.onSite<ReaderDataExport>('GET', `/moderation/users/${enc(u.id)}/data`);
        const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
        const a = h('a', { href: url, download: `parley-data-${data.site.id}-${u.id}.json`, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        const n = data.comments.length;
        put(msg, `Their data was downloaded (${n === 1 ? 'one comment' : `${n} comments`}). This is in the moderation log.`);
      } catch (e) {
        put(msg, (e as Error).message);
      } finally {
        download.disabled = false;
      }
    })();
  });

  const titleId = uid('del-t');
  const textId = uid('del-x');
  const inputId = uid('del-i');
  const typed = h('input', { type: 'text', id: inputId, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${inputId}-h` });
  const err = h('p', { class: 'err', role: 'alert' });
  const confirm = h('button', { type: 'submit', class: 'no' }, 'Delete account');
  const dialog = h(
    'dialog',
    { class: 'user-del', 'aria-labelledby': titleId, 'aria-describedby': textId },
    h(
      'form',
      {
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void remove();
        },
      },
      h('h3', { id: titleId }, `Delete ${u.name}’s account?`),
      h(
        'p',
        { id: textId },
        'Their comments are removed or kept as “Deleted user”, as the site’s settings say; their name, email, likes, reports and notifications are removed. This cannot be undone and is written to the moderation log.',
      ),
      h('label', { for: inputId }, 'Type their ID to confirm'),
      h('p', { class: 'meta', id: `${inputId}-h` }, u.id),
      typed,
      err,
      h('p', null, confirm, ' ', h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')),
    ),
  );
  const remove = async () => {
    put(err, '');
    if (typed.value.trim() !== u.id) return void (put(err, 'The ID typed is not this user’s.'), typed.focus());
    confirm.disabled = true;
    try {
      const r = await d.api.onSite<AccountDeletion>('DELETE', `/moderation/users/${enc(u.id)}`, { confirm: u.id });
      dialog.close();
      d.say(`${u.name}’s account was deleted; ${r.comments} comments ${r.mode === 'delete' ? 'removed' : 'kept as “Deleted user”'}.`);
      deleted();
    } catch (e) {
      put(err, (e as Error).message);
    } finally {
      confirm.disabled = false;
    }
  };
  // Set through the CSSOM: the dashboard's policy allows no style attributes.
  dialog.style.maxWidth = 'min(36em, calc(100vw - 2em))';
  const open = h('button', { type: 'button', class: 'no' }, 'Delete account…');
  open.addEventListener('click', () => {
    typed.value = '';
    put(err, '');
    dialog.showModal();
    typed.focus();
  });
  return h('section', { 'aria-labelledby': `${titleId}-s` }, h('h3', { id: `${titleId}-s` }, 'Personal data'), h('p', null, download, ' ', open), msg, dialog);
}
