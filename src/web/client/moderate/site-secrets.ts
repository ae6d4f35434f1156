import type { SiteView, SiteWithSecretView } from '../../../common/staff-contract';
import { ApiError, enc } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { A } from './account-strings';
import type { Desk } from './dashboard';
import { busy, busyForm, copyable, failureText, Field, messageLine } from './forms';

/** Draws the site's part anew from the service's answer (with a note said in one section), returning where it drew. */
export type Redraw = (site: SiteView, note?: { text: string; focus?: 'secrets' | 'key' }) => HTMLElement;

/** A section of the site's part, and a way to say how a change went there (focus on its heading). */
export interface Said {
  el: HTMLElement;
  say(text: string): void;
}

/** A secret shown this once: the warning, the value in a read-only field and its copy button. */
export function secretBox(label: string, secret: string, intro?: string): HTMLElement {
  const warn = uid('warn');
  const c = copyable({
    label,
    value: secret,
    button: A.copySecret,
    copied: A.secretCopied,
    byHand: A.copySecretByHand,
    describedBy: warn,
    className: 'link secret',
  });
  return h(
    'div',
    { class: 'msg secretbox' },
    intro ? h('p', null, intro) : null,
    h('p', { id: warn }, h('strong', null, A.secretOnce), ' ', A.secretKeep),
    c.label,
    c.row,
  );
}

/** A "Remove …? Yes / Cancel" question in `out`, focused on Yes; Cancel (or a failure) returns focus to `back`. */
export function confirmIn(out: HTMLElement, question: string, back: HTMLElement, yes: () => Promise<void>): void {
  const yesButton = h('button', { type: 'button', class: 'no' }, A.yesRemove);
  yesButton.addEventListener('click', () => void busy(yesButton, yes));
  const no = h('button', { type: 'button', onclick: () => (put(out), back.focus()) }, A.cancel);
  put(out, h('div', { class: 'msg confirm', role: 'group', 'aria-label': question }, h('p', null, question), yesButton, ' ', no));
  yesButton.focus();
}

/** The HS256 secrets by fingerprint; a new one (shown once), and removing one after a question. */
export function secretsSection(d: Desk, site: SiteView, redraw: Redraw): Said {
  const hid = uid('secrets');
  const msg = messageLine();
  const add = h('button', { type: 'button' }, A.addSecret);
  add.addEventListener(
    'click',
    () =>
      void busy(add, async () => {
        try {
          const made = await d.api.send<SiteWithSecretView>('POST', `/sites/${enc(site.id)}/secrets`);
          const box = redraw(made.site).querySelector<HTMLElement>('.secrets-out');
          if (!box) return;
          put(box, secretBox(A.secretLabel, made.secret, A.secretAdded));
          box.querySelector<HTMLElement>('input')?.focus();
        } catch (e) {
          msg.show(failureText(e));
        }
      }),
  );
  const items = site.secrets.map((s) => {
    const facts = [s.source === 'environment' ? A.fromEnvironment : A.fromSite, s.signing ? A.signing : ''].filter(Boolean);
    const rowOut = h('div');
    const li = h('li', { class: 'secret' }, h('code', null, A.fingerprint(s.id)), h('ul', { class: 'chips' }, ...facts.map((f) => h('li', null, f))));
    if (s.source === 'site') {
      const remove = h('button', { type: 'button', class: 'no', 'aria-label': A.removeSecret(s.id) }, A.removeSecretShort);
      remove.addEventListener('click', () =>
        confirmIn(rowOut, A.confirmRemoveSecret(s.id), remove, async () => {
          try {
            redraw(await d.api.send<SiteView>('DELETE', `/sites/${enc(site.id)}/secrets/${enc(s.id)}`), {
              text: A.secretRemoved(s.id),
              focus: 'secrets',
            });
          } catch (e) {
            put(rowOut);
            msg.show(failureText(e, { LAST_SECRET: A.lastSecret }));
            remove.focus();
          }
        }),
      );
      li.append(remove, rowOut);
    }
    return li;
  });
  const heading = h('h4', { id: hid, tabindex: '-1' }, A.secretsTitle);
  const el = h(
    'section',
    { class: 'sub', 'aria-labelledby': hid },
    heading,
    h('p', { class: 'meta' }, A.secretsHelp),
    h('p', { class: 'meta' }, A.rotateHelp),
    msg.el,
    h('ul', { class: 'secrets', 'aria-label': A.secretsListLabel }, ...items),
    add,
    h('div', { class: 'secrets-out' }),
  );
  return {
    el,
    say: (text) => {
      msg.show(text, 'ok');
      heading.focus();
    },
  };
}

/** The RS256 public key: pasted as PEM and checked by the service; removed after a question. */
export function publicKeySection(d: Desk, site: SiteView, redraw: Redraw): Said {
  const hid = uid('rs');
  const msg = messageLine();
  const out = h('div');
  const pem = new Field(A.rsLabel, h('textarea', { rows: '6', spellcheck: 'false', autocomplete: 'off', class: 'pem' }), A.rsHelp);
  pem.control.value = site.rsPublicKey ?? '';
  const submit = h('button', { type: 'submit', class: 'pri' }, A.saveKey);
  const save = async () => {
    msg.show('');
    pem.setError('');
    const value = pem.control.value.trim();
    if (!value) return void (pem.setError(A.needKey), pem.control.focus());
    try {
      redraw(await d.api.send<SiteView>('PATCH', `/sites/${enc(site.id)}`, { rsPublicKey: value }), { text: A.keySaved, focus: 'key' });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INVALID_PUBLIC_KEY') pem.setError(A.keyInvalid);
      else msg.show(failureText(e));
      pem.control.focus();
    }
  };
  const remove = h('button', { type: 'button', class: 'no' }, A.removeKey);
  remove.addEventListener('click', () =>
    confirmIn(out, A.confirmRemoveKey, remove, async () => {
      try {
        redraw(await d.api.send<SiteView>('PATCH', `/sites/${enc(site.id)}`, { rsPublicKey: null }), { text: A.keyRemoved, focus: 'key' });
      } catch (e) {
        put(out);
        msg.show(failureText(e));
        remove.focus();
      }
    }),
  );
  const heading = h('h4', { id: hid, tabindex: '-1' }, A.rsTitle);
  const el = h(
    'section',
    { class: 'sub', 'aria-labelledby': hid },
    heading,
    h('p', { class: 'meta' }, site.rsPublicKey ? A.rsIsSet : A.rsNone),
    msg.el,
    busyForm(submit, save, 'rs-key', pem.el, h('div', { class: 'acts' }, submit, site.rsPublicKey ? remove : null)),
    out,
  );
  return {
    el,
    say: (text) => {
      msg.show(text, 'ok');
      heading.focus();
    },
  };
}
