/**
 * A tiny element builder. Strings always become text nodes; the only way to insert HTML is
 * setHtml(), used for the server's sanitized `html` field and nothing else.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type Props = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    for (const key of Object.keys(props)) {
      const v = props[key];
      if (v === null || v === undefined || v === false) continue;
      if (key.startsWith('on') && typeof v === 'function') el.addEventListener(key.slice(2).toLowerCase(), v as EventListener);
      else if (key === 'value' || key === 'checked') (el as unknown as Record<string, unknown>)[key] = v;
      else el.setAttribute(key === 'className' ? 'class' : key, v === true ? '' : typeof v === 'number' ? String(v) : (v as string));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces an element's children. */
export function put(el: Element, ...children: Child[]): void {
  el.textContent = '';
  append(el, children);
}

/** The one HTML sink: for the service's sanitized `html` field only. */
export function setHtml(el: Element, sanitizedHtml: string): void {
  el.innerHTML = sanitizedHtml;
  for (const a of Array.from(el.querySelectorAll('a'))) {
    a.setAttribute('rel', 'nofollow ugc noopener');
    a.setAttribute('target', '_blank');
  }
}

let seq = 0;
/** Ids unique within the page (labels and aria references need them). */
export const uid = (prefix: string) => `${prefix}-${(++seq).toString(36)}`;

/** Speaks `text` through a live region; cleared first so the same sentence twice is announced twice. */
export function announce(region: HTMLElement, text: string): void {
  region.textContent = '';
  setTimeout(() => (region.textContent = text), 50);
}
