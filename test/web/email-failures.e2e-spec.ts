/**
 * The admins' list of emails that could not be sent, at the foot of the dashboard's webhooks screen,
 * against the real service and a real SMTP server process refusing the address (a reader's email
 * and a staff digest, refused for now until their retries ran out, and a reader's email refused for
 * good: a bounce); axe at zero violations; a phone pass.
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

  it('lists a reader’s email and a staff digest the mail server refused, and a bounce, labelled, with the server’s answer; fits a phone', async () => {
    const mod = t.token({ sub: 'm-kai', name: 'Kai', role: 'moderator' });
    const rex = t.token({ sub: 'rex', name: 'Rex', email: 'fail-rex@news.test' });
    await must(t.api('PUT', '/notifications/preferences', { token: rex, body: { email: 'immediate' } }));
    const art = article('mail-failures');
    const parent = await postComment(t, rex, art, text('parent'));
    await postComment(t, t.token({ sub: 'sam', name: 'Sam' }), art, text('reply'), { parentId: parent.id });
    // A reader whose address the server refuses for good: a bounce, at once.
    const bo = t.token({ sub: 'bo', name: 'Bo', email: 'bounce-bo@news.test' });
    await must(t.api('PUT', '/notifications/preferences', { token: bo, body: { email: 'immediate' } }));
    const boParent = await postComment(t, bo, art, text('bo parent'));
    await postComment(t, t.token({ sub: 'sam', name: 'Sam' }), art, text('reply to bo'), { parentId: boParent.id });
    const desk = t.token({ sub: 'm-desk', name: 'Desk', role: 'moderator', email: 'fail-desk@news.test' });
    await must(t.api('PUT', '/notifications/staff-digest', { token: desk, body: { frequency: 'daily' } }));
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: mod, body: { premoderation: true } }));
    await postComment(t, t.token({ sub: 'tia', name: 'Tia' }), art, text('waiting'));
    await t.ds.query(`UPDATE jobs SET run_at = now() WHERE kind = 'staff.digest' AND state = 'queued'`);
    const adminToken = t.token({ sub: 'adm', name: 'Adm', role: 'admin' });
    await eventually(async () => (await must(t.api('GET', '/notifications/failures', { token: adminToken }))).items.length === 3, 20_000, 'all three');

    const page = await screen();
    const section = page.getByRole('region', { name: 'Emails that could not be sent' });
    const rows = section.locator('ol.dlv > li[data-id]');
    await rows.nth(2).waitFor();
    await expect(rows.count()).resolves.toBe(3);
    const texts = await rows.allTextContents();
    const digest = texts.find((x) => x.includes('fail-desk@news.test (Staff digest m-desk)'));
    const failed = texts.find((x) => x.includes('fail-rex@news.test (Reader rex)'));
    const bounced = texts.find((x) => x.includes('bounce-bo@news.test (Reader bo)'));
    expect(digest).toContain('Failed');
    expect(failed).toContain('Failed');
    expect(failed).toContain('Attempts: 3');
    expect(failed).toMatch(/451/);
    expect(bounced).toContain('Bounced');
    expect(bounced).toContain('Attempts: 1');
    expect(bounced).toMatch(/bounced \S/);
    expect(bounced).toMatch(/550 5\.1\.1 No such user here/);
    await section.locator('.st.bounced', { hasText: 'Bounced' }).waitFor();
    await expectNoViolations(page);
    await shot(page, 'a14-email-failures');

    const phone = await screen(PHONE);
    const onPhone = phone.getByRole('region', { name: 'Emails that could not be sent' });
    await onPhone.locator('ol.dlv > li[data-id]').nth(2).waitFor();
    await expect(onPhone.locator('ol.dlv > li[data-id]').count()).resolves.toBe(3);
    await expect(phone.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
    await expectNoViolations(phone);
    await shot(phone, 'a14-email-failures-phone');
  });
});
