/** axe-core run inside a page (not a spec file itself): the accessibility specs share it. */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** The widget's own content, inside its shadow root, as an axe context. */
export const WIDGET = { include: [['#parley-comments', 'section']] };

/**
 * axe-core in the page. `context` may name a shadow root's content as [[host, inner]], so the
 * scan covers the widget's shadow DOM on its own as well as within the whole document.
 */
export async function scan(page: Page, context: unknown = null): Promise<Violation[]> {
  // Evaluated through the debugging protocol: the pages' CSP (script-src 'self') rightly refuses inline scripts.
  if (!(await page.evaluate(() => !!(window as any).axe))) await page.evaluate(axe.source);
  const result = await page.evaluate(async (ctx) => {
    const r = await (window as any).axe.run(ctx ?? document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, context);
  return result;
}

export const serious = (vs: Violation[]) => vs.filter((v) => v.impact === 'serious' || v.impact === 'critical');

/** axe at zero violations in the widget; `label` names the state in the failure. */
export async function expectWidgetClean(page: Page, label: string): Promise<void> {
  expect({ label, v: await scan(page, WIDGET) }).toEqual({ label, v: [] });
}
