import type { TestApp } from '../support/app';
import { BrowserSuite, startBrowserSuite } from '../support/browser-suite';
import { Browser as StaffClient, makeStaff } from '../staff/staff-helpers';
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
  submitPassword,
  totpCode,
} from './dashboard-helpers';
import { pagesPerTest } from './fresh-pages';

jest.setTimeout(120_000);

const OWNER_PASSWORD = 'owner password of some length';

/** The dashboard's staff accounts in a real browser: password and two-step sign-in, links, the staff screen, sign-out everywhere. */
describe('dashboard: staff sign-in, invitations and the staff screen', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let owner: { id: string; email: string };
  const open = pagesPerTest(() => suite.browser, { viewport: DESKTOP });

  beforeAll(async () => {
    ({ t } = suite = await startBrowserSuite());
    owner = await makeStaff(t.ds, { name: 'Olive Owner', owner: true, password: OWNER_PASSWORD });
    const mod = t.token({ sub: 'mod', name: 'Mod', role: 'moderator' });
    expect((await t.api('PATCH', '/articles/acc-1', { token: mod, body: { premoderation: true, title: 'Ferry returns' } })).status).toBe(200);
    const held = await t.api('POST', '/articles/acc-1/comments', { token: t.token({ sub: 'u-rosa', name: 'Rosa' }), body: { body: 'A comment to moderate' } });
    expect(held.body.status).toBe('pending');
  });
  afterAll(() => suite?.close());

  it('a wrong password says so; past five the wait from Retry-After is shown, even for the right password', async () => {
    const who = await makeStaff(t.ds, { name: 'Wren', roles: { default: 'moderator' } });
    const page = await open();
    await page.goto(`${t.url}/moderate`);
    await expectNoViolations(page);
    await shot(page, 'dashboard-signin');
    await submitPassword(page, who.email, 'not the password at all');
    const alert = page.locator('form .msg.err');
    await alert.getByText('The email address or password is not right.').waitFor();
    // Focus goes back to the password, selected, to type it again.
    await expect(focused(page)).resolves.toBe('input:Password');
    await shot(page, 'dashboard-reset-signin');
    await expectNoViolations(page);
    await shot(page, 'dashboard-signin-wrong-password');
    for (let i = 0; i < 4; i++) {
      await page.getByRole('button', { name: 'Sign in with password' }).click();
      await page.waitForResponse((r) => r.url().endsWith('/staff/session'));
    }
    await page.getByLabel('Password', { exact: true }).fill(who.password);
    await page.getByRole('button', { name: 'Sign in with password' }).click();
    await alert.getByText(/^Too many failed sign-ins\. Try again in 15 minutes\.$/).waitFor();
    await expect(page.getByRole('tab', { name: /^Pending/ }).count()).resolves.toBe(0);
    await shot(page, 'dashboard-signin-rate-limited');
  });

  it('an owner signs in with a password: who and which role, every screen, and live updates over the session', async () => {
    const page = await open();
    await signInWithPassword(page, t.url, owner.email, OWNER_PASSWORD);
    await page.getByText('Signed in as Olive Owner (owner)').waitFor();
    const nav = page.getByRole('navigation', { name: 'Dashboard' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(ADMIN_NAV);
    await page.locator('article.item', { hasText: 'A comment to moderate' }).waitFor();
    // The moderation socket takes the session cookie: live updates flow without a token.
    await page.waitForFunction(() => document.body.dataset.live === 'on');
    await expect(page.getByRole('button', { name: 'Sign out everywhere' }).isVisible()).resolves.toBe(true);
    // Focus starts on the queue's tab, as after a token sign-in.
    await expect(focusedOnce(page, /^button:Pending/)).resolves.toMatch(/^button:Pending/);
    await expectNoViolations(page);
    await shot(page, 'dashboard-owner-queue');

    // A reload keeps the session (the cookie) and the screen (the fragment).
    await nav.getByRole('link', { name: 'Your account' }).click();
    await page.getByRole('heading', { name: 'Your account', level: 2 }).waitFor();
    await expect(focused(page)).resolves.toBe('h2:Your account');
    await page.reload();
    await page.getByRole('heading', { name: 'Your account', level: 2 }).waitFor();
    await page.getByText(owner.email).waitFor();
    await expectNoViolations(page);
  });

  it('a member with two-step sign-in is asked for a code: a wrong one is refused, the right one signs in', async () => {
    const member = await makeStaff(t.ds, { name: 'Tess Two-Step', roles: { default: 'moderator' } });
    const api = new StaffClient(t);
    await api.signIn(member.email, member.password);
    const { secret } = (await api.call('POST', '/staff/me/totp')).body as { secret: string };
    expect((await api.call('POST', '/staff/me/totp/verify', { body: { code: totpCode(secret) } })).status).toBe(200);

    const page = await open();
    await page.goto(`${t.url}/moderate`);
    await submitPassword(page, member.email, member.password);
    const code = page.getByRole('textbox', { name: 'Authentication code' });
    await code.waitFor();
    await expect(focused(page)).resolves.toBe('input:Authentication code');
    await page.getByText(`Enter the 6-digit code your authenticator app shows for ${member.email}.`).waitFor();
    await expectNoViolations(page);
    await shot(page, 'dashboard-signin-code');
    const wrong = String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0');
    await code.fill(wrong);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByText('That code is not right. Enter the code the app shows now.').waitFor();
    await expect(code.getAttribute('aria-invalid')).resolves.toBe('true');
    await code.fill(totpCode(secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByText('Signed in as Tess Two-Step (moderator)').waitFor();
  });

  it('a member turns on two-step sign-in on their account screen, and the next sign-in asks for the code', async () => {
    const member = await makeStaff(t.ds, { name: 'Theo', roles: { default: 'moderator' } });
    const page = await open();
    await signInWithPassword(page, t.url, member.email, member.password);
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.getByText('Off: your password alone signs you in.').waitFor();
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await expect(page.getByRole('link', { name: 'Open in authenticator app' }).getAttribute('href')).resolves.toMatch(/^otpauth:\/\/totp\//);
    const secret = (await page.locator('code.key').innerText()).replace(/\s+/g, '');
    await expect(focused(page)).resolves.toBe('input:Authentication code');
    await expectNoViolations(page);
    await shot(page, 'dashboard-account-totp-enroll');
    await page.keyboard.type(totpCode(secret));
    await page.keyboard.press('Enter');
    await page.getByText('Two-step sign-in is on.').waitFor();
    await page.getByText('On: signing in asks for a code from your authenticator app.').waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await submitPassword(page, member.email, member.password);
    await page.getByRole('textbox', { name: 'Authentication code' }).fill(totpCode(secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByText('Signed in as Theo (moderator)').waitFor();
  });

  it('an invited moderator opens the link in another browser, sets a password and lands on the queue without the admin screens', async () => {
    const admin = await open();
    await signInWithPassword(admin, t.url, owner.email, OWNER_PASSWORD);
    await admin.getByRole('link', { name: 'Staff' }).click();
    await expect(focused(admin)).resolves.toBe('h2:Staff');
    await admin.getByRole('heading', { name: 'Olive Owner (you)' }).waitFor();
    const address = `mona.${Date.now()}@example.com`;
    await admin.getByRole('textbox', { name: 'Their email address' }).fill(address);
    await admin.getByRole('combobox', { name: 'Role', exact: true }).selectOption('moderator');
    await admin.getByRole('button', { name: 'Create invitation' }).click();
    const link = admin.getByRole('textbox', { name: 'One-time link' });
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${t.url}/moderate/accept#[A-Za-z0-9_-]{20,}$`));
    await admin.getByText(`Invitation for ${address} as moderator`, { exact: false }).waitFor();
    await expectNoViolations(admin);
    await shot(admin, 'dashboard-staff-invited');

    const invitee = await open(PHONE);
    await invitee.goto(url);
    await invitee.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    // The token leaves the address bar as soon as it is read.
    expect(new URL(invitee.url()).hash).toBe('');
    await expectNoViolations(invitee);
    await phoneShot(invitee, 'dashboard-accept-phone');
    await invitee.getByRole('textbox', { name: 'Your name' }).fill('Mona Moderator');
    await invitee.getByLabel('New password', { exact: true }).fill('short');
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.getByText('The password needs at least 12 characters.').waitFor();
    await invitee.getByLabel('New password', { exact: true }).fill('a long enough new password');
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.getByText('Signed in as Mona Moderator (moderator)').waitFor();
    await invitee.locator('article.item', { hasText: 'A comment to moderate' }).waitFor();
    expect(new URL(invitee.url()).pathname).toBe('/moderate');
    const nav = invitee.getByRole('navigation', { name: 'Dashboard' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['Queues', 'Statistics', 'Your account']);
    // Asking for an admin screen by its address shows the queues instead.
    await invitee.goto(`${t.url}/moderate#settings`);
    await invitee.getByRole('tab', { name: /^Pending/ }).waitFor();
    await expect(invitee.getByRole('heading', { name: 'Site settings' }).count()).resolves.toBe(0);
    await phoneShot(invitee, 'dashboard-moderator-phone');

    // The owner sees the member, now with a password, and makes them an admin, then removes them.
    await admin.getByRole('link', { name: 'Queues' }).click();
    await admin.getByRole('link', { name: 'Staff' }).click();
    const card = admin.locator('li.member', { hasText: 'Mona Moderator' });
    await card.waitFor();
    await expect(card.getByText('invitation not accepted yet').count()).resolves.toBe(0);
    // Inviting a member again: the server's guardrail, in words.
    await admin.getByRole('textbox', { name: 'Their email address' }).fill(address);
    await admin.getByRole('button', { name: 'Create invitation' }).click();
    await admin.getByText('This address already has a role on this site: change its role in the list instead.').waitFor();
    await expectNoViolations(admin);
    await shot(admin, 'dashboard-staff-guardrail');
    await card.getByRole('combobox', { name: 'Role of Mona Moderator' }).selectOption('admin');
    await card.getByRole('button', { name: 'Change role' }).click();
    await card.getByText('Mona Moderator is now admin.').waitFor();
    expect((await t.ds.query(`SELECT role FROM site_staff ss JOIN staff s ON s.id = ss.staff_id WHERE s.email = $1`, [address]))[0].role).toBe('admin');
    await card.getByRole('button', { name: 'Remove from site' }).click();
    await card.getByText('Remove Mona Moderator from this site? They can no longer moderate it.').waitFor();
    await expect(focused(admin)).resolves.toBe('button:Yes, remove');
    await expectNoViolations(admin);
    await admin.keyboard.press('Enter');
    await card.waitFor({ state: 'detached' });
    await expect(focused(admin)).resolves.toBe('h2:Staff');
    expect(await t.ds.query(`SELECT 1 FROM site_staff ss JOIN staff s ON s.id = ss.staff_id WHERE s.email = $1`, [address])).toEqual([]);
    // Their open session no longer moderates: the next request signs them out.
    await invitee.getByRole('tab', { name: /^Reported/ }).click();
    await invitee.getByText('Your account has no role on this site. Ask an admin to invite you.').waitFor();
  });

  it('a reset link made on the staff screen sets a new password, and the old one stops working', async () => {
    const member = await makeStaff(t.ds, { name: 'Rita Reset', roles: { default: 'moderator' } });
    const admin = await open();
    await signInWithPassword(admin, t.url, owner.email, OWNER_PASSWORD);
    await admin.goto(`${t.url}/moderate#staff`);
    const card = admin.locator('li.member', { hasText: 'Rita Reset' });
    await card.getByRole('button', { name: 'Create password reset link' }).click();
    const link = card.getByRole('textbox', { name: 'One-time link' });
    await link.waitFor();
    await expect(focused(admin)).resolves.toBe('input:One-time link');
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${t.url}/moderate/reset#`));
    await shot(admin, 'dashboard-staff-reset-link');

    const page = await open();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    // The page names the account, and offers it as the username to a password manager.
    await page.getByText(`A new password for ${member.email}.`).waitFor();
    const username = page.getByRole('textbox', { name: 'Email address' });
    await expect(username.inputValue()).resolves.toBe(member.email);
    await expect(username.getAttribute('autocomplete')).resolves.toBe('username');
    await expectNoViolations(page);
    await shot(page, 'dashboard-reset-page');
    await page.getByLabel('New password', { exact: true }).fill('the brand new password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Your new password is set. Sign in with it.').waitFor();
    // The sign-in form has the address filled in and asks for the password first.
    await expect(page.getByRole('textbox', { name: 'Email address' }).inputValue()).resolves.toBe(member.email);
    await expect(focused(page)).resolves.toBe('input:Password');
    await shot(page, 'dashboard-reset-signin');
    await submitPassword(page, member.email, member.password);
    await page.getByText('The email address or password is not right.').waitFor();
    await page.getByLabel('Password', { exact: true }).fill('the brand new password');
    await page.getByRole('button', { name: 'Sign in with password' }).click();
    await page.getByText('Signed in as Rita Reset (moderator)').waitFor();

    // The spent link says so at once, before a password is typed.
    const again = await open();
    await again.goto(url);
    await again.getByText('This reset link has already been used. Ask an admin for a new one.').waitFor();
    await expect(again.getByLabel('New password', { exact: true }).count()).resolves.toBe(0);
  });

  it('sign out everywhere ends the session in the other browser too', async () => {
    const a = await open();
    const b = await open();
    await signInWithPassword(a, t.url, owner.email, OWNER_PASSWORD);
    await signInWithPassword(b, t.url, owner.email, OWNER_PASSWORD);
    await a.getByRole('button', { name: 'Sign out everywhere' }).click();
    await a.getByText('You are signed out on every device.').waitFor();
    await expect(focused(a)).resolves.toBe('input:Email address');
    await shot(a, 'dashboard-signed-out-everywhere');
    // The other browser finds out at its next request.
    await b.getByRole('tab', { name: /^Rejected/ }).click();
    await b.getByText('Your session has ended. Please sign in again.').waitFor();
    await b.getByRole('textbox', { name: 'Email address' }).waitFor();
    await b.reload();
    await b.getByRole('textbox', { name: 'Email address' }).waitFor();
    await expect(b.getByRole('tab').count()).resolves.toBe(0);
  });

  it('sign out ends only this session', async () => {
    const a = await open();
    const b = await open();
    await signInWithPassword(a, t.url, owner.email, OWNER_PASSWORD);
    await signInWithPassword(b, t.url, owner.email, OWNER_PASSWORD);
    await a.getByRole('button', { name: 'Sign out', exact: true }).click();
    await a.getByText('You are signed out.').waitFor();
    await a.reload();
    await a.getByRole('textbox', { name: 'Email address' }).waitFor();
    await b.getByRole('tab', { name: /^Rejected/ }).click();
    await b
      .locator('ul.items')
      .getByText(/Nothing in rejected|Comment by/)
      .first()
      .waitFor();
    await expect(b.getByText('Signed in as Olive Owner (owner)').isVisible()).resolves.toBe(true);
  });

  it("the widget on the service's own origin (the demo) never sends the staff session: a signed-in owner reads it as anyone would", async () => {
    const page = await open();
    await signInWithPassword(page, t.url, owner.email, OWNER_PASSWORD);
    const sent: { url: string; cookie: string | undefined }[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/articles/')) void r.allHeaders().then((hs) => sent.push({ url: r.url(), cookie: hs.cookie }));
    });
    await page.goto(`${t.url}/demo`);
    await page.locator('#parley-comments ol.list[aria-busy="false"]').waitFor();
    await eventually(
      () => Promise.resolve(sent.length),
      (n) => expect(n).toBeGreaterThan(0),
    );
    expect(sent.filter((r) => r.cookie !== undefined)).toEqual([]);
  });

  it('on a phone: sign-in, the queue and the staff screen fit the width', async () => {
    const page = await open(PHONE);
    await page.goto(`${t.url}/moderate`);
    await page.getByRole('textbox', { name: 'Email address' }).waitFor();
    await phoneShot(page, 'dashboard-signin-phone');
    await submitPassword(page, owner.email, OWNER_PASSWORD);
    await page.locator('article.item').first().waitFor();
    await phoneShot(page, 'dashboard-queue-phone');
    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { name: 'Olive Owner (you)' }).waitFor();
    await expectNoViolations(page);
    await phoneShot(page, 'dashboard-staff-phone');
  });
});
