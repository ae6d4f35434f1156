/**
 * The admins' list of emails that could not be sent, at the foot of the dashboard's webhooks screen,
 * against the real service and a real SMTP server process refusing the address (a reader's email
 * and a staff digest); axe at zero violations; a phone pass.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, startBrowserSuite } from '../support/browser-suite';
import { article, enc, must, postComment, text } from '../support/factories';
import { makeStaff } from '../staff/staff-helpers';
import { eventually, FAST_JOBS, SmtpSink } from '../notifications/notify-helpers';
import { shot } from './browser';
import { DESKTOP, expectNoViolations, focusedOnce, PHONE, signInWithPassword } from './dashboard-helpers';

jest.setTimeout(180_000);

const PASSWORD = 'admin password of some length';

describe('dashboard: emails that could not be sent', () => {
  let sink: SmtpSink;
  let suite: BrowserSuite;
  let t: TestApp;
  let browser: Browser;
  let admin: { id: string; email: string };
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ({ t, browser } = suite = await startBrowserSuite({ ...FAST_JOBS, SMTP_URL: sink.url, MAIL_FROM: 'desk@news.test' }));
    admin = await makeStaff(t.ds, { name: 'Ada Admin', password: PASSWORD, roles: { default: 'admin' } });
  });
  afterAll(async () => {
    await suite?.close();
    await sink?.close();
  });
  afterEach(async () => {
    while (contexts.length) await contexts.pop()!.close();
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  async function screen(viewport = DESKTOP): Promise<Page> {
    const { context, page } = await openPage(browser, viewport, { errors, dialogs });
    contexts.push(context);
    await signInWithPassword(page, t.url, admin.email, PASSWORD);
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(focusedOnce(page, /^h2:Webhooks$/)).resolves.toBe('h2:Webhooks');
    return page;
  }

  it('lists a reader’s email and a staff digest the mail server refused, with the server’s answer; fits a phone', async () => {
    const mod = t.token({ sub: 'm-kai', name: 'Kai', role: 'moderator' });
    const rex = t.token({ sub: 'rex', name: 'Rex', email: 'fail-rex@news.test' });
    await must(t.api('PUT', '/notifications/preferences', { token: rex, body: { email: 'immediate' } }));
    const art = article('mail-failures');
    const parent = await postComment(t, rex, art, text('parent'));
    await postComment(t, t.token({ sub: 'sam', name: 'Sam' }), art, text('reply'), { parentId: parent.id });
    const desk = t.token({ sub: 'm-desk', name: 'Desk', role: 'moderator', email: 'fail-desk@news.test' });
    await must(t.api('PUT', '/notifications/staff-digest', { token: desk, body: { frequency: 'daily' } }));
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: mod, body: { premoderation: true } }));
    await postComment(t, t.token({ sub: 'tia', name: 'Tia' }), art, text('waiting'));
    await t.ds.query(`UPDATE jobs SET run_at = now() WHERE kind = 'staff.digest' AND state = 'queued'`);
    const adminToken = t.token({ sub: 'adm', name: 'Adm', role: 'admin' });
    await eventually(async () => (await must(t.api('GET', '/notifications/failures', { token: adminToken }))).items.length === 2, 20_000, 'both failures');

    const page = await screen();
    const section = page.getByRole('region', { name: 'Emails that could not be sent' });
    const rows = section.locator('ol.dlv > li[data-id]');
    await rows.nth(1).waitFor();
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toContain('fail-desk@news.test (Staff digest m-desk)');
    await expect(rows.nth(1).textContent()).resolves.toContain('fail-rex@news.test (Reader rex)');
    await expect(rows.nth(1).textContent()).resolves.toContain('Attempts: 3');
    await expect(rows.nth(1).textContent()).resolves.toMatch(/550/);
    await expectNoViolations(page);
    await shot(page, 'a14-email-failures');

    const phone = await screen(PHONE);
    const onPhone = phone.getByRole('region', { name: 'Emails that could not be sent' });
    await onPhone.locator('ol.dlv > li[data-id]').nth(1).waitFor();
    await expect(onPhone.locator('ol.dlv > li[data-id]').count()).resolves.toBe(2);
    await expect(phone.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
    await expectNoViolations(phone);
    await shot(phone, 'a14-email-failures-phone');
  });
});
