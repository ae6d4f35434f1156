/**
 * embed-extras.js: what only a signed-in reader or a moderator uses, fetched by embed.js from beside
 * itself once a token is present (see extras-api.ts). It registers its factory with the widget and
 * holds no state of its own beyond the pieces it draws.
 */
import { AccountMenu, ACCOUNT_CSS } from './account';
import { Bell, BELL_CSS } from './bell';
import type { ExtrasFactory } from './extras-api';
import { X } from './extras-strings';
import { MutesList } from './mutes-list';
import { THREAD_CSS, ThreadView } from './thread';
import { StreamTools } from './tools';

/** The muted-people list, the More menu and the report form (the widget's own styles hold the rest). */
const TOOLS_CSS = `
fieldset{border:1px solid var(--bd);border-radius:var(--r);margin:.5em 0;padding:.5em .8em}
legend{font-weight:600;padding:0 .3em}
fieldset label{font-weight:400;display:block;margin:.15em 0}
.mutes{margin:.25em 0 .5em}
.mutelist{margin:.25em 0 .5em;margin-inline-start:1em}
.mutelist li{display:flex;align-items:center;gap:.5em}
.menu .row{gap:.35em}
`;

const create: ExtrasFactory = (host) => {
  host.translate(X);
  Object.assign(host.S.errors, X.errors);
  const tools = new StreamTools(host);
  const thread = new ThreadView(host);
  return {
    css: BELL_CSS + ACCOUNT_CSS + TOOLS_CSS + THREAD_CSS,
    bell: new Bell(host),
    account: new AccountMenu(host),
    mutes: new MutesList(host),
    form: (n, mode, close) => {
      if (mode === 'thread') void thread.open(n);
      else if (mode === 'more') tools.more(n, close);
      else if (mode === 'report') tools.report(n, close);
      else if (mode === 'edit') tools.editForm(n, close);
      else tools.confirmDelete(n, close);
    },
  };
};

window.ParleyExtras?.(create);
