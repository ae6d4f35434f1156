import { SITE_ID, type SiteView, type SiteWithSecretView } from '../../../common/staff-contract';
import { ApiError, enc } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { A } from './account-strings';
import type { Desk } from './dashboard';
import { busy, busyForm, copyable, failureText, Field, input, messageLine } from './forms';
import { S } from './strings';

/** An origin as the service stores it (site.dto.ts): scheme, lower-case host, optional port, nothing after. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;
const MAX_ORIGINS = 50;

/**
 * The allowed origins typed one per line: each trimmed, an address with nothing after its host
 * ("https://News.example/") taken as its origin, repeats dropped; what is not an origin is named by its line.
 */
export function readOrigins(text: string): { origins: string[]; errors: string[] } {
  const origins: string[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let origin = line;
    try {
      const u = new URL(line);
      const bare = u.pathname === '/' && !u.search && !u.hash && !u.username && !u.password && !line.endsWith('?') && !line.endsWith('#');
      if ((u.protocol === 'http:' || u.protocol === 'https:') && bare) origin = u.origin;
    } catch {
      /* not an address: refused below */
    }
    if (!ORIGIN.test(origin)) errors.push(A.badOrigin(i + 1, line));
    else if (!origins.includes(origin)) origins.push(origin);
  });
  if (origins.length > MAX_ORIGINS) errors.push(A.tooManyOrigins);
  return { origins, errors };
}

/** The tag a publisher puts on an article page to show this site's comments. */
export function embedCode(siteId: string): string {
  return [
    '<div id="parley-comments"></div>',
    `<script src="${location.origin}/embed.js" data-site="${siteId}" data-article-id="ARTICLE-ID" data-article-title="Article title" data-article-url="https://news.example/article" async></script>`,
  ].join('\n');
}

/** A secret shown this once: the warning, the value in a read-only field and its copy button. */
function secretBox(label: string, secret: string, intro?: string): HTMLElement {
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
function confirmIn(out: HTMLElement, question: string, back: HTMLElement, yes: () => Promise<void>): void {
  const yesButton = h('button', { type: 'button', class: 'no' }, A.yesRemove);
  yesButton.addEventListener('click', () => void busy(yesButton, yes));
  const no = h('button', { type: 'button', onclick: () => (put(out), back.focus()) }, A.cancel);
  put(out, h('div', { class: 'msg confirm', role: 'group', 'aria-label': question }, h('p', null, question), yesButton, ' ', no));
  yesButton.focus();
}

/**
 * The sites screen. For the chosen site (its admins, owners): its name and allowed origins, the
 * embed code, its HS256 secrets by fingerprint (add one, shown once; remove an old one) and its
 * RS256 public key. For owners: every site, and a form to create one (its first secret shown once).
 */
export class SitesScreen {
  private readonly heading = h('h2', { id: 'sites-h', tabindex: '-1' }, A.sitesTitle);
  private readonly body = h('div');
  /** The owners' part: the list of sites and the create form; kept across reloads of the site's part. */
  private readonly ownerPart: HTMLElement | null;
  private readonly siteList = h('ul', { class: 'sites', 'aria-label': A.allSitesLabel });
  private readonly site: string;

  constructor(
    private readonly d: Desk,
    readonly root: HTMLElement,
  ) {
    const me = d.api.me;
    this.site = me?.site ?? '';
    this.ownerPart = me?.owner ? this.ownerSection() : null;
    put(root, this.heading, h('p', { class: 'meta' }, A.sitesIntro), this.body, this.ownerPart);
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
    if (this.ownerPart) this.drawList();
    if (!this.admin) return put(this.body);
    put(this.body, h('p', null, S.loading));
    try {
      this.draw(await this.d.api.send<SiteView>('GET', `/sites/${enc(this.site)}`));
    } catch (e) {
      put(this.body, h('p', { class: 'err' }, failureText(e)));
    }
  }

  /** The chosen site's part, drawn from the service's answer. */
  private draw(site: SiteView, note?: { text: string; focus?: 'secrets' | 'key' }): void {
    const hid = uid('site');
    const secrets = this.secrets(site);
    const key = this.publicKey(site);
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
        if (this.ownerPart) this.drawList();
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

  /** The HS256 secrets by fingerprint; a new one (shown once), and removing one after a question. */
  private secrets(site: SiteView): { el: HTMLElement; say(text: string): void } {
    const hid = uid('secrets');
    const msg = messageLine();
    const add = h('button', { type: 'button' }, A.addSecret);
    add.addEventListener(
      'click',
      () =>
        void busy(add, async () => {
          try {
            const made = await this.d.api.send<SiteWithSecretView>('POST', `/sites/${enc(site.id)}/secrets`);
            this.draw(made.site);
            const box = this.body.querySelector<HTMLElement>('.secrets-out');
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
              this.draw(await this.d.api.send<SiteView>('DELETE', `/sites/${enc(site.id)}/secrets/${enc(s.id)}`), {
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
  private publicKey(site: SiteView): { el: HTMLElement; say(text: string): void } {
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
        this.draw(await this.d.api.send<SiteView>('PATCH', `/sites/${enc(site.id)}`, { rsPublicKey: value }), { text: A.keySaved, focus: 'key' });
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
          this.draw(await this.d.api.send<SiteView>('PATCH', `/sites/${enc(site.id)}`, { rsPublicKey: null }), { text: A.keyRemoved, focus: 'key' });
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

  /** Owners: every site (with a way to work on another), and the form that creates one. */
  private ownerSection(): HTMLElement {
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

  private drawList(): void {
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
