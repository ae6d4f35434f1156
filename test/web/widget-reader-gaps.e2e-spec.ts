/**
 * The reader's side, finished (issues 12 and 13) in chromium against the real service: the account
 * menu in German, the bell's panel on a right-to-left page, drafts kept across reloads (the comment
 * form's and a reply's, dropped once posted), and a moderator's warning arriving in the bell and
 * leading to the warning to acknowledge. Each state at desktop and phone size, axe at zero,
 * screenshots in test-artifacts/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { actors, Actors, article, must, patchSettings, postComment, text } from '../support/factories';
import { startApp } from '../support/app';
import { FAST_JOBS, settled } from '../notifications/notify-helpers';
import { scan, WIDGET } from './axe';
import { card, HtmlHost, launch, serveHtml, shot, signInReader, widgetReady } from './browser';

jest.setTimeout(180_000);

const DESKTOP = { width: 1000, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('embed widget: the reader’s side, finished', () => {
  let t: TestApp;
  let a: Actors;
  let browser: Browser;
  let host: HtmlHost;
  let context: BrowserContext | undefined;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    t = await startApp(FAST_JOBS);
    a = actors(t);
    await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 1000 } });
    // A publisher's article page: /?id=&lang=&dir=
    host = await serveHtml((u) => {
      const q = (k: string) => (u.searchParams.get(k) ?? '').replace(/[^a-z0-9-]/gi, '');
      return `<!doctype html><html lang="${q('lang') || 'en'}" dir="${q('dir') || 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Article</title></head>
<body><main><h1>Article</h1><div id="parley-comments"></div>
<script src="${t.url}/embed.js" data-article-id="${q('id')}" data-article-title="Harbour plans" data-article-url="http://news.example/${q('id')}" async></script>
</main></body></html>`;
    });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await t?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(errors).toEqual([]);
  });

  /** Opens the article `id` (signed in with `token`), in a fresh context unless `keep` reuses the last one (its localStorage with it). */
  async function open(id: string, o: { token?: string; lang?: string; dir?: string; viewport?: { width: number; height: number }; keep?: boolean } = {}) {
    if (!o.keep) {
      await context?.close();
      errors = [];
      context = await browser.newContext({ viewport: o.viewport ?? DESKTOP, ...(o.viewport === PHONE ? { hasTouch: true, isMobile: true } : {}) });
    }
    page = await context!.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => errors.push(e.message));
    if (o.token) await signInReader(page, o.token);
    await page.goto(`${host.url}/?${new URLSearchParams({ id, lang: o.lang ?? 'en', dir: o.dir ?? 'ltr' })}`);
    await widgetReady(page, !!o.token);
  }
  const noViolations = async (label: string) => expect({ label, v: await scan(page, WIDGET) }).toEqual({ label, v: [] });

  it('the account menu speaks German on a German page, its dialog too', async () => {
    const id = article('konto');
    for (const [viewport, name] of [
      [DESKTOP, 'gaps-account-de'],
      [PHONE, 'gaps-account-de-phone'],
    ] as const) {
      await open(id, { token: a.reader('u-konto', 'Karin'), lang: 'de', viewport });
      const menu = page.getByRole('button', { name: 'Mein Konto' });
      await menu.click();
      const panel = page.getByRole('region', { name: 'Ihr Konto auf dieser Website' });
      await panel.getByRole('button', { name: 'Meine Daten herunterladen' }).waitFor();
      await panel.getByText('Laden Sie alles herunter').waitFor();
      await noViolations(`${name} panel`);
      await shot(page, name);
      await panel.getByRole('button', { name: 'Mein Konto löschen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Ihr Konto löschen?' });
      await dialog.getByRole('checkbox', { name: 'Mir ist klar, dass mein Konto endgültig gelöscht wird' }).waitFor();
      // Confirmed without the tick: told in German, nothing deleted.
      await dialog.getByRole('button', { name: 'Mein Konto löschen' }).click();
      await dialog.getByText('Setzen Sie zur Bestätigung das Häkchen.').waitFor();
      await noViolations(`${name} dialog`);
      await shot(page, `${name}-dialog`);
      await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    }
    expect((await must(t.api('GET', '/me', { token: a.reader('u-konto', 'Karin') }))).canPost).toBe(true);
  });

  it('on a right-to-left page the bell’s panel keeps its unread mark on the reading side and stays inside the widget', async () => {
    const id = article('rtl-bell');
    const amal = a.reader('u-amal', 'Amal');
    const mine = await postComment(t, amal, id, text('my comment'));
    await postComment(t, a.reader('u-bilal', 'Bilal'), id, text('a reply to Amal'), { parentId: mine.id });
    await settled(t);
    for (const [viewport, name] of [
      [DESKTOP, 'gaps-rtl-bell'],
      [PHONE, 'gaps-rtl-bell-phone'],
    ] as const) {
      await open(id, { token: amal, lang: 'ar', dir: 'rtl', viewport });
      await page.locator('#parley-comments button.bell[data-unread="1"]').click();
      const item = page.getByRole('region', { name: 'Notifications' }).locator('li.bn.unread');
      await item.waitFor();
      const look = await item.evaluate((li) => {
        const s = getComputedStyle(li);
        const panel = li.closest('.bell-panel')!.getBoundingClientRect();
        const widget = (li.getRootNode() as ShadowRoot).host.getBoundingClientRect();
        return {
          dir: s.direction,
          right: s.borderRightWidth,
          left: s.borderLeftWidth,
          inside: panel.left >= widget.left - 0.5 && panel.right <= widget.right + 0.5,
        };
      });
      // The mark is the start side's: the right on a right-to-left page (it was on the left before).
      expect(look).toEqual({ dir: 'rtl', right: '3px', left: '0px', inside: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(viewport.width);
      await noViolations(name);
      await shot(page, name);
    }
  });

  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)('keeps the comment form’s and a reply’s drafts across reloads, per article, and drops them once posted (%s)', async (size, viewport) => {
    const id = article('drafts');
    const other = article('drafts-other');
    const dora = a.reader(`u-dora-${size}`, 'Dora');
    await postComment(t, a.reader('u-eli', 'Eli'), id, text('something to answer'));
    await open(id, { token: dora, viewport });
    const form = () => page.getByRole('textbox', { name: 'Write a comment' });
    await form().fill('Half a thought about the harbour');
    await card(page, 'something to answer').getByRole('button', { name: 'Reply' }).click();
    await page.getByRole('textbox', { name: 'Reply to Eli' }).fill('A reply I will finish later');

    // Reloaded (the same browser): both are back, the reply once its form opens again.
    await page.close();
    await open(id, { token: dora, viewport, keep: true });
    await expect(form().inputValue()).resolves.toBe('Half a thought about the harbour');
    await card(page, 'something to answer').getByRole('button', { name: 'Reply' }).click();
    await expect(page.getByRole('textbox', { name: 'Reply to Eli' }).inputValue()).resolves.toBe('A reply I will finish later');
    await expect(page.locator('#parley-comments').evaluate((h) => h.shadowRoot!.querySelector('.counter')!.textContent)).resolves.toMatch(/^32 \//);
    await noViolations('drafts restored');
    await shot(page, `gaps-drafts-restored-${size}`);

    // Another article has its own (none).
    const restored = page;
    await open(other, { token: dora, viewport, keep: true });
    await expect(page.getByRole('textbox', { name: 'Write a comment' }).inputValue()).resolves.toBe('');
    await page.close();
    page = restored;

    // Posted: gone, from the form and from storage; the reply too.
    await page.getByRole('button', { name: 'Post comment' }).click();
    await card(page, 'Half a thought about the harbour').waitFor();
    await page.getByRole('button', { name: 'Post reply' }).click();
    await card(page, 'A reply I will finish later').waitFor();
    await expect(page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parley.draft.')))).resolves.toEqual([]);
    await page.close();
    await open(id, { token: dora, viewport, keep: true });
    await expect(page.getByRole('textbox', { name: 'Write a comment' }).inputValue()).resolves.toBe('');
    expect(await page.locator('#parley-comments').evaluate((h) => h.shadowRoot!.querySelectorAll('textarea').length)).toBe(1);
  });

  it('a moderator’s warning arrives in the bell live; opening it goes to the warning, which is acknowledged there', async () => {
    for (const [viewport, name] of [
      [DESKTOP, 'gaps-warning-bell'],
      [PHONE, 'gaps-warning-bell-phone'],
    ] as const) {
      // A reader of their own for each size: one warning each.
      const id = article('warned-bell');
      const wes = a.reader(`u-${name}`, 'Wes');
      await postComment(t, wes, id, text('before the warning'));
      await open(id, { token: wes, viewport });
      const w = await must(t.api('POST', `/moderation/users/u-${name}/warn`, { token: a.mod, body: { message: `Please keep it civil (${name}).` } }), 201);
      const bell = page.locator('#parley-comments button.bell[data-unread="1"]');
      await bell.click();
      const panel = page.getByRole('region', { name: 'Notifications' });
      const item = panel.getByRole('button', { name: 'Mo Moderator, a moderator, has warned you: read and acknowledge it before you post again' });
      await item.waitFor();
      await panel.getByText(`“${w.message}”`).waitFor();
      await noViolations(`${name} panel`);
      await shot(page, name);

      await item.click();
      // The panel closes and the warning above the form has the focus.
      await panel.waitFor({ state: 'hidden' });
      const heading = page.getByRole('heading', { name: 'A moderator has warned you' });
      await expect(heading.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).resolves.toBe(true);
      await page.getByRole('region', { name: 'A moderator has warned you' }).getByText(w.message).waitFor();
      await page.locator('#parley-comments button.bell[data-unread="0"]').waitFor();
      await noViolations(`${name} warning`);
      await shot(page, `${name}-warning`);
      await page.getByRole('button', { name: 'Acknowledge' }).click();
      await page.getByRole('textbox', { name: 'Write a comment' }).waitFor();
      expect((await must(t.api('GET', '/me', { token: wes }))).warning).toBeNull();

      // Opened again once acknowledged: said, and nothing to go to.
      await page.locator('#parley-comments button.bell').click();
      await item.click();
      await page.waitForFunction(
        () =>
          document.querySelector('#parley-comments')!.shadowRoot!.querySelector('[role=status][aria-live]')!.textContent ===
          'You have acknowledged this warning already.',
      );
    }
  });
});
