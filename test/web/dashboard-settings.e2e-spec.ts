import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, startBrowserSuite } from '../support/browser-suite';
import { makeStaff } from '../staff/staff-helpers';
import { shot, signInModerator } from './browser';
import { DESKTOP, expectNoViolations, focused, PHONE, phoneShot, signInWithPassword, tabTo, focusedOnce } from './dashboard-helpers';

jest.setTimeout(120_000);

const PASSWORD = 'owner password of some length';

/** Every key of a settings answer, rate limits as `rateLimits.x`. */
const keysOf = (s: Record<string, unknown>) =>
  Object.entries(s).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).map((n) => `${k}.${n}`) : [k]));

/** The settings screen in a real browser: every setting, saved and in force, the server's messages, the log, keyboard and phone. */
describe('dashboard: the settings screen', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let browser: Browser;
  let owner: { id: string; email: string };
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    ({ t, browser } = suite = await startBrowserSuite());
    owner = await makeStaff(t.ds, { name: 'Olive Owner', owner: true, password: PASSWORD });
  });
  afterAll(() => suite?.close());
  afterEach(async () => {
    while (contexts.length) await contexts.pop()!.close();
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  async function open(viewport = DESKTOP): Promise<Page> {
    const { context, page } = await openPage(browser, viewport, { errors, dialogs });
    contexts.push(context);
    return page;
  }

  async function settingsScreen(viewport = DESKTOP): Promise<Page> {
    const page = await open(viewport);
    await signInWithPassword(page, t.url, owner.email, PASSWORD);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('spinbutton', { name: 'Longest comment' }).waitFor();
    return page;
  }

  const config = async () => (await t.api('GET', '/config')).body as { maxLength: number; maxDepth: number };
  const adminToken = () => t.token({ sub: 'adm', name: 'Adm', role: 'admin' });
  const stored = async () => (await t.api('GET', '/settings', { token: adminToken() })).body as Record<string, unknown>;

  it('shows every setting the API has, each labelled, with help, and no violations', async () => {
    const page = await settingsScreen();
    await expect(focused(page)).resolves.toBe('h2:Site settings');
    const names = await page.locator('form.settings [name]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('name')))]);
    expect(names.sort()).toEqual(keysOf(await stored()).sort());
    // Each control has a label and a description a screen reader reads with it.
    const unlabelled = await page
      .locator('form.settings input:not([type=radio]):not([type=file]), form.settings textarea')
      .evaluateAll((els) => els.filter((e) => !(e as HTMLInputElement).labels?.length || !e.getAttribute('aria-describedby')).map((e) => e.outerHTML));
    expect(unlabelled).toEqual([]);
    await page.getByRole('radio', { name: 'Comments with a link' }).waitFor();
    await expectNoViolations(page);
    await shot(page, 'dashboard-settings');
  });

  it('a new maximum length is saved, confirmed on screen, in force for readers, and in the moderation log', async () => {
    const page = await settingsScreen();
    const before = (await config()).maxLength;
    expect(before).toBe(5000);
    const field = page.getByRole('spinbutton', { name: 'Longest comment' });
    await field.fill('1200');
    await page.getByText('You have unsaved changes.').waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();
    const saved = page.locator('.savebar .msg.ok');
    await saved.getByText(/^Settings saved at \d\d:\d\d:\d\d\. They are in force now\.$/).waitFor();
    // Seen, not only announced: the confirmation is on screen beside the button.
    await expect(saved.isVisible()).resolves.toBe(true);
    await shot(page, 'dashboard-settings-saved');
    expect((await config()).maxLength).toBe(1200);
    const long = await t.api('POST', '/articles/set-1/comments', { token: t.token({ sub: 'u-lo', name: 'Lo' }), body: { body: 'x'.repeat(1201) } });
    expect([long.status, long.body.code]).toEqual([400, 'COMMENT_TOO_LONG']);

    const log = await t.api('GET', '/moderation/log?limit=5', { token: adminToken() });
    expect(log.body.items[0]).toMatchObject({ action: 'settings.changed', actorId: `staff:${owner.id}`, reason: 'maxLength: 5000 → 1200' });
    // And the dashboard's own log shows it.
    await page.getByRole('link', { name: 'Queues' }).click();
    await page.getByRole('tab', { name: 'Log' }).click();
    await page.getByRole('table').getByRole('cell', { name: 'maxLength: 5000 → 1200' }).waitFor();
  });

  it("the server's validation messages are shown at the setting and in a summary, and nothing is saved", async () => {
    const page = await settingsScreen();
    const maxLength = (await config()).maxLength;
    await page.getByRole('spinbutton', { name: 'Longest comment' }).fill('50000');
    await page.getByRole('spinbutton', { name: 'Comments per minute' }).fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'settings need a change before saving' });
    await summary.waitFor();
    await expect(focused(page)).resolves.toMatch(/^div:2 settings need a change/);
    await page.locator('.field-err', { hasText: '“Longest comment” must not be greater than 20000' }).waitFor();
    await page.locator('.field-err', { hasText: '“Comments per minute” must not be less than 1' }).waitFor();
    await expect(page.getByRole('spinbutton', { name: 'Longest comment' }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expectNoViolations(page);
    await shot(page, 'dashboard-settings-invalid');
    expect((await config()).maxLength).toBe(maxLength);
    // The summary's links take focus to the field.
    await summary.getByRole('link', { name: /Comments per minute/ }).click();
    await expect(focused(page)).resolves.toBe('input:Comments per minute');
  });

  it('the sender address of emails: a wrong one is refused at the field, a right one saved, an empty one goes back to the service’s', async () => {
    const page = await settingsScreen();
    const field = page.getByRole('textbox', { name: 'Sender address of emails' });
    await expect(field.inputValue()).resolves.toBe('');
    await field.fill('letters at site.test');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.field-err', { hasText: 'must be an email address' }).waitFor();
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await stored()).mailFrom).toBeNull();

    await field.fill('letters@site.test');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .locator('.savebar .msg.ok')
      .getByText(/^Settings saved at/)
      .waitFor();
    expect((await stored()).mailFrom).toBe('letters@site.test');
    await expectNoViolations(page);
    await field.scrollIntoViewIfNeeded();
    await shot(page, 'dashboard-settings-sender');

    await field.fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .locator('.savebar .msg.ok')
      .getByText(/^Settings saved at/)
      .waitFor();
    expect((await stored()).mailFrom).toBeNull();
  });

  it('banned words imported from a text file are added to the list, saved, and refuse comments', async () => {
    const page = await settingsScreen();
    const area = page.getByRole('textbox', { name: 'Banned words' });
    await area.fill('existingword');
    await page.getByLabel('Import banned words from a text file').setInputFiles({
      name: 'banned.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('ferryhater\r\n\r\n  scoundrel  \nEXISTINGWORD\nbad phrase here\n'),
    });
    await page.getByText('Added 3 words from banned.txt (1 was already listed). Save to put them in force.').waitFor();
    await expect(area.inputValue()).resolves.toBe('existingword\nferryhater\nscoundrel\nbad phrase here');
    await page.getByText('4 words').waitFor();
    await shot(page, 'dashboard-settings-imported');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText(/^Settings saved at/).waitFor();
    expect((await stored()).bannedWords).toEqual(['existingword', 'ferryhater', 'scoundrel', 'bad phrase here']);
    const refused = await t.api('POST', '/articles/set-2/comments', { token: t.token({ sub: 'u-sc', name: 'Sc' }), body: { body: 'You scoundrel!' } });
    expect(refused.body.status).toBe('rejected');
    const log = await t.api('GET', '/moderation/log?limit=1', { token: adminToken() });
    expect(log.body.items[0]).toMatchObject({ action: 'settings.changed', reason: 'bannedWords: 4 added, 0 removed' });
  });

  it('keyboard only: sign in, open the settings, change the reply depth and save', async () => {
    const page = await open();
    await page.goto(`${t.url}/moderate`);
    await page.getByRole('textbox', { name: 'Email address' }).waitFor();
    await expect(focused(page)).resolves.toBe('input:Email address');
    await page.keyboard.type(owner.email);
    await page.keyboard.press('Tab');
    await expect(focused(page)).resolves.toBe('input:Password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText('Signed in as Olive Owner (owner)').waitFor();
    await expect(focusedOnce(page, /^button:Pending/)).resolves.toMatch(/^button:Pending/);
    // Back up through the header to the navigation.
    const seen: string[] = [];
    for (let i = 0; i < 15 && (await focused(page)) !== 'a:Settings'; i++) {
      await page.keyboard.press('Shift+Tab');
      seen.push(await focused(page));
    }
    expect(seen).toContain('a:Settings');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Site settings' }).waitFor();
    await expect(focused(page)).resolves.toBe('h2:Site settings');
    await tabTo(page, 'input:Reply depth');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await page.getByText(/^Settings saved at/).waitFor();
    expect((await config()).maxDepth).toBe(1);
    await shot(page, 'dashboard-settings-keyboard');
  });

  it('on a phone the settings fit the width', async () => {
    const page = await settingsScreen(PHONE);
    await expectNoViolations(page);
    await phoneShot(page, 'dashboard-settings-phone');
  });

  it('publisher tokens: an admin token gets the settings screen, a moderator token does not', async () => {
    const admin = await open();
    await signInModerator(admin, adminToken());
    await admin.goto(`${t.url}/moderate#settings`);
    await admin.getByRole('heading', { name: 'Site settings' }).waitFor();
    await admin.getByRole('radio', { name: 'Every comment' }).check();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText(/^Settings saved at/).waitFor();
    expect((await stored()).premoderation).toBe('all');
    // The staff screen needs a staff session: not offered to a token.
    await expect(admin.getByRole('navigation').getByRole('link').allTextContents()).resolves.toEqual([
      'Queues',
      'Statistics',
      'Settings',
      'Webhooks',
      'Import',
    ]);

    const mod = await open();
    await signInModerator(mod, t.token({ sub: 'mod', name: 'Mod', role: 'moderator' }));
    await mod.goto(`${t.url}/moderate#settings`);
    await mod.getByRole('tab', { name: /^Pending/ }).waitFor();
    // A moderator's navigation has the queues and the statistics only.
    await expect(mod.getByRole('navigation').getByRole('link').allTextContents()).resolves.toEqual(['Queues', 'Statistics']);
    await expect(mod.getByRole('heading', { name: 'Site settings' }).count()).resolves.toBe(0);
  });
});
