/**
 * The dashboard on a deployment with several sites, in a real browser: the owner makes a site on
 * the sites screen (its first secret shown once), switches to it, invites a moderator who then sees
 * that site's queue alone (live too); secrets and the RS256 key; an admin's settings for one site
 * in force on that site's widget and not on the other's; sign-in limits and sign-out everywhere.
 */
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Page, Request } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, startBrowserSuite } from '../support/browser-suite';
import { makeStaff } from '../staff/staff-helpers';
import { eventually, shot } from './browser';
import {
  ADMIN_NAV,
  DESKTOP,
  expectNoViolations,
  focused,
  focusedOnce,
  PHONE,
  phoneShot,
  signInWithPassword,
  siteSwitcher,
  submitPassword,
  switchSite,
  tabTo,
} from './dashboard-helpers';
import { pagesPerTest } from './fresh-pages';

jest.setTimeout(180_000);

const OWNER_PASSWORD = 'owner password of some length';
const B = 'evening-post';
const B_NAME = 'The Evening Post';

describe('dashboard: several sites', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let owner: { id: string; email: string };
  /** Site B's first secret, as the sites screen showed it once. */
  let secretB = '';
  const open = pagesPerTest(() => suite.browser, { viewport: DESKTOP });

  const signWith = (secret: string, claims: Record<string, unknown>) =>
    jwt.sign({ name: claims.sub, ...claims }, secret, { algorithm: 'HS256', expiresIn: '1h' });
  const onB = (path: string) => `${path}${path.includes('?') ? '&' : '?'}site=${B}`;
  /** Holds a comment on an article of site B (pre-moderated by its moderator), with tokens signed by `secret`. */
  async function holdOnB(secret: string, articleId: string, text: string): Promise<void> {
    const mod = signWith(secret, { sub: 'b-mod', role: 'moderator' });
    expect((await t.api('PATCH', onB(`/articles/${articleId}`), { token: mod, body: { premoderation: true, title: 'Evening story' } })).status).toBe(200);
    const res = await t.api('POST', onB(`/articles/${articleId}/comments`), {
      token: signWith(secret, { sub: 'b-reader', name: 'Bea' }),
      body: { body: text },
    });
    expect([res.status, res.body.status]).toEqual([201, 'pending']);
  }
  async function holdOnDefault(articleId: string, text: string): Promise<void> {
    const mod = t.token({ sub: 'mod', name: 'Mod', role: 'moderator' });
    expect((await t.api('PATCH', `/articles/${articleId}`, { token: mod, body: { premoderation: true, title: 'Morning story' } })).status).toBe(200);
    const res = await t.api('POST', `/articles/${articleId}/comments`, { token: t.token({ sub: 'u-dee', name: 'Dee' }), body: { body: text } });
    expect(res.body.status).toBe('pending');
  }

  beforeAll(async () => {
    ({ t } = suite = await startBrowserSuite());
    owner = await makeStaff(t.ds, { name: 'Olive Owner', owner: true, password: OWNER_PASSWORD });
    await holdOnDefault('d-1', 'Held on the default site');
  });
  afterAll(() => suite?.close());
  const item = (page: Page, text: string) => page.locator('article.item', { hasText: text });
  const needB = () => {
    if (!secretB) throw new Error('site B was not created by the first test');
  };

  it('an owner creates a second site on the sites screen: checked input, its first secret shown once with a copy button, then the switcher', async () => {
    const page = await open();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    await signInWithPassword(page, t.url, owner.email, OWNER_PASSWORD);
    // One site: its name, no switcher.
    await page.locator('header .site', { hasText: 'Site: Default site' }).waitFor();
    await expect(siteSwitcher(page).count()).resolves.toBe(0);
    const nav = page.getByRole('navigation', { name: 'Dashboard' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(ADMIN_NAV);
    await nav.getByRole('link', { name: 'Sites' }).click();
    await expect(focusedOnce(page, /^h2:Sites$/)).resolves.toBe('h2:Sites');
    await page.getByRole('heading', { name: 'This site: Default site' }).waitFor();
    // The default site's secret comes from the environment: named, never removable here.
    const envSecret = page.locator('ul.secrets > li', { hasText: 'from the environment (JWT_SECRET)' });
    await envSecret.waitFor();
    await expect(envSecret.getByRole('button').count()).resolves.toBe(0);
    await expect(envSecret.getByText('Parley signs its own tokens with it').count()).resolves.toBe(1);
    await expectNoViolations(page);

    // What is wrong is said at each field, before anything is sent.
    const create = page.locator('form.create-site');
    const posts: string[] = [];
    page.on('request', (r: Request) => {
      if (r.method() === 'POST' && r.url().includes('/api/v1/sites')) posts.push(r.url());
    });
    await create.getByRole('textbox', { name: 'Site id' }).fill('Evening Post');
    await create.getByRole('textbox', { name: 'Allowed origins' }).fill('https://evening.example\nevening.example/news');
    await create.getByRole('button', { name: 'Create site' }).click();
    await create.getByText('The id must be lower-case letters, digits and dashes (up to 63), starting with a letter or digit.').waitFor();
    await create.getByText('Enter a name.').waitFor();
    await create.getByText('Line 2: “evening.example/news” is not an origin. Write the scheme and host only, like https://news.example.').waitFor();
    await expect(focused(page)).resolves.toBe('input:Site id');
    await expect(create.getByRole('textbox', { name: 'Site id' }).getAttribute('aria-invalid')).resolves.toBe('true');
    expect(posts).toEqual([]);
    await expectNoViolations(page);
    await shot(page, 'sites-create-errors');

    // A taken id: the server's answer, at the field.
    await create.getByRole('textbox', { name: 'Site id' }).fill('default');
    await create.getByRole('textbox', { name: 'Name' }).fill('Another default');
    await create.getByRole('textbox', { name: 'Allowed origins' }).fill('');
    await create.getByRole('button', { name: 'Create site' }).click();
    await create.getByText('There is already a site with this id. Choose another.').waitFor();
    await expect(focused(page)).resolves.toBe('input:Site id');

    await create.getByRole('textbox', { name: 'Site id' }).fill(B);
    await create.getByRole('textbox', { name: 'Name' }).fill(B_NAME);
    // An address with a trailing slash and capitals is taken as its origin.
    await create.getByRole('textbox', { name: 'Allowed origins' }).fill('https://Evening.example/\n\nhttp://localhost:8080');
    await create.getByRole('button', { name: 'Create site' }).click();
    const secretField = page.getByRole('textbox', { name: `First secret of ${B_NAME}` });
    await secretField.waitFor();
    await expect(focused(page)).resolves.toBe(`input:First secret of ${B_NAME}`);
    await page.getByText('Copy this secret now: it is shown only this once and cannot be seen again.').waitFor();
    // The warning is read with the field.
    const described = await secretField.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    expect(described).toContain('shown only this once');
    secretB = await secretField.inputValue();
    expect(secretB.length).toBeGreaterThanOrEqual(32);
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByText('Secret copied.').waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(secretB);
    expect((await t.ds.query(`SELECT name, origins FROM sites WHERE id = $1`, [B]))[0]).toEqual({
      name: B_NAME,
      origins: ['https://evening.example', 'http://localhost:8080'],
    });
    await expectNoViolations(page);
    await shot(page, 'sites-created-secret');

    // The secret shown is the site's: it signs tokens the site accepts, and the default site does not.
    await holdOnB(secretB, 'b-1', 'Held on the Evening Post');
    const stranger = signWith(secretB, { sub: 'b-reader', name: 'Bea' });
    expect((await t.api('GET', '/articles/d-1/comments', { token: stranger })).status).toBe(401);

    // The new site is in the owner's list and in the header's switcher at once.
    await page
      .locator('ul.sites li', { hasText: B_NAME })
      .getByRole('button', { name: `Work on ${B_NAME}` })
      .waitFor();
    await expect(siteSwitcher(page).locator('option').allTextContents()).resolves.toEqual(['Default site (default)', `${B_NAME} (${B})`]);

    // Switching with the keyboard: focus stays on the switcher, the new site is said, every screen follows.
    await siteSwitcher(page).selectOption(B);
    await siteSwitcher(page).focus();
    await tabTo(page, 'button:Switch site');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `This site: ${B_NAME}` }).waitFor();
    await expect(focusedOnce(page, /^select:Site$/)).resolves.toBe('select:Site');
    await page.locator('main [role=status]', { hasText: `Now working on ${B_NAME}.` }).waitFor();
    const embed = page.getByRole('textbox', { name: `Embed code for ${B_NAME}` });
    await expect(embed.inputValue()).resolves.toContain(`data-site="${B}"`);
    await expect(embed.inputValue()).resolves.toContain(`src="${t.url}/embed.js"`);
    await expect(page.getByRole('textbox', { name: 'Allowed origins' }).first().inputValue()).resolves.toBe('https://evening.example\nhttp://localhost:8080');
    const only = page.locator('ul.secrets > li');
    await expect(only.count()).resolves.toBe(1);
    await expect(only.first().innerText()).resolves.toMatch(/made in Parley[\s\S]*Parley signs its own tokens with it/);
    await expectNoViolations(page);
    await shot(page, 'sites-site-b');

    // The queues are site B's: its held comment, not the default site's.
    await page.getByRole('link', { name: 'Queues' }).click();
    await item(page, 'Held on the Evening Post').waitFor();
    await expect(item(page, 'Held on the default site').count()).resolves.toBe(0);
    await eventually(
      () => page.getByRole('tab', { name: /^Pending/ }).innerText(),
      (v) => expect(v).toBe('Pending 1'),
    );
    await page.waitForFunction(() => document.body.dataset.live === 'on');

    // Remembered in this browser: a reload opens site B again; switching back shows the default site's queue.
    await page.reload();
    await item(page, 'Held on the Evening Post').waitFor();
    await expect(siteSwitcher(page).inputValue()).resolves.toBe(B);
    await switchSite(page, 'default', 'Default site');
    await item(page, 'Held on the default site').waitFor();
    await expect(item(page, 'Held on the Evening Post').count()).resolves.toBe(0);
    await expectNoViolations(page);
  });

  it('secrets by fingerprint: a new one shown once and signing, the old one removed after a question, the last one kept; the RS256 key set and removed', async () => {
    needB();
    const page = await open();
    await page.addInitScript((b) => localStorage.setItem('parley.moderator.site', b), B);
    await signInWithPassword(page, t.url, owner.email, OWNER_PASSWORD);
    await page.getByRole('link', { name: 'Sites' }).click();
    await page.getByRole('heading', { name: `This site: ${B_NAME}` }).waitFor();
    const oldId = (await page.locator('ul.secrets > li code').first().innerText()).replace('Secret ', '');

    await page.getByRole('button', { name: 'Add a new secret' }).click();
    const fresh = page.getByRole('textbox', { name: 'Secret', exact: true });
    await fresh.waitFor();
    await expect(focused(page)).resolves.toBe('input:Secret');
    const newSecret = await fresh.inputValue();
    expect(newSecret).not.toBe(secretB);
    await page.getByText('New secret added. Tokens signed with the other secrets stay valid until you remove them.').waitFor();
    const rows = page.locator('ul.secrets > li');
    await expect(rows.count()).resolves.toBe(2);
    const oldRow = rows.filter({ hasText: `Secret ${oldId}` });
    await expect(oldRow.getByText('Parley signs its own tokens with it').count()).resolves.toBe(0);
    await expect(
      rows
        .filter({ hasNotText: `Secret ${oldId}` })
        .getByText('Parley signs its own tokens with it')
        .count(),
    ).resolves.toBe(1);
    await expectNoViolations(page);
    await shot(page, 'sites-secret-added');
    // Both sign tokens the site accepts until the old one goes.
    const read = (secret: string) => t.api('GET', onB('/articles/b-1/comments'), { token: signWith(secret, { sub: 'b-reader', name: 'Bea' }) });
    expect((await read(secretB)).status).toBe(200);
    expect((await read(newSecret)).status).toBe(200);

    await oldRow.getByRole('button', { name: `Remove secret ${oldId}` }).click();
    await page.getByText(`Remove secret ${oldId}? Tokens signed with it are refused from now on.`).waitFor();
    await expect(focused(page)).resolves.toBe('button:Yes, remove');
    await expectNoViolations(page);
    // Cancel returns to the button and removes nothing.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(focused(page)).resolves.toBe(`button:Remove secret ${oldId}`);
    await oldRow.getByRole('button', { name: `Remove secret ${oldId}` }).click();
    await page.keyboard.press('Enter');
    await page.getByText(`Secret ${oldId} is removed. Tokens signed with it are refused now.`).waitFor();
    await expect(focused(page)).resolves.toBe('h4:Token secrets (HS256)');
    await expect(rows.count()).resolves.toBe(1);
    expect((await read(secretB)).status).toBe(401);
    expect((await read(newSecret)).status).toBe(200);
    secretB = newSecret;

    // The last secret stays: the service's guardrail, in words.
    await rows
      .first()
      .getByRole('button', { name: /^Remove secret / })
      .click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByText('This is the site’s only secret: add a new one before removing it.').waitFor();
    await expect(rows.count()).resolves.toBe(1);

    // RS256: a key that is not one is refused at its field; a real one is in force at once.
    const pem = page.getByRole('textbox', { name: 'Public key (PEM)' });
    await pem.fill('-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----');
    await page.getByRole('button', { name: 'Save public key' }).click();
    await page.getByText('This is not a PEM public key Parley can use', { exact: false }).waitFor();
    await expect(pem.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(focused(page)).resolves.toBe('textarea:Public key (PEM)');
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsToken = jwt.sign({ sub: 'b-rs', name: 'Rae' }, privateKey.export({ type: 'pkcs8', format: 'pem' }), { algorithm: 'RS256', expiresIn: '1h' });
    const readRs = () => t.api('GET', onB('/articles/b-1/comments'), { token: rsToken });
    expect((await readRs()).status).toBe(401);
    await pem.fill(publicKey.export({ type: 'spki', format: 'pem' }) as string);
    await page.getByRole('button', { name: 'Save public key' }).click();
    await page.getByText('The public key is saved. RS256 tokens signed with its private key are accepted now.').waitFor();
    await expect(focused(page)).resolves.toBe('h4:RS256 public key');
    await page.getByText('An RS256 key is set.').waitFor();
    expect((await readRs()).status).toBe(200);
    await expectNoViolations(page);
    await shot(page, 'sites-rs-key');
    await page.getByRole('button', { name: 'Remove public key' }).click();
    await page.getByText('Remove the RS256 public key? Tokens signed with its private key are refused from now on.').waitFor();
    await expect(focused(page)).resolves.toBe('button:Yes, remove');
    await page.keyboard.press('Enter');
    await page.getByText('The public key is removed. RS256 tokens are refused now.').waitFor();
    await page.getByText('No RS256 key is set: only the secrets above sign tokens.').waitFor();
    expect((await readRs()).status).toBe(401);

    // Name and origins: a bad origin is named by its line; a good change is saved and in the switcher.
    const details = page.locator('form.site-details');
    await details.getByRole('textbox', { name: 'Allowed origins' }).fill('https://evening.example\nftp://files.example');
    await details.getByRole('button', { name: 'Save name and origins' }).click();
    await details.getByText('Line 2: “ftp://files.example” is not an origin.', { exact: false }).waitFor();
    await expect(focused(page)).resolves.toBe('textarea:Allowed origins');
    await details.getByRole('textbox', { name: 'Allowed origins' }).fill('https://evening.example');
    await details.getByRole('textbox', { name: 'Name' }).fill('The Evening Post (test)');
    await details.getByRole('button', { name: 'Save name and origins' }).click();
    await details.getByText('The Evening Post (test) is saved.').waitFor();
    await expect(siteSwitcher(page).locator('option:checked').innerText()).resolves.toBe(`The Evening Post (test) (${B})`);
    expect((await t.ds.query(`SELECT name, origins FROM sites WHERE id = $1`, [B]))[0]).toEqual({
      name: 'The Evening Post (test)',
      origins: ['https://evening.example'],
    });
    await details.getByRole('textbox', { name: 'Name' }).fill(B_NAME);
    await details.getByRole('button', { name: 'Save name and origins' }).click();
    await details.getByText(`${B_NAME} is saved.`).waitFor();
    await expectNoViolations(page);
  });

  it('a moderator invited to site B sets a password and sees only its queue, live; the default site stays out of sight', async () => {
    needB();
    const admin = await open();
    await admin.addInitScript((b) => localStorage.setItem('parley.moderator.site', b), B);
    await signInWithPassword(admin, t.url, owner.email, OWNER_PASSWORD);
    await admin.getByRole('link', { name: 'Staff' }).click();
    await admin.getByText(`Who can moderate ${B_NAME}. Owners administer every site.`).waitFor();
    const address = `mia.${Date.now()}@example.com`;
    await admin.getByRole('textbox', { name: 'Their email address' }).fill(address);
    await admin.getByRole('combobox', { name: 'Role', exact: true }).selectOption('moderator');
    await admin.getByRole('button', { name: 'Create invitation' }).click();
    const link = admin.getByRole('textbox', { name: 'One-time link' });
    await link.waitFor();
    await admin.getByText(`Invitation for ${address} as moderator of ${B_NAME}`, { exact: false }).waitFor();
    const url = await link.inputValue();
    await expectNoViolations(admin);
    await shot(admin, 'sites-staff-invited-b');

    const mia = await open();
    await mia.goto(url);
    await mia.getByRole('textbox', { name: 'Your name' }).fill('Mia Moderator');
    await mia.getByLabel('New password', { exact: true }).fill('a long enough new password');
    await mia.getByRole('button', { name: 'Accept invitation' }).click();
    await mia.getByText('Signed in as Mia Moderator (moderator)').waitFor();
    // One site: its name, no switcher; the moderator's screens only.
    await mia.locator('header .site', { hasText: `Site: ${B_NAME}` }).waitFor();
    await expect(siteSwitcher(mia).count()).resolves.toBe(0);
    await expect(mia.getByRole('navigation', { name: 'Dashboard' }).getByRole('link').allTextContents()).resolves.toEqual([
      'Queues',
      'Statistics',
      'Your account',
    ]);
    await item(mia, 'Held on the Evening Post').waitFor();
    await expect(item(mia, 'Held on the default site').count()).resolves.toBe(0);
    await mia.waitForFunction(() => document.body.dataset.live === 'on');
    await expectNoViolations(mia);
    await shot(mia, 'sites-moderator-b-queue');

    // Live: a comment held on the default site never reaches this socket; the next one on B does.
    await holdOnDefault('d-2', 'Another held on the default site');
    await holdOnB(secretB, 'b-2', 'Another held on the Evening Post');
    await item(mia, 'Another held on the Evening Post').waitFor();
    await expect(item(mia, 'Another held on the default site').count()).resolves.toBe(0);
    await eventually(
      () => mia.getByRole('tab', { name: /^Pending/ }).innerText(),
      (v) => expect(v).toBe('Pending 2'),
    );
    // Approving acts on site B.
    await item(mia, 'Another held on the Evening Post').getByRole('button', { name: 'Approve' }).click();
    await mia.getByText('Approved.').first().waitFor({ state: 'attached' });
    await eventually(
      async () => (await t.ds.query(`SELECT site_id, status FROM comments WHERE body = $1`, ['Another held on the Evening Post']))[0],
      (row) => expect(row).toEqual({ site_id: B, status: 'approved' }),
    );
    await mia.getByRole('link', { name: 'Your account' }).click();
    await mia.getByText(`Moderator on ${B_NAME}`).waitFor();
    // The default site's settings are not theirs, by address either.
    await mia.goto(`${t.url}/moderate#settings`);
    await mia.getByRole('tab', { name: /^Pending/ }).waitFor();
    await expect(mia.getByRole('heading', { name: 'Site settings' }).count()).resolves.toBe(0);
  });

  it("an admin of site B changes its maximum length; B's widget takes it at its policy refresh and refuses a longer comment, the default site's widget keeps its own", async () => {
    needB();
    const bAdmin = await makeStaff(t.ds, { name: 'Ada Admin', roles: { [B]: 'admin' } });
    // Two article pages, each signed in as a reader through the demo bar, with the page's clock in hand
    // (the widget asks for the policy every minute) and no HTTP cache (routing turns it off).
    const widget = async (path: string) => {
      const page = await open();
      const writes: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().includes('/comments')) writes.push(r.url());
      });
      await page.route('**/api/v1/**', (r) => r.continue());
      await page.clock.install();
      await page.goto(`${t.url}${path}`);
      await page.getByRole('textbox', { name: 'Sign in as' }).fill('Rory Reader');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText('Signed in as Rory Reader (reader)').waitFor();
      await page.getByRole('textbox', { name: 'Write a comment' }).waitFor();
      return { page, writes, counter: () => page.locator('#parley-comments form .counter').first().textContent() };
    };
    const onSiteB = await widget(`/demo?site=${B}`);
    const onDefault = await widget('/demo');
    for (const w of [onSiteB, onDefault]) await eventually(w.counter, (v) => expect(v).toBe('0 / 5000'));

    const page = await open();
    await signInWithPassword(page, t.url, bAdmin.email, bAdmin.password);
    await page.locator('header .site', { hasText: `Site: ${B_NAME}` }).waitFor();
    await expect(page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link').allTextContents()).resolves.toEqual(ADMIN_NAV);
    await page.getByRole('link', { name: 'Settings' }).click();
    const field = page.getByRole('spinbutton', { name: 'Longest comment' });
    await field.waitFor();
    await page.getByText(`The policy every new comment on ${B_NAME} meets.`, { exact: false }).waitFor();
    // Every setting the API has is on the form.
    const stored = (await t.api('GET', onB('/settings'), { token: signWith(secretB, { sub: 'b-admin', role: 'admin' }) })).body as Record<string, unknown>;
    const keys = Object.entries(stored).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).map((n) => `${k}.${n}`) : [k]));
    const names = await page.locator('form.settings [name]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('name')))]);
    expect(names.sort()).toEqual(keys.sort());
    await expect(page.getByRole('group', { name: 'Other settings' }).count()).resolves.toBe(0);
    if ('autoCloseDays' in stored) await page.getByRole('spinbutton', { name: 'Close articles after' }).waitFor();
    await field.fill('200');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .locator('.savebar .msg.ok')
      .getByText(/^Settings saved at/)
      .waitFor();
    await expectNoViolations(page);
    await shot(page, 'sites-settings-b');
    expect((await t.api('GET', onB('/config'))).body.maxLength).toBe(200);
    expect((await t.api('GET', '/config')).body.maxLength).toBe(5000);

    // The widgets ask again a minute later: B's takes the new limit, the default site's keeps its own.
    for (const w of [onSiteB, onDefault]) {
      const asked = w.page.waitForResponse((r) => r.url().includes('/config') && r.status() === 200);
      await w.page.clock.fastForward(61_000);
      await asked;
    }
    await eventually(onSiteB.counter, (v) => expect(v).toBe('0 / 200'));
    await onSiteB.page.getByText('Up to 200 characters.', { exact: false }).waitFor();
    await onSiteB.page.getByRole('textbox', { name: 'Write a comment' }).fill('x'.repeat(201));
    await onSiteB.page.locator('#parley-comments .counter.over', { hasText: '201 / 200 · 1 character too many' }).waitFor();
    await onSiteB.page.getByRole('button', { name: 'Post comment' }).click();
    await onSiteB.page.getByRole('alert').filter({ hasText: '1 character too many' }).waitFor();
    expect(onSiteB.writes).toEqual([]);
    await shot(onSiteB.page, 'sites-widget-b-limit');
    await expect(onDefault.counter()).resolves.toBe('0 / 5000');
    await onDefault.page.getByRole('textbox', { name: 'Write a comment' }).fill('y'.repeat(201));
    await expect(onDefault.counter()).resolves.toBe('201 / 5000');
    // The service refuses it too, whatever a page does.
    const post = await t.api('POST', onB('/articles/b-3/comments'), { token: signWith(secretB, { sub: 'b-long' }), body: { body: 'z'.repeat(201) } });
    expect(post.status).toBe(400);
  });

  it('wrong passwords are limited: past five the wait is shown, even for the right password', async () => {
    const member = await makeStaff(t.ds, { name: 'Lou Limited', roles: { [B]: 'moderator' } });
    const page = await open();
    await page.goto(`${t.url}/moderate`);
    await submitPassword(page, member.email, 'not the password at all');
    await page.getByText('The email address or password is not right.').waitFor();
    for (let i = 0; i < 4; i++) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/staff/session'));
      await page.getByRole('button', { name: 'Sign in with password' }).click();
      await answered;
    }
    await page.getByLabel('Password', { exact: true }).fill(member.password);
    await page.getByRole('button', { name: 'Sign in with password' }).click();
    await page.getByText(/^Too many failed sign-ins\. Try again in 15 minutes\.$/).waitFor();
    await expect(page.getByRole('tab', { name: /^Pending/ }).count()).resolves.toBe(0);
    await expectNoViolations(page);
  });

  it('sign out everywhere ends every session of the member, on every site', async () => {
    needB();
    const a = await open();
    const b = await open(PHONE);
    await b.addInitScript((site) => localStorage.setItem('parley.moderator.site', site), B);
    await signInWithPassword(a, t.url, owner.email, OWNER_PASSWORD);
    await signInWithPassword(b, t.url, owner.email, OWNER_PASSWORD);
    await item(b, 'Held on the Evening Post').waitFor();
    await a.getByRole('button', { name: 'Sign out everywhere' }).click();
    await a.getByText('You are signed out on every device.').waitFor();
    await b.getByRole('tab', { name: /^Rejected/ }).click();
    await b.getByText('Your session has ended. Please sign in again.').waitFor();
    await b.reload();
    await b.getByRole('textbox', { name: 'Email address' }).waitFor();
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM staff_sessions WHERE staff_id = $1 AND revoked_at IS NULL`, [owner.id]))[0].n).toBe(0);
  });

  it('on a phone: the switcher, the sites screen and site B’s settings fit the width and pass axe', async () => {
    needB();
    const page = await open(PHONE);
    await signInWithPassword(page, t.url, owner.email, OWNER_PASSWORD);
    await siteSwitcher(page).waitFor();
    await expectNoViolations(page);
    await phoneShot(page, 'sites-phone-queue');
    await switchSite(page, B, B_NAME);
    await page.getByRole('link', { name: 'Sites' }).click();
    await page.getByRole('heading', { name: `This site: ${B_NAME}` }).waitFor();
    await page.getByRole('button', { name: 'Add a new secret' }).click();
    await page.getByRole('textbox', { name: 'Secret', exact: true }).waitFor();
    await expectNoViolations(page);
    await phoneShot(page, 'sites-phone-sites');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('spinbutton', { name: 'Longest comment' }).waitFor();
    await expect(page.getByRole('spinbutton', { name: 'Longest comment' }).inputValue()).resolves.toBe('200');
    await expectNoViolations(page);
    await phoneShot(page, 'sites-phone-settings-b');
    // Unsaved changes are not dropped by a switch: the switch waits, and says why beside the save button.
    await page.getByRole('spinbutton', { name: 'Longest comment' }).fill('300');
    await siteSwitcher(page).selectOption('default');
    await page.getByRole('button', { name: 'Switch site' }).click();
    await page.locator('.savebar .msg.err', { hasText: 'The settings have unsaved changes' }).waitFor();
    await expect(siteSwitcher(page).inputValue()).resolves.toBe(B);
    await expect(page.getByRole('spinbutton', { name: 'Longest comment' }).inputValue()).resolves.toBe('300');
  });
});
