import { DEFAULT_SITE_ID, type InvitationView, type StaffLinkView, type StaffMemberView, STAFF_ROLES } from '../../../common/staff-contract';
import { enc } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { fullTime } from '../shared/time';
import { A } from './account-strings';
import type { Desk } from './dashboard';
import { busy, busyForm, copyable, failureText, Field, input, messageLine } from './forms';

const roleSelect = (value: string, props: Record<string, unknown> = {}) =>
  h('select', props, ...STAFF_ROLES.map((r) => h('option', { value: r, selected: r === value }, A.roles[r])));

/** A one-time link, shown once: the full address in a read-only field, with a copy button. */
function linkBox(text: string, path: string): HTMLElement {
  const url = new URL(path, location.origin).href;
  const c = copyable({ label: A.linkLabel, value: url, button: A.copy, copied: A.copied, byHand: A.copyByHand });
  return h('div', { class: 'msg ok linkbox' }, h('p', null, text), c.label, c.row);
}

/** The admins' staff screen: who has a role on the chosen site, invitations to it, role changes, removal and reset links. */
export class StaffScreen {
  private readonly heading = h('h2', { id: 'staff-h', tabindex: '-1' }, A.staffTitle);
  private readonly list = h('ul', { class: 'staff', 'aria-labelledby': 'staff-h' });
  /** The invitation form's outcome: the link to hand over, or what went wrong. */
  private readonly inviteOut = h('div');
  /** The site this screen acts on (the dashboard draws it anew when another is chosen). */
  private readonly site: string;

  constructor(
    private readonly d: Desk,
    readonly root: HTMLElement,
  ) {
    const me = d.api.me;
    this.site = me?.site ?? DEFAULT_SITE_ID;
    const siteName = me?.sites.find((x) => x.id === this.site)?.name ?? this.site;
    const email = new Field(A.inviteEmail, input({ type: 'email', autocomplete: 'off', spellcheck: 'false', maxlength: '254' }));
    const role = new Field(A.inviteRole, roleSelect('moderator'), A.roleHelp);
    const msg = messageLine();
    const submit = h('button', { type: 'submit', class: 'pri' }, A.invite);
    const invite = async () => {
      msg.show('');
      email.setError('');
      put(this.inviteOut);
      const address = email.control.value.trim();
      if (!address) return void (email.setError(A.needEmail), email.control.focus());
      try {
        const inv = await d.api.send<InvitationView>('POST', '/staff/invitations', { email: address, role: role.control.value, siteId: this.site });
        put(this.inviteOut, linkBox(A.linkReady(inv.email, A.roles[inv.role], siteName, fullTime(inv.expiresAt)), inv.path));
        email.control.value = '';
        this.inviteOut.querySelector('input')?.focus();
        void this.load();
      } catch (e) {
        msg.show(failureText(e, { ALREADY_STAFF: A.alreadyStaff }));
        email.control.focus();
      }
    };
    put(
      root,
      this.heading,
      h('p', { class: 'meta' }, A.staffIntro(siteName)),
      this.list,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'invite-h' },
        h('h3', { id: 'invite-h' }, A.inviteTitle),
        busyForm(submit, invite, 'invite', msg.el, email.el, role.el, submit),
        this.inviteOut,
      ),
    );
  }

  /** Draws the screen; `focus`: puts focus on its heading (not when the site was just switched from the header). */
  async open(focus = true): Promise<void> {
    if (focus) this.heading.focus();
    await this.load();
  }

  private async load(): Promise<void> {
    try {
      const { items } = await this.d.api.send<{ items: StaffMemberView[] }>('GET', `/staff?siteId=${enc(this.site)}`);
      put(this.list, ...(items.length ? items.map((m) => this.member(m)) : [h('li', { class: 'empty' }, A.staffEmpty)]));
    } catch (e) {
      put(this.list, h('li', { class: 'err' }, failureText(e)));
    }
  }

  private member(m: StaffMemberView): HTMLElement {
    const self = m.id === this.d.api.me?.session?.staff.id;
    const hid = uid('m');
    const msg = messageLine();
    const out = h('div');
    const li = h('li', { class: 'member', 'aria-labelledby': hid });
    const facts = [m.owner ? A.owner : A.roles[m.role], !m.hasPassword ? A.invited : '', m.totpEnabled ? A.totpOn : '', m.disabled ? A.disabled : ''].filter(
      Boolean,
    );
    const acts = h('div', { class: 'acts', role: 'group', 'aria-label': A.actionsFor(m.name) });
    const act = (label: string, work: () => Promise<void>) => {
      const b = h('button', { type: 'button' }, label);
      b.addEventListener('click', () => void busy(b, work));
      return b;
    };
    const fail = (e: unknown) => msg.show(failureText(e));
    if (!self && !m.owner) {
      const selId = uid('role');
      const sel = roleSelect(m.role, { id: selId });
      const change = act(A.changeRole, async () => {
        try {
          const r = await this.d.api.send<{ role: string }>('PATCH', `/staff/${enc(m.id)}/roles`, { siteId: this.site, role: sel.value });
          m.role = r.role as StaffMemberView['role'];
          msg.show(A.roleChanged(m.name, A.roles[r.role]), 'ok');
        } catch (e) {
          sel.value = m.role;
          fail(e);
        }
      });
      const remove = act(A.remove, () => {
        const yes = act(A.confirm, async () => {
          try {
            await this.d.api.send('PATCH', `/staff/${enc(m.id)}/roles`, { siteId: this.site, role: null });
            this.d.say(A.removed(m.name));
            await this.load();
            this.heading.focus();
          } catch (e) {
            put(out);
            fail(e);
            remove.focus();
          }
        });
        yes.className = 'no';
        const no = act(A.cancel, () => {
          put(out);
          remove.focus();
          return Promise.resolve();
        });
        put(out, h('div', { class: 'msg confirm', role: 'group', 'aria-label': A.confirmRemove(m.name) }, h('p', null, A.confirmRemove(m.name)), yes, ' ', no));
        yes.focus();
        return Promise.resolve();
      });
      remove.className = 'no';
      acts.append(h('label', { for: selId }, A.roleOf(m.name)), sel, change, remove);
    }
    if (!self) {
      acts.append(
        act(A.resetLink, async () => {
          try {
            const link = await this.d.api.send<StaffLinkView>('POST', `/staff/${enc(m.id)}/password-reset-link`);
            put(out, linkBox(A.resetReady(link.email, fullTime(link.expiresAt)), link.path));
            out.querySelector('input')?.focus();
          } catch (e) {
            fail(e);
          }
        }),
      );
    }
    put(
      li,
      h('h3', { id: hid }, m.name, self ? ` ${A.you}` : ''),
      h('p', { class: 'meta' }, m.email),
      h('ul', { class: 'chips' }, ...facts.map((f) => h('li', null, f))),
      acts.childNodes.length ? acts : null,
      msg.el,
      out,
    );
    return li;
  }
}
