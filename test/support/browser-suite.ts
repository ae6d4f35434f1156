import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HtmlHost, launch, serveHtml, startPublisher } from '../web/browser';
import { startApp, TestApp } from './app';

/**
 * Setup the browser specs share (not a spec file itself): the service, a publisher's site on
 * another origin that embeds it, and chromium; and pages that record what went wrong in them.
 */

export type Publisher = Awaited<ReturnType<typeof startPublisher>>;

export interface BrowserSuite {
  t: TestApp;
  site: Publisher;
  browser: Browser;
  /** Closes the browser, the publisher's site and the service, in that order. */
  close(): Promise<void>;
}

export async function startBrowserSuite(env: Record<string, string> = {}): Promise<BrowserSuite> {
  const { t, host: site, browser, close } = await startWithHost(env, (t) => startPublisher(t.url));
  return { t, site, browser, close };
}

/** The service, chromium, and a page of the publisher's own on another origin (`host`), written by `html` for each request. */
export interface HostedSuite {
  t: TestApp;
  host: HtmlHost;
  browser: Browser;
  /** Closes the browser, the page server and the service, in that order. */
  close(): Promise<void>;
}

export function startHostedSuite(html: (t: TestApp, url: URL) => string, env: Record<string, string> = {}): Promise<HostedSuite> {
  return startWithHost(env, (t) => serveHtml((url) => html(t, url)));
}

/** The service, the page server `serve` starts for it and chromium; what started is closed again if a later part fails to. */
async function startWithHost<H extends { close(): Promise<void> }>(
  env: Record<string, string>,
  serve: (t: TestApp) => Promise<H>,
): Promise<{ t: TestApp; host: H; browser: Browser; close: () => Promise<void> }> {
  const t = await startApp(env);
  let host: H | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await host?.close();
    await t.close();
  };
  try {
    host = await serve(t);
    browser = await launch();
  } catch (e) {
    await close();
    throw e;
  }
  return { t, host, browser, close };
}

/** Where a page reports what should never happen: uncaught errors and dialogs (each dismissed). */
export interface PageTrouble {
  errors: string[];
  dialogs: string[];
}

/** A fresh context and page with a 10 s default timeout, reporting its errors and dialogs to `trouble`. */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
  trouble: PageTrouble,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('dialog', (d) => {
      trouble.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => trouble.errors.push(e.message));
    return { context, page };
  } catch (e) {
    await context.close();
    throw e;
  }
}
