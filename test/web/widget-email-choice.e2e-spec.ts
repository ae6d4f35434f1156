import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, Publisher, startBrowserSuite } from '../support/browser-suite';
import { actors, Actors, article, must, patchSettings, postComment, text } from '../support/factories';
import { eventually, FAST_JOBS, settled, SmtpSink } from '../notifications/notify-helpers';
import { expectWidgetClean } from './axe';
import { bellButton, bellPanel, openAsReader, shot } from './browser';
import { pagesPerTest, type Viewport } from './fresh-pages';

jest.setTimeout(180_000);

/**
 * The reader's own email choice in the bell's panel (embed-extras.js), against the real service and
 * a real SMTP server process: chosen in the widget, kept by the API, and the email follows.
 */
describe('embed widget: the reader’s email choice', () => {
  let sink: SmtpSink;
  let suite: BrowserSuite;
  let t: TestApp;
  let a: Actors;
  let site: Publisher;
  let page: Page;
  const newPage = pagesPerTest(() => suite.browser, { viewport: { width: 1000, height: 900 }, timeout: 30_000 });

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ({ t, site } = suite = await startBrowserSuite({ ...FAST_JOBS, SMTP_URL: sink.url, MAIL_FROM: 'comments@news.test' }));
    a = actors(t);
    await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 1000 } });
  });
  afterAll(async () => {
    await suite?.close();
    await sink?.close();
  });

  const open = async (token: string, url: string, viewport?: Viewport) => {
    page = await newPage(viewport);
    await openAsReader(page, token, url);
  };

  const choice = () => bellPanel(page).getByLabel('Email me about replies and decisions');
  const prefs = (token: string) => must(t.api('GET', '/notifications/preferences', { token }));

  it('a reader chooses immediate emails in the panel: kept, shown again on the next visit, and the next reply is emailed; off stops them', async () => {
    const id = article('email-choice');
    const ema = t.token({ sub: 'u-ema', name: 'Ema', email: 'ema@news.test' });
    const mine = await postComment(t, ema, id, text('my thought'));

    await open(ema, site.article(id));
    await bellButton(page).click();
    await expect(choice().inputValue()).resolves.toBe('off');
    await expect(bellPanel(page).textContent()).resolves.toContain('Emails go to ema@news.test');
    await expect(choice().locator('option').allTextContents()).resolves.toEqual(['Off', 'Immediately', 'Hourly digest', 'Daily digest']);
    await choice().selectOption('immediate');
    await bellPanel(page).getByRole('status').filter({ hasText: 'Saved: Immediately.' }).waitFor();
    expect(await prefs(ema)).toMatchObject({ email: 'immediate', address: 'ema@news.test' });
    await expectWidgetClean(page, 'choice saved');
    await shot(page, 'a14-email-choice');

    await postComment(t, a.reader('u-finn', 'Finn'), id, 'Finn answers Ema', { parentId: mine.id });
    await eventually(async () => (await sink.to('ema@news.test')).length === 1, 20_000, 'the email');
    expect((await sink.to('ema@news.test'))[0].text).toContain('Finn answers Ema');
    await page.context().close();

    // The next visit shows the stored choice; turning it off stops the emails.
    await open(ema, site.article(id));
    await bellButton(page).click();
    await expect(choice().inputValue()).resolves.toBe('immediate');
    await choice().selectOption('off');
    await bellPanel(page).getByRole('status').filter({ hasText: 'Saved: Off.' }).waitFor();
    expect((await prefs(ema)).email).toBe('off');
    await postComment(t, a.reader('u-finn', 'Finn'), id, 'Finn again', { parentId: mine.id });
    await settled(t);
    expect(await sink.to('ema@news.test')).toHaveLength(1);
  });

  it('no choice for a sign-in without an address; on a phone the control fits and is large enough to touch', async () => {
    const id = article('email-phone');
    await open(a.reader('u-noaddr', 'Noa'), site.article(id));
    await bellButton(page).click();
    await bellPanel(page).locator('h3').waitFor();
    await expect(bellPanel(page).locator('.bell-email').isHidden()).resolves.toBe(true);
    await page.context().close();

    await open(t.token({ sub: 'u-pia', name: 'Pia', email: 'pia@news.test' }), site.article(id), { width: 390, height: 844 });
    await bellButton(page).click();
    await choice().waitFor();
    await choice().selectOption('daily');
    await bellPanel(page).getByRole('status').filter({ hasText: 'Saved: Daily digest.' }).waitFor();
    const box = await choice().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await expectWidgetClean(page, 'phone');
    await shot(page, 'a14-email-choice-phone');
  });
});
