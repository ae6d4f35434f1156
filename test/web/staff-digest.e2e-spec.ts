import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { openPage, startBrowserSuite, type BrowserSuite } from '../support/browser-suite';
import { actors, article, enc, must, postComment } from '../support/factories';
import { FAST_JOBS, eventually, settled, SmtpSink } from '../notifications/notify-helpers';
import { makeStaff } from '../staff/staff-helpers';
import { shot } from './browser';
import { DESKTOP, expectNoViolations, PHONE, phoneShot, signInWithPassword } from './dashboard-helpers';

jest.setTimeout(180_000);

/** A staff member asks for the queue digest on their account screen; the digest arrives through a real SMTP server process. */
describe('dashboard: the queue digest on the account screen', () => {
  let suite: BrowserSuite;
  let sink: SmtpSink;
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ({ t, browser } = suite = await startBrowserSuite({ ...FAST_JOBS, SMTP_URL: sink.url, PUBLIC_URL: 'https://comments.news.test' }));
  });
  afterAll(async () => {
    await suite?.close();
    await sink?.close();
  });
  afterEach(async () => {
    expect(errors).toEqual([]);
    await context?.close();
  });

  const patchSettingsBack = () => must(t.api('PATCH', '/settings', { token: actors(t).admin, body: { locale: 'en' } }));
  const open = async (viewport = DESKTOP) => {
    errors = [];
    ({ context, page } = await openPage(browser, viewport, { errors, dialogs: [] }));
    page.setDefaultTimeout(30_000);
  };

  it('chooses hourly, is told where it goes, and gets the digest; then turns it off; on a phone too', async () => {
    const member = await makeStaff(t.ds, { name: 'Della Digest', roles: { default: 'moderator' } });
    await open();
    await signInWithPassword(page, t.url, member.email, member.password);
    await page.goto(`${t.url}/moderate#account`);
    const section = page.getByRole('region', { name: 'Queue digest by email' });
    await section.getByText(`Sent to ${member.email}.`).waitFor();
    const group = section.getByRole('group', { name: 'Email me the moderation queues of Default site' });
    await expect(group.getByRole('radio', { name: 'Off' }).isChecked()).resolves.toBe(true);
    await group.getByRole('radio', { name: 'Hourly' }).check();
    await section.getByRole('button', { name: 'Save digest choice' }).click();
    await section.getByText('You will get the queue digest every hour.').waitFor();
    await expectNoViolations(page);
    await shot(page, 'staff-digest-account');

    const staffId = (await t.ds.query(`SELECT staff_id FROM staff_digests`))[0].staff_id as string;
    expect(staffId).toBe(`staff:${member.id}`);
    const art = article('digest-ui');
    const a = actors(t);
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: a.mod, body: { premoderation: true, title: 'Night trains' } }));
    await postComment(t, a.reader('u-nia', 'Nia'), art, 'Waiting for a moderator');
    await settled(t);
    await t.ds.query(`UPDATE jobs SET run_at = now() WHERE kind = 'staff.digest' AND state = 'queued'`);
    await eventually(async () => (await sink.to(member.email)).length === 1, 20_000, 'the digest');
    const [mail] = await sink.to(member.email);
    expect(mail.subject).toBe('Moderation at Default site: 1 pending, 0 reported');
    expect(mail.text).toContain('Hello Della Digest');
    expect(mail.text).toContain('Nia on “Night trains”');

    // After a reload the choice is there; Off turns it off.
    await page.reload();
    await expect(group.getByRole('radio', { name: 'Hourly' }).isChecked()).resolves.toBe(true);
    await group.getByRole('radio', { name: 'Off' }).check();
    await section.getByRole('button', { name: 'Save digest choice' }).click();
    await section.getByText('The queue digest is off.').waitFor();
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM staff_digests`)).toEqual([{ n: 0 }]);
    await context.close();

    await open(PHONE);
    await signInWithPassword(page, t.url, member.email, member.password);
    await page.goto(`${t.url}/moderate#account`);
    await page.getByRole('region', { name: 'Queue digest by email' }).getByText(`Sent to ${member.email}.`).waitFor();
    await expectNoViolations(page);
    await phoneShot(page, 'staff-digest-phone');
  });

  it('an admin chooses the language of notification emails on the settings screen', async () => {
    const admin = await makeStaff(t.ds, { name: 'Ada Admin', roles: { default: 'admin' } });
    await open();
    await signInWithPassword(page, t.url, admin.email, admin.password);
    await page.goto(`${t.url}/moderate#settings`);
    const language = page.getByRole('combobox', { name: 'Language of notification emails' });
    await expect(language.inputValue()).resolves.toBe('en');
    await language.selectOption('de');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .locator('.savebar .msg.ok')
      .getByText(/^Settings saved at/)
      .waitFor();
    expect((await must(t.api('GET', '/settings', { token: actors(t).admin }))).locale).toBe('de');
    await expect(page.getByRole('group', { name: 'Other settings' }).count()).resolves.toBe(0);
    await expectNoViolations(page);
    await patchSettingsBack();
  });
});
