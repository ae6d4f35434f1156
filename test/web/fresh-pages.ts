/** Fresh browser pages for each test of a spec (not a spec file): closed after the test, which must end without page errors or dialogs. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openPage, PageTrouble } from '../support/browser-suite';

export type Viewport = { width: number; height: number };

/**
 * Registers an afterEach in the calling describe and returns `open`: a new context and page at
 * `viewport` (waits of `timeout` ms), each closed after its test, whose errors and dialogs fail it.
 */
export function pagesPerTest(browser: () => Browser, defaults: { viewport: Viewport; timeout?: number }): (viewport?: Viewport) => Promise<Page> {
  const contexts: BrowserContext[] = [];
  const trouble: PageTrouble = { errors: [], dialogs: [] };
  afterEach(async () => {
    while (contexts.length) await contexts.pop()!.close();
    const seen = { errors: trouble.errors.splice(0), dialogs: trouble.dialogs.splice(0) };
    expect(seen).toEqual({ errors: [], dialogs: [] });
  });
  return async (viewport = defaults.viewport) => {
    const { context, page } = await openPage(browser(), viewport, trouble);
    contexts.push(context);
    if (defaults.timeout) page.setDefaultTimeout(defaults.timeout);
    return page;
  };
}
