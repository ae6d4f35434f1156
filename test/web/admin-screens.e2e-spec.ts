/**
 * The admins' webhooks and import screens in a real browser, signed in with a staff session:
 * an endpoint added (its secret shown once, copied, and verifying a real delivery to a receiver on
 * 127.0.0.1), its deliveries with Resend, edit, disable and enable (with the reason), rotate and
 * delete; a file imported from disk after a dry run whose report matches the API's, the progress
 * bar fed by the server's stream; refusals said in words; axe at zero violations; a phone pass.
 */
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, startBrowserSuite } from '../support/browser-suite';
import { makeStaff } from '../staff/staff-helpers';
import { FIXTURES, fixture, postImport } from '../transfer/transfer-helpers';
import { FAST_WEBHOOKS, Receiver, verifyStandardWebhook } from '../webhooks/webhook-helpers';
import { eventually, shot } from './browser';
import { ADMIN_NAV, DESKTOP, expectNoViolations, focused, PHONE, phoneShot, signInToScreen } from './dashboard-helpers';
import { pagesPerTest } from './fresh-pages';

jest.setTimeout(180_000);

const PASSWORD = 'admin password of some length';
const DISQUS = 'remark42__migrator_testdata_disqus-deleted-thread.xml';
const WXR = 'isso__tests_wordpress.xml';

