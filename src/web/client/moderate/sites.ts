import type { SiteView } from '../../../common/staff-contract';
import { enc } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { A } from './account-strings';
import type { Desk } from './dashboard';
import { busyForm, copyable, failureText, Field, input, messageLine } from './forms';
import { embedCode, readOrigins } from './site-origins';
import { publicKeySection, type Redraw, secretsSection } from './site-secrets';
import { OwnerSites } from './sites-owner';
import { S } from './strings';

/**
 * The sites screen. For the chosen site (its admins, owners): its name and allowed origins, the
 * embed code, its HS256 secrets by fingerprint (add one, shown once; remove an old one) and its
 * RS256 public key. For owners: every site, and a form to create one (its first secret shown once).
 */
export class SitesScreen {
  private readonly heading = h('h2', { id: 'sites-h', tabindex: '-1' }, A.sitesTitle);
  private readonly body = h('div');
  /** The owners' part: the list of sites and the create form; kept across reloads of the site's part. */
  private readonly owner: OwnerSites | null;
  private readonly site: string;

  constructor(
    private readonly d: Desk,
    readonly root: HTMLElement,
  ) {
    const me = d.api.me;
    this.site = me?.site ?? '';
    this.owner = me?.owner ? new OwnerSites(d) : null;
    put(root, this.heading, h('p', { class: 'meta' }, A.sitesIntro), this.body, this.owner?.el);
  }

  /** Draws the screen; `focus`: puts focus on its heading (not when the site was just switched from the header). */
  async open(focus = true): Promise<void> {
    if (focus) this.heading.focus();
    await this.load();
  }

  private get admin(): boolean {
    return this.d.api.me?.role === 'admin';
  }

  private async load(): Promise<void> {
    this.owner?.drawList();
    if (!this.admin) return put(this.body);
    put(this.body, h('p', null, S.loading));
    try {
      this.draw(await this.d.api.send<SiteView>('GET', `/sites/${enc(this.site)}`));
    } catch (e) {
      put(this.body, h('p', { class: 'err' }, failureText(e)));
    }
  }

  /** The chosen site's part, drawn from the service's answer. */
  private draw(site: SiteView, note?: { text: string; focus?: 'secrets' | 'key' }): HTMLElement {
    const hid = uid('site');
    const redraw: Redraw = (s, n) => this.draw(s, n);
    const secrets = secretsSection(this.d, site, redraw);
    const key = publicKeySection(this.d, site, redraw);
    put(
      this.body,
      h(
        'section',
        { class: 'card site-card', 'aria-labelledby': hid },
        h('h3', { id: hid }, A.thisSite(site.name)),
        h('dl', { class: 'facts' }, h('dt', null, A.siteId), h('dd', null, h('code', null, site.id))),
        this.details(site),
        this.embed(site),
        secrets.el,
        key.el,
      ),
    );
    if (note?.focus === 'secrets') secrets.say(note.text);
    if (note?.focus === 'key') key.say(note.text);
    return this.body;
  }

  /** Name and allowed origins, checked here first (each origin by its line), then by the service. */
  private details(site: SiteView): HTMLElement {
    const msg = messageLine();
    const name = new Field(A.siteName, input({ maxlength: '100', autocomplete: 'off', value: site.name }), A.siteNameHelp);
    const origins = new Field(A.origins, h('textarea', { rows: '4', spellcheck: 'false', autocomplete: 'off' }), A.originsHelp);
    origins.control.value = site.origins.join('\n');
    const submit = h('button', { type: 'submit', class: 'pri' }, A.saveSite);
    const save = async () => {
      msg.show('');
      name.setError('');
      origins.setError('');
      const n = name.control.value.trim();
      const o = readOrigins(origins.control.value);
      if (!n) name.setError(A.needSiteName);
      if (o.errors.length) origins.setError(o.errors.join(' '));
      if (!n || o.errors.length) return void (n ? origins : name).control.focus();
      try {
        const saved = await this.d.api.send<SiteView>('PATCH', `/sites/${enc(site.id)}`, { name: n, origins: o.origins });
        name.control.value = saved.name;
        origins.control.value = saved.origins.join('\n');
        msg.show(A.siteSaved(saved.name), 'ok');
        this.body.querySelector(`h3`)?.replaceChildren(A.thisSite(saved.name));
        // The switcher and the owners' list name it anew at once.
        const me = this.d.api.me;
        if (me) {
          me.sites = me.sites.map((x) => (x.id === saved.id ? { ...x, name: saved.name } : x));
          this.d.el.showSites(me);
        }
        this.owner?.drawList();
      } catch (e) {
        msg.show(failureText(e));
      }
    };
    return busyForm(submit, save, 'site-details', name.el, origins.el, submit, msg.el);
  }

  private embed(site: SiteView): HTMLElement {
    const hid = uid('embed');
    const help = uid('embed-help');
    const c = copyable({
      label: A.embedLabel(site.name),
      value: embedCode(site.id),
      button: A.copyCode,
      copied: A.codeCopied,
      byHand: A.copyCodeByHand,
      rows: 5,
      describedBy: help,
      className: 'code',
    });
    return h(
      'section',
      { class: 'sub', 'aria-labelledby': hid },
      h('h4', { id: hid }, A.embedTitle),
      h('p', { class: 'meta', id: help }, A.embedHelp),
      c.label,
      c.row,
    );
  }
}
