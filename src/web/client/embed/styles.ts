/**
 * Shadow-DOM styles. Publishers theme the widget with custom properties on the host element
 * (or any ancestor): --parley-font, --parley-text, --parley-muted, --parley-bg, --parley-surface,
 * --parley-border, --parley-accent, --parley-accent-text, --parley-focus, --parley-radius,
 * --parley-danger, --parley-highlight.
 */
export const CSS = `
:host{all:initial;display:block;contain:content;
--t:var(--parley-text,#1f2328);--m:var(--parley-muted,#57606a);--bg:var(--parley-bg,#fff);--sf:var(--parley-surface,#f6f8fa);
--bd:var(--parley-border,#d0d7de);--ac:var(--parley-accent,#0b57d0);--at:var(--parley-accent-text,#fff);--fc:var(--parley-focus,#0b57d0);
--r:var(--parley-radius,8px);--dg:var(--parley-danger,#b42318);--hl:var(--parley-highlight,#fff8c5);
font:16px/1.5 var(--parley-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--t);background:var(--bg)}
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
.form{margin:.5em 0 1em}
.row{display:flex;flex-wrap:wrap;align-items:center;gap:.5em}
.row .grow{flex:1}
.hint,.meta,.counter{color:var(--m);font-size:.85em}
.counter.over{color:var(--dg);font-weight:600}
.err{color:var(--dg);font-size:.9em;margin:.3em 0}
.note{background:var(--sf);border:1px solid var(--bd);border-radius:var(--r);padding:.6em .8em;margin:.5em 0}
.new{display:block;width:100%;margin:0 0 1em;background:var(--ac);border-color:var(--ac);color:var(--at);font-weight:600}
ol{list-style:none;margin:0;padding:0}
.replies{margin-left:1.25em;padding-left:1em;border-left:2px solid var(--bd)}
.rmore{margin-left:2.25em}
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
.body blockquote{margin:.35em 0;padding-left:.8em;border-left:3px solid var(--bd);color:var(--m)}
.body a{color:var(--ac)}
.gone{font-style:italic;color:var(--m)}
.actions{display:flex;flex-wrap:wrap;gap:.15em;margin-left:-.4em}
fieldset{border:1px solid var(--bd);border-radius:var(--r);margin:.5em 0;padding:.5em .8em}
legend{font-weight:600;padding:0 .3em}
fieldset label{font-weight:400;display:block;margin:.15em 0}
.more{display:block;margin:1em auto}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
@media (forced-colors:active){button.pri,.new{border:2px solid ButtonText}}
`;
