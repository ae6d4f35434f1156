import { h, put, uid } from '../shared/dom';

/**
 * Parts the admins' webhooks and import screens share: a radio group and a checkbox group with
 * their own error line (as the settings screen draws them), a "Yes / Cancel" question, and the
 * few styles these screens add to the dashboard page.
 */

export interface Group {
  el: HTMLFieldSetElement;
  /** Shows (or, with '', clears) the group's error. */
  setError(message: string): void;
  focus(): void;
}

/** Radio buttons, each with its label and hint; `value()` is the checked one. */
export function radioGroup(
  legend: string,
  choices: Record<string, [string, string]>,
  checked: string,
  onChange?: (v: string) => void,
): Group & { value(): string } {
  const name = uid('rg');
  const radios = Object.entries(choices).map(([value, [label, hint]]) => {
    const id = uid('r');
    const r = h('input', { type: 'radio', name, id, value, checked: value === checked, 'aria-describedby': `${id}-d` });
    if (onChange) r.addEventListener('change', () => r.checked && onChange(value));
    return {
      r,
      el: h('div', { class: 'radio' }, r, ' ', h('label', { for: id }, label), h('p', { class: 'meta hint', id: `${id}-d` }, hint)),
    };
  });
  const g = errorGroup(
    name,
    legend,
    radios.map((x) => x.el),
  );
  return {
    ...g,
    value: () => radios.find((x) => x.r.checked)?.r.value ?? '',
    focus: () => (radios.find((x) => x.r.checked) ?? radios[0]).r.focus(),
  };
}

/** Checkboxes, one per value with its text; `values()` are the checked ones, in the given order. */
export function checkGroup(legend: string, help: string, choices: [string, string][], checked: readonly string[]): Group & { values(): string[] } {
  const name = uid('cg');
  const boxes = choices.map(([value, text]) => {
    const id = uid('c');
    const box = h('input', { type: 'checkbox', id, name, value, checked: checked.includes(value) });
    return { box, el: h('div', { class: 'check' }, box, ' ', h('label', { for: id }, h('code', null, value), ' ', h('span', { class: 'meta' }, text))) };
  });
  const g = errorGroup(name, legend, [h('p', { class: 'meta hint' }, help), h('div', { class: 'checks' }, ...boxes.map((x) => x.el))]);
  return { ...g, values: () => boxes.filter((x) => x.box.checked).map((x) => x.box.value), focus: () => boxes[0]?.box.focus() };
}

function errorGroup(name: string, legend: string, children: HTMLElement[]): Group {
  const error = h('p', { class: 'err field-err', id: `${name}-err`, hidden: true });
  const el = h('fieldset', { class: 'radios', 'aria-describedby': `${name}-err` }, h('legend', null, legend), ...children, error);
  return {
    el,
    setError: (message) => {
      put(error, message);
      error.hidden = !message;
    },
    focus: () => el.querySelector<HTMLElement>('input')?.focus(),
  };
}

/** A question in `out`, focused on its Yes button; Cancel returns focus to `back`. */
export function confirmIn(
  out: HTMLElement,
  question: string,
  yesText: string,
  cancelText: string,
  back: HTMLElement,
  yes: () => Promise<void>,
): HTMLButtonElement {
  const yesButton = h('button', { type: 'button', class: 'no' }, yesText);
  yesButton.addEventListener('click', () => {
    if (yesButton.getAttribute('aria-disabled') === 'true') return;
    yesButton.setAttribute('aria-disabled', 'true');
    void yes().finally(() => yesButton.removeAttribute('aria-disabled'));
  });
  const no = h('button', { type: 'button', onclick: () => (put(out), back.focus()) }, cancelText);
  put(out, h('div', { class: 'msg confirm', role: 'group', 'aria-label': question }, h('p', null, question), yesButton, ' ', no));
  yesButton.focus();
  return yesButton;
}

const CSS = `
.view-webhooks .card, .view-import .card { max-width: 56rem; margin: 0 0 1.2em; }
.view-webhooks h3, .view-import h3 { margin: 0 0 .4em; font-size: 1.1em; overflow-wrap: anywhere; }
.view-webhooks h4, .view-import h4 { margin: 1em 0 .3em; font-size: 1em; }
ul.hooks { list-style: none; margin: 0 0 1.5em; padding: 0; display: grid; gap: .8em; max-width: 56rem; }
li.hook { border: 1px solid var(--bd); border-radius: 8px; padding: .7em 1em; }
li.hook.off { border-style: dashed; background: var(--sf); }
li.hook .chips li.bad { font-weight: 700; }
li.hook .why { margin: .4em 0; }
li.hook .msg { margin: .6em 0 0; }
li.hook form { margin-top: .6em; border-top: 1px solid var(--bd); padding-top: .6em; }
fieldset .checks { display: grid; gap: .15em; }
fieldset .checks .check { margin: 0; overflow-wrap: anywhere; }
fieldset .checks .check label { font-weight: 400; }
.secretbox label { display: block; font-weight: 600; }
.secretbox .row, .view-webhooks .row { display: flex; flex-wrap: wrap; gap: .4em; align-items: center; }
section.deliveries { margin-top: .8em; border-top: 1px solid var(--bd); padding-top: .4em; }
section.deliveries h4 { margin: .2em 0 .4em; }
ol.dlv { list-style: none; margin: .3em 0; padding: 0; }
ol.dlv > li { display: flex; flex-wrap: wrap; align-items: center; gap: .2em .9em; padding: .4em 0; border-bottom: 1px solid var(--bd); font-size: .92em; }
ol.dlv > li .ev { font-weight: 700; min-width: 11em; }
ol.dlv .st { font-weight: 700; border-radius: 1em; padding: 0 .6em; border: 1px solid var(--bd); }
ol.dlv .st.succeeded { color: var(--ok); border-color: var(--ok); }
ol.dlv .st.failed, ol.dlv .st.bounced { color: var(--no); border-color: var(--no); }
ol.dlv .err { flex-basis: 100%; margin: 0; overflow-wrap: anywhere; }
ol.dlv button { margin-left: auto; }
form.importer { max-width: 40rem; }
form.importer input[type=file] { display: block; max-width: 100%; margin: .3em 0; }
.importer .acts { align-items: center; }
.bar-wrap { margin: 1em 0; max-width: 40rem; }
.bar-wrap > label, .bar-wrap > .lbl { font-weight: 600; display: block; }
[role=progressbar] { height: 1.1em; border: 1px solid var(--m); border-radius: 6px; background: var(--sf); overflow: hidden; margin: .3em 0; }
[role=progressbar] > div { height: 100%; width: 0; background: var(--ac); }
.report table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: .92em; margin: .3em 0 .6em; }
.report th, .report td { text-align: left; border-bottom: 1px solid var(--bd); padding: .3em .5em; vertical-align: top; overflow-wrap: anywhere; }
.report caption { text-align: left; font-weight: 700; padding: .2em 0; }
.report .summary { font-size: 1.05em; font-weight: 700; }
@media (max-width: 600px) { li.hook { padding: .6em .7em; } ol.dlv > li .ev { min-width: 0; } .report th, .report td { padding: .3em .25em; } }
`;

let styled = false;
/** Adds these screens' styles to the page once (the page allows inline styles). */
export function addStyles(): void {
  if (styled) return;
  styled = true;
  document.head.append(h('style', { 'data-for': 'admin-screens' }, CSS));
}
