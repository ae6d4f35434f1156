import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, Publisher, startBrowserSuite } from '../support/browser-suite';
import { actors, Actors, article, must, postComment } from '../support/factories';
import { scan, WIDGET } from './axe';
import { card, shot, signInReader, widgetReady } from './browser';
import { pagesPerTest, type Viewport } from './fresh-pages';

jest.setTimeout(180_000);

/** The widget's account menu: a signed-in reader downloads their data and deletes their account after a dialog. */
describe('embed widget: my account', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let a: Actors;
  let site: Publisher;
  let page: Page;
  const newPage = pagesPerTest(() => suite.browser, { viewport: { width: 1000, height: 900 }, timeout: 30_000 });

  beforeAll(async () => {
    ({ t, site } = suite = await startBrowserSuite());
    a = actors(t);
  });
  afterAll(() => suite?.close());

  const open = async (viewport?: Viewport) => {
    page = await newPage(viewport);
  };
  const noViolations = async (label: string) => expect({ label, v: await scan(page, WIDGET) }).toEqual({ label, v: [] });

  it('downloads the reader’s data as a JSON file, and deletes the account after the dialog (phone-sized)', async () => {
    const id = article('account');
    const token = a.reader('u-hana', 'Hana');
    const mine = await postComment(t, token, id, 'Hana was here and leaves');
    await open({ width: 390, height: 844 });
    await signInReader(page, token);
    await page.goto(site.article(id));
    await widgetReady(page, true);
    await card(page, 'Hana was here').waitFor();

    const menu = page.getByRole('button', { name: 'My account', exact: true });
    await menu.click();
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.getByRole('region', { name: 'Your account on this site' }).waitFor();
    await noViolations('account panel');
    await shot(page, 'widget-account-panel');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
    const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(data.profile).toMatchObject({ id: 'u-hana', name: 'Hana' });
    expect(data.comments.map((c: any) => c.id)).toEqual([mine.id]);
    expect(download.suggestedFilename()).toBe('parley-data-default-u-hana.json');
    await page.getByText('Your data was downloaded as a JSON file.').waitFor();

    await page.getByRole('button', { name: 'Delete my account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.waitFor();
    await noViolations('delete dialog');
    await shot(page, 'widget-account-dialog');
    // Escape and Cancel change nothing.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await t.ds.query(`SELECT deleted_at FROM users WHERE id = 'u-hana'`))[0].deleted_at).toBeNull();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByText('Tick the box to confirm.').waitFor();
    await dialog.getByRole('checkbox', { name: 'I understand that my account is deleted for good' }).check();
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText('Your account was deleted. One comment was removed.').first().waitFor();
    await card(page, 'Hana was here').waitFor({ state: 'detached' });
    await expect(menu.isHidden()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Download my data' }).count()).resolves.toBe(0);
    await shot(page, 'widget-account-deleted');
    const row = (await t.ds.query(`SELECT name, email, deleted_at FROM users WHERE id = 'u-hana'`))[0];
    expect(row.name).toBe('Deleted user');
    expect(row.deleted_at).not.toBeNull();
    expect((await t.api('POST', `/articles/${id}/comments`, { token, body: { body: 'again?' } })).status).toBe(403);
    expect(await must(t.api('GET', `/comments/${mine.id}`)).catch((e: Error) => e.message)).toContain('404');
  });

  it('is not offered to a reader who is not signed in', async () => {
    await open();
    await page.goto(site.article(article('anon')));
    await widgetReady(page);
    await expect(page.getByRole('button', { name: 'My account', exact: true }).count()).resolves.toBe(0);
  });
});