describe('dashboard: the webhooks and import screens', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let admin: { id: string; email: string };
  let receiver: Receiver;
  const open = pagesPerTest(() => suite.browser, { viewport: DESKTOP });

  beforeAll(async () => {
    ({ t } = suite = await startBrowserSuite(FAST_WEBHOOKS));
    admin = await makeStaff(t.ds, { name: 'Ada Admin', password: PASSWORD, roles: { default: 'admin' } });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver?.close();
    await suite?.close();
  });

  async function screen(name: 'Webhooks' | 'Import', viewport = DESKTOP): Promise<Page> {
    const page = await open(viewport);
    await signInToScreen(page, t.url, admin.email, PASSWORD, name);
    return page;
  }

  const adminToken = () => t.token({ sub: 'adm', name: 'Adm', role: 'admin' });
  const endpoints = async () => (await t.api('GET', '/webhooks', { token: adminToken() })).body.items as any[];
  const hook = (page: Page, url: string) => page.locator('li.hook', { has: page.getByRole('heading', { name: url, exact: true }) });
  const comments = async (articleId: string) => (await t.api('GET', `/articles/${encodeURIComponent(articleId)}/comments?limit=100`)).body;

  it('admins see both screens in the navigation', async () => {
    const page = await screen('Webhooks');
    await expect(page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link').allTextContents()).resolves.toEqual(ADMIN_NAV);
    await page.getByText('No endpoints yet.').waitFor();
    await expect(page.getByRole('link', { name: 'Webhooks' }).getAttribute('aria-current')).resolves.toBe('page');
  });

  it('an endpoint is added with its secret shown once and copied; a real delivery verifies with it and is listed with Resend', async () => {
    const page = await screen('Webhooks');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    const form = page.locator('form.hook-create');
    const posts: string[] = [];
    page.on('request', (r: Request) => {
      if (r.method() === 'POST' && r.url().includes('/api/v1/webhooks')) posts.push(r.url());
    });
    // Checked here before anything is sent: the address, then the events.
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.getByText('Enter the address to send to.').waitFor();
    await expect(focused(page)).resolves.toBe('input:Address (URL)');
    await form.getByRole('textbox', { name: 'Address (URL)' }).fill('ftp://hooks.example/x');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.getByText('Enter an address that starts with http:// or https://.').waitFor();
    await form.getByRole('textbox', { name: 'Address (URL)' }).fill(receiver.url);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.getByText('Choose at least one event.').waitFor();
    await expect(focused(page)).resolves.toMatch(/^input:comment\.created/);
    expect(posts).toEqual([]);
    // Slack endpoints take no events: the list goes away.
    await form.getByRole('radio', { name: 'Slack' }).check();
    await expect(form.getByRole('group', { name: 'Events to send' }).isHidden()).resolves.toBe(true);
    await form.getByText('A Slack endpoint is sent held comments only.').waitFor();
    await form.getByRole('radio', { name: 'Webhook' }).check();

    await form.getByRole('checkbox', { name: /^comment\.created/ }).check();
    await form.getByRole('checkbox', { name: /^comment\.published/ }).check();
    await form.getByRole('textbox', { name: 'Description (optional)' }).fill('The newsroom bot');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secretField = page.getByRole('textbox', { name: `Signing secret for ${receiver.url}` });
    await secretField.waitFor();
    await expect(focused(page)).resolves.toBe(`input:Signing secret for ${receiver.url}`);
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByText('it is shown only this once').waitFor();
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByText('Secret copied.').waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(secret);
    const [ep] = await endpoints();
    expect(ep).toMatchObject({ url: receiver.url, kind: 'standard', events: ['comment.created', 'comment.published'], description: 'The newsroom bot' });
    const item = hook(page, receiver.url);
    await item.getByText('Events to send: comment.created, comment.published').waitFor();
    await expect(item.getByRole('list', { name: 'Status' }).getByRole('listitem').allTextContents()).resolves.toEqual(['Webhook', 'Enabled']);

    // A comment posted on the site reaches the receiver, signed with the secret the screen showed.
    const posted = await t.api('POST', '/articles/hooked/comments', { token: t.token({ sub: 'r-1', name: 'Rae' }), body: { body: 'Hello hooks' } });
    expect(posted.status).toBe(201);
    const got = await eventually(
      () => Promise.resolve(receiver.ofType('comment.created')),
      (l) => expect(l.length).toBeGreaterThan(0),
      15_000,
    ).then(() => receiver.ofType('comment.created')[0]);
    expect(verifyStandardWebhook(secret, got.id, got.timestamp, got.body, got.signature)).toBe(true);

    // Its deliveries: the one just sent, delivered with 200, and a Resend that sends it again (same webhook-id).
    await item.getByRole('button', { name: 'Show deliveries' }).click();
    await expect(item.getByRole('button', { name: 'Hide deliveries' }).getAttribute('aria-expanded')).resolves.toBe('true');
    const region = item.getByRole('region', { name: `Recent deliveries to ${receiver.url}` });
    const row = region.locator('ol.dlv > li', { hasText: 'comment.created' });
    await eventually(
      async () => {
        if (!(await row.count()) || !(await row.first().textContent())?.includes('Delivered')) await region.getByRole('button', { name: 'Refresh' }).click();
        return (await row.count()) ? await row.first().textContent() : '';
      },
      (text) => expect(text).toMatch(/Delivered.*Response: 200.*Attempts: 1/),
      15_000,
    );
    const before = receiver.requests.filter((r) => r.id === got.id).length;
    await row
      .first()
      .getByRole('button', { name: /^Resend comment\.created of / })
      .click();
    await region.getByText('Sent again: it shows as pending until the receiver answers.').waitFor();
    await eventually(
      () => Promise.resolve(receiver.requests.filter((r) => r.id === got.id).length),
      (n) => expect(n).toBe(before + 1),
      15_000,
    );
    await eventually(
      async () => row.first().textContent(),
      (text) => expect(text).toMatch(/Delivered.*Response: 200/),
      20_000,
    );
    await expect(focused(page)).resolves.toMatch(/^button:Resend comment\.created/);
    await expectNoViolations(page);
    await shot(page, 'dashboard-webhooks');
  });

  it('an endpoint is edited, disabled with the reason shown, enabled, given a new secret and deleted after a question', async () => {
    const page = await screen('Webhooks');
    const item = hook(page, receiver.url);
    await item.waitFor();

    // Edit: the events change, the form's Cancel and Save return focus.
    await item.getByRole('button', { name: `Edit ${receiver.url}` }).click();
    await expect(focused(page)).resolves.toBe('input:Address (URL)');
    await item.getByRole('button', { name: 'Cancel' }).click();
    await expect(focused(page)).resolves.toBe(`button:Edit ${receiver.url}`);
    await item.getByRole('button', { name: `Edit ${receiver.url}` }).click();
    await item.getByRole('checkbox', { name: /^comment\.held/ }).check();
    await item.getByRole('checkbox', { name: /^comment\.created/ }).uncheck();
    await item.getByRole('button', { name: 'Save changes' }).click();
    await hook(page, receiver.url).getByText(`Saved: ${receiver.url}.`).waitFor();
    await hook(page, receiver.url).getByText('Events to send: comment.held, comment.published').waitFor();
    expect((await endpoints())[0].events).toEqual(['comment.held', 'comment.published']);

    // Disable: the reason is shown; Resend is refused in words while disabled; focus stays on the button, now Enable.
    await hook(page, receiver.url)
      .getByRole('button', { name: `Disable ${receiver.url}` })
      .click();
    await hook(page, receiver.url).getByText(`${receiver.url} is disabled: nothing is sent to it.`).waitFor();
    await hook(page, receiver.url)
      .getByText(/^Disabled .*: disabled by /)
      .waitFor();
    await expect(focused(page)).resolves.toBe(`button:Enable ${receiver.url}`);
    expect((await endpoints())[0]).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/^disabled by /) });
    await hook(page, receiver.url).getByRole('button', { name: 'Show deliveries' }).click();
    const resend = hook(page, receiver.url)
      .getByRole('button', { name: /^Resend comment\.created/ })
      .first();
    await resend.click();
    await hook(page, receiver.url).getByText('Enable the endpoint before resending.').waitFor();
    await expectNoViolations(page);
    await hook(page, receiver.url)
      .getByRole('button', { name: `Enable ${receiver.url}` })
      .click();
    await hook(page, receiver.url).getByText(`${receiver.url} is enabled again.`).waitFor();
    expect((await endpoints())[0]).toMatchObject({ enabled: true, disabledReason: null });
    // The deliveries stay open across the redraw.
    await hook(page, receiver.url).getByRole('button', { name: 'Hide deliveries' }).waitFor();

    // Rotate: a new secret, shown once; the old one signs too for a while.
    const oldSecretShown = await page.locator('input.secret').count();
    expect(oldSecretShown).toBe(0);
    await hook(page, receiver.url)
      .getByRole('button', { name: `Rotate secret of ${receiver.url}` })
      .click();
    const fresh = hook(page, receiver.url).getByRole('textbox', { name: `Signing secret for ${receiver.url}` });
    await fresh.waitFor();
    await expect(focused(page)).resolves.toBe(`input:Signing secret for ${receiver.url}`);
    await expect(fresh.inputValue()).resolves.toMatch(/^whsec_/);
    await hook(page, receiver.url)
      .getByText(/^The previous secret also signs until /)
      .waitFor();
    await shot(page, 'dashboard-webhooks-rotated');

    // Delete: a question first; Cancel keeps it, Yes removes it and focus goes to the screen's heading.
    await hook(page, receiver.url)
      .getByRole('button', { name: `Delete ${receiver.url}` })
      .click();
    await expect(focused(page)).resolves.toBe('button:Yes, delete');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(focused(page)).resolves.toBe(`button:Delete ${receiver.url}`);
    expect(await endpoints()).toHaveLength(1);
    await hook(page, receiver.url)
      .getByRole('button', { name: `Delete ${receiver.url}` })
      .click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('No endpoints yet.').waitFor();
    await expect(focused(page)).resolves.toBe('h2:Webhooks');
    await page.locator('main [role=status]', { hasText: `Endpoint deleted: ${receiver.url}.` }).waitFor();
    expect(await endpoints()).toEqual([]);
  });

  it('an endpoint the sender gave up on shows why it was disabled', async () => {
    const failing = await Receiver.start(() => 500);
    try {
      const made = await t.api('POST', '/webhooks', { token: adminToken(), body: { url: failing.url, events: ['comment.created'] } });
      expect(made.status).toBe(201);
      await t.api('POST', '/articles/failing/comments', { token: t.token({ sub: 'r-2', name: 'Ron' }), body: { body: 'Nobody listens' } });
      await eventually(
        async () => (await endpoints()).find((e) => e.url === failing.url),
        (e) => expect(e.enabled).toBe(false),
        30_000,
      );
      const reason = (await endpoints()).find((e) => e.url === failing.url).disabledReason as string;
      const page = await screen('Webhooks');
      const item = hook(page, failing.url);
      await item.getByText(reason, { exact: false }).waitFor();
      await expect(item.getByRole('list', { name: 'Status' }).getByRole('listitem').allTextContents()).resolves.toEqual(['Webhook', 'Disabled']);
      await item.getByRole('button', { name: 'Show deliveries' }).click();
      await item.locator('ol.dlv > li', { hasText: 'Failed' }).getByText('Response: 500').waitFor();
      await expectNoViolations(page);
      await t.api('DELETE', `/webhooks/${made.body.endpoint.id}`, { token: adminToken() });
    } finally {
      await failing.close();
    }
  });

  it('imports a file after a dry run whose report matches the API, with the progress bar fed by the server', async () => {
    // What the API's own dry run says of this file (it writes nothing).
    const api = await postImport(t, { id: 'default' }, { format: 'disqus', dryRun: 'true' }, fixture(DISQUS), { token: adminToken() });
    expect(api.status).toBe(200);
    const expected = api.body;
    expect(expected.skipped.total).toBeGreaterThan(0);
    const firstArticle: string = expected.articles.sample[0].articleId;
    expect((await comments(firstArticle)).items ?? []).toHaveLength(0);

    const page = await screen('Import');
    const run = page.getByRole('button', { name: 'Import', exact: true });
    await expect(run.isDisabled()).resolves.toBe(true);
    // Nothing chosen: said at the field.
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText('Choose the file to import.').waitFor();
    await expect(focused(page)).resolves.toBe('input:File to import');

    const uploads: { type: string | undefined; accept: string | undefined; url: string }[] = [];
    page.on('request', (r: Request) => {
      if (r.url().includes('/api/v1/import')) uploads.push({ type: r.headers()['content-type'], accept: r.headers()['accept'], url: r.url() });
    });
    await page.getByLabel('File to import').setInputFiles(join(FIXTURES, DISQUS));
    await page.getByRole('radio', { name: 'Disqus XML' }).check();
    await page.getByRole('radio', { name: 'By identifier' }).check();
    await watchBar(page);
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('heading', { name: 'Dry run report' }).waitFor();
    await expect(focused(page)).resolves.toBe('h3:Dry run report');
    expect(uploads[0]).toEqual({
      type: 'application/octet-stream',
      accept: 'application/x-ndjson',
      url: expect.stringContaining('format=disqus&mapping=identifier&dryRun=true'),
    });
    const report = page.locator('.report');
    await report.getByText(new RegExp(`^An import would add ${expected.comments.imported} comments? to ${expected.articles.count} articles?\\.$`)).waitFor();
    // Counts per article, the first mappings, the skipped items with their reasons: as the API said.
    const perArticle = await report.getByRole('table', { name: 'Comments per article' }).locator('tbody tr').allInnerTexts();
    expect(perArticle.map((r) => r.split('\t'))).toEqual(expected.articles.sample.map((a: any) => [a.articleId, String(a.comments)]));
    const mappings = report.getByRole('table', { name: 'First mappings' }).locator('tbody tr');
    await expect(mappings.count()).resolves.toBe(expected.mappings.length);
    const skippedRows = await report.getByRole('table', { name: 'Skipped items' }).locator('tbody tr').allInnerTexts();
    expect(skippedRows.map((r) => r.split('\t'))).toEqual(expected.skipped.items.map((x: any) => [x.item, x.reason]));
    for (const [why] of Object.entries(expected.skipped.byReason)) await report.getByText(`${why}:`, { exact: false }).first().waitFor();
    await expect(barValues(page)).resolves.toContain('100');
    // The dry run wrote nothing.
    expect((await comments(firstArticle)).items ?? []).toHaveLength(0);
    await expectNoViolations(page);
    await shot(page, 'dashboard-import-dry-run');

    // Now the import itself, offered once the dry run is done.
    await expect(run.isDisabled()).resolves.toBe(false);
    await watchBar(page);
    await run.click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();
    await expect(focused(page)).resolves.toBe('h3:Import finished');
    await report.getByText(new RegExp(`^${expected.comments.imported} comments? imported into ${expected.articles.count} articles?\\.$`)).waitFor();
    const seen = await barValues(page);
    expect(seen[0]).toBe('0');
    expect(seen.at(-1)).toBe('100');
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => a - b));
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('100');
    await expect(run.isDisabled()).resolves.toBe(true);
    expect(uploads.at(-1)?.url).toContain('dryRun=false');
    const written = await comments(firstArticle);
    expect(written.items.length).toBeGreaterThan(0);
    await expectNoViolations(page);
    await shot(page, 'dashboard-import-done');

    // The same file again adds nothing (the report says so), after its own dry run.
    await page.getByRole('button', { name: 'Dry run' }).click();
    await report.getByText(`An import would add 0 comments to`, { exact: false }).waitFor();
  });

  it("a dry run shows a source's title as it is, its direction controls isolated to the title itself", async () => {
    const page = await screen('Import');
    await page.getByLabel('File to import').setInputFiles(join(FIXTURES, 'wordpress-importer__phpunit_data_wxr-utf-8-challenges.xml'));
    await page.getByRole('radio', { name: 'WordPress WXR' }).check();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('heading', { name: 'Dry run report' }).waitFor();
    const cell = page.locator('table.mappings tbody tr').first().locator('td').nth(2);
    // The exact title (the source's own, controls included), inside an isolate.
    await expect(cell.locator('bdi').textContent()).resolves.toBe('"The Road \u202eNot\u202c Taken" by Rob\u202dert \u202eFrost \u202a🌲\u202c');
    await expectNoViolations(page);
    await shot(page, 'dashboard-import-bidi-title');
  });

  it('refusals are said in words: another format, a pattern without a group; the import waits for a dry run of what is chosen', async () => {
    const page = await screen('Import');
    await page.getByLabel('File to import').setInputFiles(join(FIXTURES, WXR));
    await page.getByRole('radio', { name: 'Commento JSON' }).check();
    await page.getByRole('button', { name: 'Dry run' }).click();
    const alert = page.locator('form.importer .msg.err[role=alert]');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/format|readable/);
    await expect(page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).resolves.toBe(true);

    await page.getByRole('radio', { name: 'WordPress WXR' }).check();
    await page.getByRole('radio', { name: 'By a pattern' }).check();
    await page.getByRole('textbox', { name: 'Pattern' }).fill('no-group-here');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText(/^That is not a regular expression with a capture group\./).waitFor();
    await expect(focused(page)).resolves.toBe('input:Pattern');
    await page.getByRole('textbox', { name: 'Pattern' }).fill('\\?p=(\\d+)');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('heading', { name: 'Dry run report' }).waitFor();
    await expect(page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).resolves.toBe(false);
    // Changing the mapping after the dry run asks for another one.
    await page.getByRole('radio', { name: 'By URL path' }).check();
    await expect(page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).resolves.toBe(true);
    await page.getByText('The file, format or mapping changed: run a dry run again first.').waitFor();
    await expectNoViolations(page);
  });

  it('both screens fit a phone', async () => {
    const made = await t.api('POST', '/webhooks', {
      token: adminToken(),
      body: { url: `${receiver.url}/a/rather/long/path/that/should/wrap/on/a/small/screen?with=query`, events: ['comment.created'] },
    });
    expect(made.status).toBe(201);
    await t.api('POST', '/articles/phone/comments', { token: t.token({ sub: 'r-3', name: 'Pia' }), body: { body: 'From a phone' } });
    const page = await screen('Webhooks', PHONE);
    const item = page.locator('li.hook').first();
    await item.getByRole('button', { name: 'Show deliveries' }).click();
    await item.locator('ol.dlv > li').first().waitFor();
    await expectNoViolations(page);
    await phoneShot(page, 'dashboard-webhooks-phone');

    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Import' }).click();
    await page.getByLabel('File to import').setInputFiles(join(FIXTURES, DISQUS));
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('heading', { name: 'Dry run report' }).waitFor();
    await expectNoViolations(page);
    await phoneShot(page, 'dashboard-import-phone');
  });
});

/** Records every aria-valuenow the progress bar takes from now on (in window.__bar). */
async function watchBar(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __bar: string[]; __obs?: MutationObserver };
    w.__bar = [];
    w.__obs?.disconnect();
    const bar = document.querySelector('[role=progressbar]')!;
    const add = (v: string | null) => v !== null && w.__bar.at(-1) !== v && w.__bar.push(v);
    // Each record's old value is the value the one before it set: the values taken, in order, even when several land in one task.
    let first = true;
    w.__obs = new MutationObserver((records) => {
      for (const m of records) {
        if (!first) add(m.oldValue);
        first = false;
      }
      add(bar.getAttribute('aria-valuenow'));
    });
    w.__obs.observe(bar, { attributes: true, attributeOldValue: true, attributeFilter: ['aria-valuenow'] });
  });
}

const barValues = (page: Page) => page.evaluate(() => (window as unknown as { __bar: string[] }).__bar);
