/**
 * Shadow-DOM styles. Publishers theme the widget with custom properties on the host element
 * (or any ancestor): --parley-font, --parley-text, --parley-muted, --parley-bg, --parley-surface,
 * --parley-border, --parley-accent, --parley-accent-text, --parley-focus, --parley-radius,
 * --parley-danger, --parley-highlight, --parley-success. The defaults follow the reader's
 * light or dark preference unless the host says `data-theme="light"` or `"dark"`; a variable the
 * page sets wins in both.
 */
export const CSS = `
:host{all:initial;display:block;contain:content;color-scheme:light;
--_t:#1f2328;--_m:#57606a;--_bg:#fff;--_sf:#f6f8fa;--_bd:#d0d7de;--_ac:#0b57d0;--_at:#fff;--_fc:#0b57d0;--_dg:#b42318;--_hl:#fff8c5;--_ok:#1a7f37;
--t:var(--parley-text,var(--_t));--m:var(--parley-muted,var(--_m));--bg:var(--parley-bg,var(--_bg));--sf:var(--parley-surface,var(--_sf));
--bd:var(--parley-border,var(--_bd));--ac:var(--parley-accent,var(--_ac));--at:var(--parley-accent-text,var(--_at));--fc:var(--parley-focus,var(--_fc));
--r:var(--parley-radius,8px);--dg:var(--parley-danger,var(--_dg));--hl:var(--parley-highlight,var(--_hl));--ok:var(--parley-success,var(--_ok));
font:16px/1.5 var(--parley-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--t);background:var(--bg)}
@media (prefers-color-scheme:dark){:host(:not([data-theme=light])){color-scheme:dark;
--_t:#e6edf3;--_m:#9ba6b2;--_bg:#0d1117;--_sf:#161b22;--_bd:#3d444d;--_ac:#7cacf8;--_at:#0d1117;--_fc:#7cacf8;--_dg:#ff8a80;--_hl:#3b3414;--_ok:#56d364}}
:host([data-theme=dark]){color-scheme:dark;
--_t:#e6edf3;--_m:#9ba6b2;--_bg:#0d1117;--_sf:#161b22;--_bd:#3d444d;--_ac:#7cacf8;--_at:#0d1117;--_fc:#7cacf8;--_dg:#ff8a80;--_hl:#3b3414;--_ok:#56d364}
*{box-sizing:border-box}
[hidden]{display:none!important}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
h2{font-size:1.25em;margin:0}
.top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5em;margin-bottom:1em}
label{font-weight:600}
select,textarea,input[type=text]{font:inherit;color:var(--t);background:var(--bg);border:1px solid var(--bd);border-radius:calc(var(--r)/2);padding:.4em .5em}
textarea{width:100%;min-height:5.5em;resize:vertical;display:block;margin:.35em 0}
button{font:inherit;font-size:.9em;cursor:pointer;border-radius:calc(var(--r)/2);padding:.35em .8em;border:1px solid var(--bd);background:var(--sf);color:var(--t)}
button.pri{background:var(--ac);border-color:var(--ac);color:var(--at);font-weight:600}
button.link{border:0;background:none;padding:.25em .4em;color:var(--m)}
button.link:hover{color:var(--t);text-decoration:underline}
button[aria-pressed=true]{color:var(--ac);font-weight:600}
button:disabled{opacity:.6;cursor:default}
:focus{outline:none}
:focus-visible,.card:focus{outline:3px solid var(--fc);outline-offset:2px}
.card:focus,.card:focus-visible{outline-offset:-3px}
.skip:not(:focus){position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap;padding:0;min-height:0;min-width:0}
.notice{font-size:.9em;margin:.3em 0;padding:.35em .6em;border-inline-start:3px solid var(--ok);background:var(--sf);border-start-end-radius:calc(var(--r)/2);border-end-end-radius:calc(var(--r)/2)}
.notice.wait{border-inline-start-color:var(--ac)}
.notice.no{border-inline-start-color:var(--dg)}
.card.target{background:var(--hl);border-color:var(--ac)}
.form{margin:.5em 0 1em}
.row{display:flex;flex-wrap:wrap;align-items:center;gap:.5em}
.row .grow{flex:1}
.hint,.meta,.counter{color:var(--m);font-size:.85em}
.counter.over{color:var(--dg);font-weight:600}
.err{color:var(--dg);font-size:.9em;margin:.3em 0}
.note{background:var(--sf);border:1px solid var(--bd);border-radius:var(--r);padding:.6em .8em;margin:.5em 0}
.warning{border-inline-start:4px solid var(--dg)}
.warning h3{font-size:1em;margin:0 0 .3em}
.wmsg{white-space:pre-wrap;margin:.3em 0}
.new{display:block;width:100%;margin:0 0 1em;background:var(--ac);border-color:var(--ac);color:var(--at);font-weight:600}
ol{list-style:none;margin:0;padding:0}
.replies{margin-inline-start:1.25em;padding-inline-start:1em;border-inline-start:2px solid var(--bd)}
.rmore{margin-inline-start:2.25em}
.c{margin:.75em 0}
.card{padding:.6em .8em;border-radius:var(--r);border:1px solid transparent}
.card.mine{border-color:var(--bd)}
.card.held{background:var(--sf);border:1px dashed var(--bd)}
.card.fresh{animation:fresh 3s ease-out}
@keyframes fresh{from{background:var(--hl)}to{background:transparent}}
.head{display:flex;flex-wrap:wrap;align-items:baseline;gap:.4em .6em}
.author{font-weight:700}
.badge{font-size:.75em;font-weight:600;border-radius:1em;padding:.05em .6em;border:1px solid var(--bd);color:var(--m)}
.badge.pick{color:var(--ac);border-color:var(--ac)}
.badge.wait{color:var(--t);background:var(--hl)}
.body{overflow-wrap:anywhere;margin:.25em 0}
.body p{margin:.35em 0}
.body blockquote{margin:.35em 0;padding-inline-start:.8em;border-inline-start:3px solid var(--bd);color:var(--m)}
.body a{color:var(--ac)}
.mention{background:var(--hl);border-radius:.25em;padding:0 .15em;font-weight:600}
.gone{font-style:italic;color:var(--m)}
.actions{display:flex;flex-wrap:wrap;gap:.15em;margin-inline-start:-.4em}
.more{display:block;margin:1em auto}
.preview{border:1px dashed var(--bd);border-radius:var(--r);padding:.4em .8em;margin:.5em 0}
.preview>.meta{margin:0}
.guide{background:var(--sf);border:1px solid var(--bd);border-radius:var(--r);padding:.4em .8em;margin:.5em 0}
.guide summary{cursor:pointer;font-weight:600;padding:.65em 0}
.guide .body{font-size:.95em}
.likes{padding:0 .4em;align-self:center}
.card.muted{padding:.2em .8em}
.folded{margin:.25em 0}
@media (pointer:coarse),(max-width:600px){button,select,input[type=text]{min-height:44px;min-width:44px}button.link{padding:.5em .6em}form fieldset label{display:flex;align-items:center;gap:.3em;min-height:44px}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
@media (forced-colors:active){button.pri,.new{border:2px solid ButtonText}}
`;
