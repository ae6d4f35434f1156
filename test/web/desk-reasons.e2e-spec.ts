import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, Publisher, startBrowserSuite } from '../support/browser-suite';
import { enc, must, patchSettings } from '../support/factories';
import { scan, WIDGET } from './axe';
import { card, shot, signInModerator, signInReader, widgetReady } from './browser';
import { DESKTOP, expectNoViolations, focused } from './dashboard-helpers';

jest.setTimeout(180_000);

/** The phone size these screens are tried at. */
const PHONE = { width: 390, height: 844 };

/** Reject reasons from the site's list, the reason reaching the author, warnings, and a ban that rejects published comments: in a real browser. */
describe('moderator desk: reasons, warnings and bans (browser)', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let site: Publisher;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const trouble = { errors: [] as string[], dialogs: [] as string[] };
  let n = 0;

  const admin = () => t.token({ sub: 'adm-r', name: 'Ada Admin', role: 'admin' });
  const mod = () => t.token({ sub: 'mod-r', name: 'Maya Moderator', role: 'moderator' });
  const reader = (sub: string, name = sub) => t.token({ sub, name });

  beforeAll(async () => {
    ({ t, site, browser } = suite = await startBrowserSuite());
    await patchSettings(t, admin(), { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 1000 } });
  });
  afterAll(() => suite?.close());
  afterEach(async () => {
    while (contexts.length) await contexts.pop()!.close();
    expect(trouble.errors).toEqual([]);
    expect(trouble.dialogs).toEqual([]);
  });

  async function open(viewport = DESKTOP): Promise<Page> {
    const { context, page } = await openPage(browser, viewport, trouble);
    contexts.push(context);
    return page;
  }

  async function desk(token = mod(), viewport = DESKTOP): Promise<Page> {
    const page = await open(viewport);
    await signInModerator(page, token);
    await page.goto(`${t.url}/moderate`);
    await page.locator('body[data-live="on"]').waitFor();
    await page.getByRole('tab', { name: /^Pending/ }).waitFor();
    return page;
  }

  /** Nothing wider than the phone's screen. */
  async function fitsPhone(page: Page): Promise<void> {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBe(PHONE.width);
  }

  async function filterTo(page: Page, articleId: string): Promise<void> {
    await page.keyboard.press('/');
    await page.keyboard.type(articleId);
    await page.keyboard.press('Enter');
    await page.getByText(`Showing article ${articleId} only.`).waitFor();
  }

  /** A premoderated article with these comments held, each by its own author (returned with the ids). */
  async function held(articleId: string, bodies: string[]): Promise<{ id: string; sub: string }[]> {
    await must(t.api('PATCH', `/articles/${enc(articleId)}`, { token: mod(), body: { premoderation: true, title: `Story ${articleId}` } }));
    const out: { id: string; sub: string }[] = [];
    for (const body of bodies) {
      const sub = `u-reasons-${++n}`;
      const res = await t.api('POST', `/articles/${enc(articleId)}/comments`, { token: reader(sub, `Reader ${n}`), body: { body } });
      expect(res.status).toBe(201);
      out.push({ id: res.body.id, sub });
    }
    return out;
  }

  const item = (page: Page, text: string) => page.locator('article.item', { hasText: text });
  const logOf = async (id: string) => (await must(t.api('GET', `/moderation/log?commentId=${id}`, { token: mod() }))).items;

  it('an admin edits the reasons on the Settings screen; the reject prompt offers them and one key press rejects with one', async () => {
    const page = await desk(admin());
    await page.getByRole('link', { name: 'Settings' }).click();
    const reasons = page.getByRole('textbox', { name: 'Reasons to reject with' });
    await expect(reasons.inputValue()).resolves.toBe('Spam or advertising\nAbuse or insults\nOff topic\nPersonal information\nMisinformation');
    await reasons.fill('Personal attack\nOff topic\n  Spam  \nOff topic\n');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Settings saved at/).waitFor();
    expect((await must(t.api('GET', '/settings', { token: admin() }))).rejectReasons).toEqual(['Personal attack', 'Off topic', 'Spam']);
    await expectNoViolations(page);
    await reasons.scrollIntoViewIfNeeded();
    await shot(page, 'settings-reasons');

    const [a, b] = await held('reasons-one', ['A personal attack on Bob', 'Stays in the queue']);
    const m = await desk();
    await filterTo(m, 'reasons-one');
    await item(m, 'Stays in the queue').waitFor();
    await m.keyboard.press('j');
    await m.keyboard.press('r');
    const prompt = item(m, 'A personal attack on Bob').locator('form.reject');
    await prompt.waitFor();
    await expect(prompt.getByRole('group', { name: 'Or reject at once as:' }).getByRole('button').allTextContents()).resolves.toEqual([
      'Personal attack',
      'Off topic',
      'Spam',
    ]);
    await expect(focused(m)).resolves.toMatch(/^input/);
    await expectNoViolations(m);
    await shot(m, 'reject-prompt');
    // From the text box: Tab past Reject comment and Cancel to the first reason; Enter rejects with it.
    for (let i = 0; i < 3; i++) await m.keyboard.press('Tab');
    await expect(focused(m)).resolves.toMatch(/Personal attack/);
    await m.keyboard.press('Enter');
    await item(m, 'A personal attack on Bob').waitFor({ state: 'detached' });
    expect((await logOf(a.id))[0]).toMatchObject({ action: 'reject', reason: 'Personal attack', actorId: 'mod-r' });
    await expect(item(m, 'Stays in the queue').getAttribute('aria-current')).resolves.toBe('true');
    expect(b.id).toBeTruthy();
  });

  it('Shift+R asks for one reason for the selected items, from the keyboard, and rejects them all with it', async () => {
    const items = await held('reasons-bulk', ['Bulk one', 'Bulk two', 'Bulk keeper']);
    const m = await desk();
    await filterTo(m, 'reasons-bulk');
    await item(m, 'Bulk keeper').waitFor();
    await m.keyboard.press('j');
    await m.keyboard.press('x');
    await m.keyboard.press('j');
    await m.keyboard.press('x');
    await m.keyboard.press('Shift+R');
    const bar = m.locator('.bulk form.reject');
    await bar.waitFor();
    await expect(focused(m)).resolves.toMatch(/^input/);
    await expectNoViolations(m);
    await shot(m, 'reject-bulk-prompt');
    // Esc goes back without rejecting anything.
    await m.keyboard.press('Escape');
    await bar.waitFor({ state: 'detached' });
    await expect(item(m, 'Bulk one').count()).resolves.toBe(1);
    await m.keyboard.press('Shift+R');
    await bar.waitFor();
    await m.keyboard.type('Duplicate posts');
    await m.keyboard.press('Enter');
    await item(m, 'Bulk one').waitFor({ state: 'detached' });
    await item(m, 'Bulk two').waitFor({ state: 'detached' });
    await item(m, 'Bulk keeper').waitFor();
    for (const c of items.slice(0, 2)) expect((await logOf(c.id))[0]).toMatchObject({ action: 'reject', reason: 'Duplicate posts' });
    expect(await logOf(items[2].id)).toEqual([]);
  });

  it('the reject prompt fits a phone and passes axe there', async () => {
    await held('reasons-phone', ['Reject me on a phone']);
    const m = await desk(mod(), PHONE);
    await filterTo(m, 'reasons-phone');
    await item(m, 'Reject me on a phone').waitFor();
    await m.keyboard.press('j');
    await m.keyboard.press('r');
    await item(m, 'Reject me on a phone').locator('form.reject').getByRole('button', { name: 'Off topic' }).waitFor();
    await fitsPhone(m);
    await expectNoViolations(m);
    await shot(m, 'reject-prompt-phone');
    await m.keyboard.press('Escape');
    await expect(item(m, 'Reject me on a phone').locator('form.reject').count()).resolves.toBe(0);
  });

  it('the author sees the reason under their comment, live', async () => {
    const [c] = await held('reasons-live', ['Please reject me kindly']);
    const page = await open();
    await signInReader(page, reader(c.sub, 'Reader'));
    await page.goto(site.article('reasons-live'));
    await widgetReady(page, true);
    await card(page, 'Please reject me kindly').waitFor();
    await must(t.api('POST', `/moderation/comments/${c.id}/reject`, { token: mod(), body: { reason: 'Off topic' } }));
    await card(page, 'Please reject me kindly').locator('.notice', { hasText: 'Reason: Off topic' }).waitFor();
    await shot(page, 'author-reason');
  });

  it('a moderator warns from the user panel; the reader acknowledges above the form before posting again', async () => {
    const [c] = await held('reasons-warn', ['Something a bit rude']);
    await must(t.api('POST', `/moderation/comments/${c.id}/approve`, { token: mod() }));
    const m = await desk();
    await m.keyboard.press('4');
    await filterTo(m, 'reasons-warn');
    await item(m, 'Something a bit rude').waitFor();
    await m.keyboard.press('j');
    await m.keyboard.press('u');
    const panel = m.locator('aside.panel');
    await panel.getByRole('heading', { name: /^User: Reader/ }).waitFor();
    await panel.getByText('No warnings sent.').waitFor();
    const box = panel.getByRole('textbox', { name: 'Warn this user' });
    await box.focus();
    await m.keyboard.type('Please keep it civil, or you will be banned.');
    await m.keyboard.press('Tab');
    await expect(focused(m)).resolves.toMatch(/Send warning/);
    await m.keyboard.press('Enter');
    await panel.getByText('not acknowledged yet').waitFor();
    await expect(focused(m)).resolves.toMatch(/Warnings/);
    await expectNoViolations(m);
    await shot(m, 'warn-panel');

    // The phone first, only looking; then the desktop acknowledges.
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await open(viewport);
      await signInReader(page, reader(c.sub, 'Reader'));
      await page.goto(site.article('reasons-warn'));
      await widgetReady(page);
      const warning = page.getByRole('region', { name: 'A moderator has warned you' });
      await warning.getByText('Please keep it civil, or you will be banned.').waitFor();
      await expect(page.getByRole('textbox', { name: 'Write a comment' }).isVisible()).resolves.toBe(false);
      expect(await scan(page, WIDGET)).toEqual([]);
      if (viewport === PHONE) {
        await fitsPhone(page);
        await shot(page, 'warning-phone');
        continue;
      }
      await shot(page, 'warning-widget');
      // Keyboard only: Tab to Acknowledge, Enter; the form comes back with focus in it.
      await warning.getByRole('button', { name: 'Acknowledge' }).focus();
      await page.keyboard.press('Enter');
      await warning.waitFor({ state: 'hidden' });
      const composer = page.getByRole('textbox', { name: 'Write a comment' });
      await expect(composer.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);
      await page.keyboard.type('Sorry, I will keep it civil.');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await card(page, 'Sorry, I will keep it civil.').waitFor();
    }
    const log = (await must(t.api('GET', `/moderation/log?userId=${c.sub}`, { token: mod() }))).items.map((l: any) => l.action);
    expect(log.slice(0, 2)).toEqual(['user.warning_acknowledged', 'user.warn']);
  });

  it('a warning sent while the reader’s page is open comes up at once', async () => {
    const [c] = await held('reasons-warn-live', ['Posted before the warning']);
    await must(t.api('POST', `/moderation/comments/${c.id}/approve`, { token: mod() }));
    const page = await open();
    await signInReader(page, reader(c.sub, 'Reader'));
    await page.goto(site.article('reasons-warn-live'));
    await widgetReady(page, true);
    const composer = page.getByRole('textbox', { name: 'Write a comment' });
    await composer.waitFor();
    await must(t.api('POST', `/moderation/users/${c.sub}/warn`, { token: mod(), body: { message: 'Mind the tone, please.' } }), 201);
    const warning = page.getByRole('region', { name: 'A moderator has warned you' });
    await warning.getByText('Mind the tone, please.').waitFor();
    await expect(composer.isVisible()).resolves.toBe(false);
    expect(await scan(page, WIDGET)).toEqual([]);
  });

  it('the ban dialog rejects the published comments too: they leave the queue as this moderator’s own, with the count said', async () => {
    await must(t.api('PATCH', '/articles/reasons-ban', { token: mod(), body: { premoderation: false, title: 'Ban story' } }));
    const troll = reader('u-reasons-troll', 'Troll');
    for (const body of ['Troll published one', 'Troll published two', 'Troll published three'])
      expect((await t.api('POST', '/articles/reasons-ban/comments', { token: troll, body: { body } })).status).toBe(201);
    expect((await t.api('POST', '/articles/reasons-ban/comments', { token: reader('u-reasons-good', 'Good'), body: { body: 'A good comment' } })).status).toBe(
      201,
    );
    const m = await desk(mod(), PHONE);
    await m.keyboard.press('3');
    await filterTo(m, 'reasons-ban');
    await item(m, 'Troll published three').waitFor();
    await m.evaluate(() => {
      (window as any).__ghosts = 0;
      new MutationObserver(() => {
        if (document.querySelector('article.item.gone')) (window as any).__ghosts++;
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await m.keyboard.press('j');
    await m.keyboard.press('u');
    const panel = m.locator('aside.panel');
    await panel.getByRole('heading', { name: 'User: Troll' }).waitFor();
    await panel.getByRole('textbox', { name: 'Reason for the ban' }).fill('trolling');
    await panel.getByRole('checkbox', { name: 'Also reject their published comments' }).check();
    await fitsPhone(m);
    await expectNoViolations(m);
    await shot(m, 'ban-published-phone');
    await panel.getByRole('button', { name: 'Ban user' }).click();
    await panel.getByText('0 approved · 3 rejected').waitFor();
    for (const text of ['Troll published one', 'Troll published two', 'Troll published three']) await item(m, text).waitFor({ state: 'detached' });
    await item(m, 'A good comment').waitFor();
    await m.locator('[role=status]', { hasText: 'Done: Ban user. 3 comments rejected.' }).waitFor({ state: 'attached' });
    await m.waitForTimeout(1000);
    await expect(m.evaluate(() => (window as any).__ghosts)).resolves.toBe(0);
    const page = await must(t.api('GET', '/articles/reasons-ban/comments'));
    expect(page.items.map((c: any) => c.body)).toEqual(['A good comment']);
  });
});
