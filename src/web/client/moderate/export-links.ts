import { onSite } from '../shared/api';
import { h, uid } from '../shared/dom';
import { I } from './admin-strings';
import type { Desk } from './dashboard';
import { messageLine } from './forms';

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

/**
 * Download links for the site's export. Signed in with a staff session the browser fetches the
 * link itself (the cookie goes with it) and streams the file to disk; with a token, which a
 * link cannot carry, the file is fetched here and handed over as a Blob.
 */
export function exportCard(d: Desk): HTMLElement {
  const hid = uid('exp');
  const status = messageLine();
  const href = () => {
    const me = d.api.me;
    return `/api/v1${onSite(`/export?format=`, me?.session ? me.site : undefined)}`;
  };
  const link = (format: 'ndjson' | 'disqus', label: string) => {
    const a = h('a', { href: href().replace('format=', `format=${format}`), download: '', class: 'export-link' }, label);
    a.addEventListener('click', (e) => {
      // The site chosen now (the admin may have switched since the screen was drawn).
      a.href = href().replace('format=', `format=${format}`);
      const now = d.api.me;
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
