import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, startBrowserSuite } from '../support/browser-suite';
import { enc, must } from '../support/factories';
import { shot, signInModerator } from './browser';
import { DESKTOP, expectNoViolations } from './dashboard-helpers';

jest.setTimeout(180_000);

/** The user panel's "Personal data" part: an admin downloads a reader's data and deletes the account; a moderator is not offered either. */
describe('dashboard: a reader’s personal data in the user panel', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const trouble = { errors: [] as string[], dialogs: [] as string[] };

  const admin = () => t.token({ sub: 'adm-data', name: 'Ada Admin', role: 'admin' });
  const mod = () => t.token({ sub: 'mod-data', name: 'Maya Moderator', role: 'moderator' });

  beforeAll(async () => {
    ({ t, browser } = suite = await startBrowserSuite());
  });
  afterAll(() => suite?.close());
  afterEach(async () => {
    while (contexts.length) await contexts.pop()!.close();
    expect(trouble.errors).toEqual([]);
    expect(trouble.dialogs).toEqual([]);
  });

  async function desk(token: string, viewport = DESKTOP): Promise<Page> {
    const { context, page } = await openPage(browser, viewport, trouble);
    contexts.push(context);
    page.setDefaultTimeout(30_000);
    await signInModerator(page, token);
    await page.goto(`${t.url}/moderate`);
    await page.locator('body[data-live="on"]').waitFor();
    await page.getByRole('tab', { name: /^Pending/ }).waitFor();
    return page;
  }

  /** A held comment by `sub`, and its author's panel opened from its card. */
  async function panelOf(page: Page, sub: string, text: string) {
    await page.keyboard.press('/');
    await page.keyboard.type(`data-${sub}`);
    await page.keyboard.press('Enter');
    await page.locator('article.item', { hasText: text }).getByRole('button', { name: 'User panel' }).click();
    const panel = page.locator('aside.panel');
    await panel.getByRole('heading', { level: 2 }).waitFor();
    return panel;
  }

  async function held(sub: string, name: string, text: string): Promise<string> {
    const articleId = `data-${sub}`;
    await must(t.api('PATCH', `/articles/${enc(articleId)}`, { token: admin(), body: { premoderation: true, title: `Story ${sub}` } }));
    const res = await t.api('POST', `/articles/${enc(articleId)}/comments`, {
      token: t.token({ sub, name, email: `${sub}@example.test` }),
      body: { body: text },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  it('an admin downloads the data and deletes the account after typing its id; both are logged', async () => {
    const id = await held('u-ivo', 'Ivo Reader', 'Ivo held for the data test');
    const page = await desk(admin());
    const panel = await panelOf(page, 'u-ivo', 'Ivo held for the data test');
    await panel.getByRole('heading', { name: 'Personal data' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download their data' }).click()]);
    const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(data.profile).toMatchObject({ id: 'u-ivo', email: 'u-ivo@example.test' });
    expect(data.comments.map((c: any) => c.id)).toEqual([id]);
    await panel.getByText('Their data was downloaded (one comment).', { exact: false }).waitFor();

    await panel.getByRole('button', { name: 'Delete account…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Ivo Reader’s account?' });
    await dialog.waitFor();
    await expect(expectNoViolations(page)).resolves.toBeUndefined();
    await shot(page, 'dashboard-user-delete-dialog');
    await dialog.getByRole('textbox', { name: 'Type their ID to confirm' }).fill('someone');
    await dialog.getByRole('button', { name: 'Delete account' }).click();
    await dialog.getByText('The ID typed is not this user’s.').waitFor();
    expect((await t.ds.query(`SELECT deleted_at FROM users WHERE id = 'u-ivo'`))[0].deleted_at).toBeNull();
    await dialog.getByRole('textbox', { name: 'Type their ID to confirm' }).fill('u-ivo');
    await dialog.getByRole('button', { name: 'Delete account' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await panel.getByRole('heading', { name: /Deleted user/ }).waitFor();
    await page.locator('article.item', { hasText: 'Ivo held for the data test' }).waitFor({ state: 'detached' });
    await shot(page, 'dashboard-user-deleted');
    const log = await t.ds.query(`SELECT action, actor_id FROM moderation_log WHERE action IN ('user.data_exported', 'user.deleted') ORDER BY id`);
    expect(log.map((r: any) => r.action)).toEqual(['user.data_exported', 'user.deleted']);
    expect((await t.ds.query(`SELECT name, email FROM users WHERE id = 'u-ivo'`))[0]).toEqual({ name: 'Deleted user', email: null });
  });

  it('a moderator sees no personal-data part; on a phone the admin’s fits and passes axe', async () => {
    await held('u-jo', 'Jo Reader', 'Jo held for the phone test');
    const m = await desk(mod());
    const mp = await panelOf(m, 'u-jo', 'Jo held for the phone test');
    await mp.getByRole('heading', { name: 'Notes' }).waitFor();
    await expect(mp.getByRole('heading', { name: 'Personal data' }).count()).resolves.toBe(0);

    const page = await desk(admin(), { width: 390, height: 844 });
    const panel = await panelOf(page, 'u-jo', 'Jo held for the phone test');
    await panel.getByRole('heading', { name: 'Personal data' }).scrollIntoViewIfNeeded();
    await expect(expectNoViolations(page)).resolves.toBeUndefined();
    // Nothing wider than the phone's screen.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await shot(page, 'dashboard-user-data-phone');
  });
  it('the settings screen sets what a deletion does to comments and how long emails and IPs are kept (empty: kept)', async () => {
    const page = await desk(admin());
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('spinbutton', { name: 'Longest comment' }).waitFor();
    const stored = async () => (await must(t.api('GET', '/settings', { token: admin() }))) as { accountDeletion: string; retentionDays: number | null };
    await expect(page.getByRole('radio', { name: 'Delete them' }).isChecked()).resolves.toBe(true);
    const days = page.getByRole('spinbutton', { name: 'Keep emails and IP addresses for' });
    await expect(days.inputValue()).resolves.toBe('');
    await page.getByRole('radio', { name: 'Keep them anonymized' }).check();
    await days.fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.savebar .msg.ok').waitFor();
    expect(await stored()).toMatchObject({ accountDeletion: 'anonymize', retentionDays: 30 });
    await days.fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .getByRole('alert')
      .getByText(/Keep emails and IP addresses for/)
      .waitFor();
    expect((await stored()).retentionDays).toBe(30);
    await days.fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.savebar .msg.ok').waitFor();
    expect(await stored()).toMatchObject({ accountDeletion: 'anonymize', retentionDays: null });
    await expect(expectNoViolations(page)).resolves.toBeUndefined();
  });
});
