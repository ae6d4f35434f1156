import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, Publisher, startBrowserSuite } from '../support/browser-suite';
import { scan, serious } from './axe';
import { shot, signInModerator, signInReader, widgetReady } from './browser';

jest.setTimeout(120_000);

describe('accessibility (axe-core)', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let site: Publisher;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ t, site, browser } = suite = await startBrowserSuite());
    const mod = t.token({ sub: 'mod', name: 'Mod', role: 'moderator' });
    const ann = t.token({ sub: 'u-ann', name: 'Ann' });
    await t.api('PATCH', '/settings', { token: t.token({ sub: 'adm', name: 'Adm', role: 'admin' }), body: { suspectWords: ['watches'] } });
    const a = await t.api('POST', '/articles/a11y/comments', {
      token: ann,
      body: { body: 'A *quoted* view\n\n> with a quote and a [link](https://example.org)' },
    });
    await t.api('POST', '/articles/a11y/comments', { token: t.token({ sub: 'u-bo', name: 'Bo' }), body: { body: 'A reply', parentId: a.body.id } });
    await t.api('POST', '/articles/a11y/comments', { token: t.token({ sub: 'u-cy', name: 'Cy' }), body: { body: 'The ferry is late again' } });
    await t.api('POST', '/articles/a11y/comments', { token: t.token({ sub: 'u-gus', name: 'Gus' }), body: { body: 'Cheap watches, see my profile' } });
    await t.api('POST', `/comments/${a.body.id}/reports`, { token: t.token({ sub: 'u-di', name: 'Di' }), body: { reason: 'spam' } });
    await t.api('POST', `/moderation/comments/${a.body.id}/feature`, { token: mod });
  });
  afterAll(() => suite?.close());
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });
  afterEach(() => context.close());

  it('the widget, signed out and signed in with forms open, has no serious or critical violations', async () => {
    await page.goto(site.article('a11y'));
    await widgetReady(page);
    await page.locator('#parley-comments article.card').nth(2).waitFor();
    expect(serious(await scan(page))).toEqual([]);
    expect(serious(await scan(page, { include: [['#parley-comments', 'section']] }))).toEqual([]);

    await signInReader(page, t.token({ sub: 'u-eve', name: 'Eve' }));
    await page.reload();
    await widgetReady(page);
    const first = page.locator('#parley-comments article.card', { hasText: 'quoted' });
    await first.getByRole('button', { name: 'Reply' }).click();
    await page.locator('#parley-comments article.card', { hasText: 'late again' }).getByRole('button', { name: 'Report' }).click();
    await page.getByRole('textbox', { name: 'Write a comment' }).fill('x'.repeat(5001));
    expect(serious(await scan(page))).toEqual([]);
    expect(serious(await scan(page, { include: [['#parley-comments', 'section']] }))).toEqual([]);
    await shot(page, 'a11y-widget');
  });

  it('the widget respects prefers-reduced-motion', async () => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await signInReader(page, t.token({ sub: 'u-fay', name: 'Fay' }));
    await page.goto(site.article('a11y'));
    await widgetReady(page);
    await page.getByRole('textbox', { name: 'Write a comment' }).fill('no motion please');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const fresh = page.locator('#parley-comments article.card.fresh', { hasText: 'no motion please' });
    await fresh.waitFor();
    await expect(fresh.evaluate((el) => getComputedStyle(el).animationName)).resolves.toBe('none');
  });

  it('the dashboard (sign-in, queue, user panel, log) has no serious or critical violations', async () => {
    await page.goto(`${t.url}/moderate`);
    await page.getByRole('textbox', { name: 'Moderator token (JWT)' }).waitFor();
    expect(serious(await scan(page))).toEqual([]);

    // Paste a token and sign in, as a moderator would.
    await page.getByRole('textbox', { name: 'Moderator token (JWT)' }).fill(t.token({ sub: 'mod-x', name: 'Max', role: 'moderator' }));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('article.item').first().waitFor();
    await page.keyboard.press('?');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    expect(serious(await scan(page))).toEqual([]);
    await page.keyboard.press('u');
    await page.locator('aside.panel h2').waitFor();
    expect(serious(await scan(page))).toEqual([]);
    await shot(page, 'a11y-dashboard');
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: /^Reported/ }).click();
    await page.locator('article.item').first().waitFor();
    expect(serious(await scan(page))).toEqual([]);
    await page.getByRole('tab', { name: 'Log' }).click();
    await page.getByRole('table').waitFor();
    expect(serious(await scan(page))).toEqual([]);
  });

  it('the dashboard tabs follow the tabs pattern with arrow keys', async () => {
    await signInModerator(page, t.token({ sub: 'mod-y', name: 'Yan', role: 'moderator' }));
    await page.goto(`${t.url}/moderate`);
    const pending = page.getByRole('tab', { name: /^Pending/ });
    await pending.waitFor();
    await pending.focus();
    await page.keyboard.press('ArrowRight');
    const reported = page.getByRole('tab', { name: /^Reported/ });
    await expect(reported.getAttribute('aria-selected')).resolves.toBe('true');
    await expect(reported.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('End');
    await expect(page.getByRole('tab', { name: 'Log' }).getAttribute('aria-selected')).resolves.toBe('true');
  });

  it('the demo article page has no serious or critical violations', async () => {
    await page.goto(`${t.url}/demo`);
    await widgetReady(page);
    expect(serious(await scan(page))).toEqual([]);
    await page.getByRole('textbox', { name: 'Sign in as' }).fill('Nia');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Signed in as Nia (reader)').waitFor();
    await page.getByRole('textbox', { name: 'Write a comment' }).fill('Hello from the demo');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.locator('#parley-comments article.card', { hasText: 'Hello from the demo' }).waitFor();
    expect(serious(await scan(page))).toEqual([]);
    await shot(page, 'demo');
  });
});
