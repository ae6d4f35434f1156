import { SITE_ID, type SiteWithSecretView } from '../../../common/staff-contract';
import { ApiError } from '../shared/api';
import { h, put } from '../shared/dom';
import { A } from './account-strings';
import type { Desk } from './dashboard';
import { busyForm, failureText, Field, input, messageLine } from './forms';
import { readOrigins } from './site-origins';
import { secretBox } from './site-secrets';

/** The owners' part of the sites screen: every site (with a way to work on another), and the form that creates one. */
export class OwnerSites {
  private readonly siteList = h('ul', { class: 'sites', 'aria-label': A.allSitesLabel });
  readonly el: HTMLElement;

  constructor(private readonly d: Desk) {
    this.el = this.form();
  }

  private form(): HTMLElement {
    const msg = messageLine();
    const out = h('div');
    const id = new Field(A.siteId, input({ maxlength: '63', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none' }), A.createIdHelp);
    const name = new Field(A.siteName, input({ maxlength: '100', autocomplete: 'off' }), A.siteNameHelp);
    const origins = new Field(A.origins, h('textarea', { rows: '3', spellcheck: 'false', autocomplete: 'off' }), A.originsHelp);
    const submit = h('button', { type: 'submit', class: 'pri' }, A.createSite);
    const create = async () => {
      msg.show('');
      put(out);
      for (const f of [id, name, origins]) f.setError('');
      const siteId = id.control.value.trim();
      const siteName = name.control.value.trim();
      const o = readOrigins(origins.control.value);
      if (!siteId) id.setError(A.needSiteId);
      else if (!SITE_ID.test(siteId)) id.setError(A.badSiteId);
      if (!siteName) name.setError(A.needSiteName);
      if (o.errors.length) origins.setError(o.errors.join(' '));
      const first = [id, name, origins].find((f) => f.control.getAttribute('aria-invalid') === 'true');
      if (first) return void first.control.focus();
      try {
        const made = await this.d.api.send<SiteWithSecretView>('POST', '/sites', { id: siteId, name: siteName, origins: o.origins });
        for (const f of [id, name, origins]) f.control.value = '';
        const work = h('button', { type: 'button', class: 'pri', onclick: () => void this.d.switchSite(made.site.id) }, A.workOn(made.site.name));
        put(out, secretBox(A.newSecretFor(made.site.name), made.secret, A.created(made.site.name, made.site.id)), work);
        out.querySelector<HTMLElement>('input')?.focus();
        await this.d.sitesChanged();
        this.drawList();
      } catch (e) {
        if (e instanceof ApiError && e.code === 'SITE_EXISTS') {
          id.setError(A.siteExists);
          id.control.focus();
        } else {
          msg.show(failureText(e, { NOT_OWNER: A.onlyOwners }));
          id.control.focus();
        }
      }
    };
    return h(
      'section',
      { class: 'card owner-part', 'aria-labelledby': 'all-sites-h' },
      h('h3', { id: 'all-sites-h' }, A.allSites),
      this.siteList,
      h(
        'section',
        { 'aria-labelledby': 'create-site-h' },
        h('h3', { id: 'create-site-h' }, A.createTitle),
        busyForm(submit, create, 'create-site', msg.el, id.el, name.el, origins.el, submit),
        out,
      ),
    );
  }

  /** Lists every site anew (after one is made or renamed). */
  drawList(): void {
    const me = this.d.api.me;
    if (!me) return;
    put(
      this.siteList,
      ...me.sites.map((s) =>
        h(
          'li',
          null,
          h('strong', null, s.name),
          ' ',
          h('code', null, s.id),
          s.id === me.site
            ? h('span', { class: 'meta' }, ` · ${A.current}`)
            : h('button', { type: 'button', onclick: () => void this.d.switchSite(s.id) }, A.workOn(s.name)),
        ),
      ),
    );
  }
}
