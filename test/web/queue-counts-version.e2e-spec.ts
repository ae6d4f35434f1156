import type { Browser, BrowserContext } from 'playwright-core';
import { LiveBus } from '../../src/events/live-bus';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, startBrowserSuite } from '../support/browser-suite';
import { enc, must } from '../support/factories';
import { signInModerator } from './browser';
import { DESKTOP, expectNoViolations } from './dashboard-helpers';

jest.setTimeout(120_000);

/**
 * Two instances read and send a site's queue totals independently, so an older total can arrive
 * after a newer one: the dashboard keeps the one of the highest `version`.
 */
describe('dashboard: queue counts by version (browser)', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const trouble = { errors: [] as string[], dialogs: [] as string[] };

  beforeAll(async () => {
    ({ t, browser } = suite = await startBrowserSuite());
  });
  afterAll(async () => {
    while (contexts.length) await contexts.pop()!.close();
    await suite?.close();
  });

  it('an older queue.counts arriving after a newer one is never shown', async () => {
    const mod = t.token({ sub: 'qcv-mod', name: 'Maya', role: 'moderator' });
    const a = 'qcv-story';
    await must(t.api('PATCH', `/articles/${enc(a)}`, { token: mod, body: { premoderation: true, title: 'Held story' } }));
    const res = await t.api('POST', `/articles/${enc(a)}/comments`, { token: t.token({ sub: 'qcv-reader', name: 'Rea' }), body: { body: 'hold me please' } });
    expect(res.status).toBe(201);

    const { context, page } = await openPage(browser, DESKTOP, trouble);
    contexts.push(context);
    await signInModerator(page, mod);
    await page.goto(`${t.url}/moderate`);
    await page.locator('body[data-live="on"]').waitFor();
    const pending = page.getByRole('tab', { name: /^Pending/ }).locator('.n');
    await page.waitForFunction((el) => !!el && !(el as HTMLElement).hidden && el.textContent === '1', await pending.elementHandle());
    // Every value the pending count takes from here on.
    await pending.evaluate((el) => {
      const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });

    const [{ v }] = await t.ds.query(`SELECT coalesce(sum(updates), 0)::int AS v FROM site_counters WHERE site_id = 'default'`);
    const send = (pendingCount: number, version: number) =>
      t.app
        .get(LiveBus)
        .publish([{ type: 'queue.counts', audience: { moderation: 'default' }, payload: { pending: pendingCount, reported: 0, unmoderated: 0, version } }]);
    send(5, v + 100);
    await page.waitForFunction((el) => el?.textContent === '5', await pending.elementHandle());
    send(7, v + 50); // older: dropped
    send(6, v + 200);
    await page.waitForFunction((el) => el?.textContent === '6', await pending.elementHandle());
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['5', '6']);
    await expectNoViolations(page);
    expect(trouble.errors).toEqual([]);
  });
});
