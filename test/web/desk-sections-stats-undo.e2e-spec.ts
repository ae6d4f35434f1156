import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, startBrowserSuite } from '../support/browser-suite';
import { enc, must, patchSettings } from '../support/factories';
import { eventually, type HtmlHost, serveHtml, shot, signInModerator, signInReader } from './browser';
import { DESKTOP, expectNoViolations, focused, tabTo } from './dashboard-helpers';

jest.setTimeout(240_000);

/** The phone the desk is tried on. */
const PHONE = { width: 390, height: 844 };

/**
 * In a real browser, from the keyboard: an article's section from the embed's data-section to the
 * desk's search filter; the statistics by hour and for two dates; undo after a suspension and
 * pre-moderation, with a second moderator watching the user panel follow live.
 */
describe("moderator's desk: sections, statistics over time, sanction undo (browser)", () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let browser: Browser;
  let publisher: HtmlHost;
  const contexts: BrowserContext[] = [];
  const trouble = { errors: [] as string[], dialogs: [] as string[] };

  const mod = (sub = 'mod-s3', name = 'Sol Moderator') => t.token({ sub, name, role: 'moderator' });
  const reader = (sub: string, name = sub) => t.token({ sub, name });

  beforeAll(async () => {
    ({ t, browser } = suite = await startBrowserSuite());
    await patchSettings(t, t.token({ sub: 'adm-s3', name: 'Adm', role: 'admin' }), { rateLimits: { commentsPerMinute: 1000 } });
    // A publisher's page embedding the widget with the article's section.
    publisher = await serveHtml(
      (u) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story</title></head><body><main><h1>Story</h1>
<div id="parley-comments"></div>
<script src="${t.url}/embed.js" data-article-id="${u.searchParams.get('id')}" data-article-title="Ferry story" data-section="${u.searchParams.get('section')}" async></script>
</main></body></html>`,
    );
  });
  afterAll(async () => {
    await publisher?.close();
    await suite?.close();
  });
  afterEach(async () => {
    while (contexts.length) await contexts.pop()!.close();
    expect(trouble.errors).toEqual([]);
    expect(trouble.dialogs).toEqual([]);
  });

  async function desk(token = mod(), viewport = DESKTOP): Promise<Page> {
    const { context, page } = await openPage(browser, viewport, trouble);
    contexts.push(context);
    await signInModerator(page, token);
    await page.goto(`${t.url}/moderate`);
    await page.locator('body[data-live="on"]').waitFor();
    await page.getByRole('tab', { name: /^Pending/ }).waitFor();
    return page;
  }

  /** Nothing wider than the phone (no sideways scrolling), then a screenshot. */
  async function phoneCheck(page: Page, name: string): Promise<void> {
    const wide = await page.evaluate((max) => {
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        const r = el.getBoundingClientRect();
        if (r.right > max + 0.5 && r.width > 0 && !el.closest('.sr, .tables-hidden .data'))
          out.push(`${el.tagName.toLowerCase()}.${el.className}: ${Math.round(r.right)}px`);
      }
      return { width: document.documentElement.scrollWidth, wide: out.slice(0, 8) };
    }, PHONE.width);
    expect(wide).toEqual({ width: PHONE.width, wide: [] });
    await shot(page, name);
  }

  const texts = (page: Page) => page.locator('ul.items article.item .text').allTextContents();
  const cells = (page: Page, caption: string) =>
    page
      .locator('table', { has: page.locator('caption', { hasText: caption }) })
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.children).map((c) => (c.textContent ?? '').trim())));

  it('a reader comments through an embed with data-section; the desk finds it by section from the keyboard', async () => {
    // Through the widget: the article is created with its section.
    const { context, page: story } = await openPage(browser, DESKTOP, trouble);
    contexts.push(context);
    await signInReader(story, reader('s3-wren', 'Wren'));
    await story.goto(`${publisher.url}/article?id=s3-world-1&section=${encodeURIComponent('World news')}`);
    const box = story.getByRole('textbox', { name: 'Write a comment' });
    await box.fill('The ferry is back, walrus included');
    await story.getByRole('button', { name: 'Post comment' }).click();
    await eventually(
      () => t.ds.query(`SELECT title, section FROM articles WHERE site_id = 'default' AND id = 's3-world-1'`),
      (rows) => expect(rows).toEqual([{ title: 'Ferry story', section: 'World news' }]),
    );
    // Two more articles: another of the section, and one of Sport.
    for (const [id, section, body] of [
      ['s3-world-2', 'World news', 'A walrus on the ferry deck'],
      ['s3-sport-1', 'Sport', 'The walrus won the regatta'],
    ]) {
      await must(t.api('POST', `/articles/${enc(id)}/comments`, { token: reader('s3-pia', 'Pia'), body: { body, articleSection: section } }), 201);
    }

    const page = await desk();
    await page.keyboard.press('s');
    await page.keyboard.type('walrus');
    await tabTo(page, /^button:More filters/);
    await page.keyboard.press('Enter');
    await expect(focused(page)).resolves.toBe('input:Author id');
    await tabTo(page, 'input:Section');
    await page.keyboard.type('World news');
    await expectNoViolations(page);
    await shot(page, 's3-search-section');
    await page.keyboard.press('Enter');
    await page
      .locator('p.searchnote')
      .getByText(/^Search results for “walrus”, section World news\./)
      .waitFor();
    const api = await must(t.api('GET', `/moderation/search?q=walrus&section=${encodeURIComponent('World news')}`, { token: mod() }));
    expect(api.items.map((i: any) => i.body).sort()).toEqual(['A walrus on the ferry deck', 'The ferry is back, walrus included']);
    await eventually(
      () => texts(page),
      (x) => expect(x.map((s) => s.trim())).toEqual(api.items.map((i: any) => i.body)),
    );
    // The same keys work on the results.
    await page.keyboard.press('j');
    await expect(focused(page)).resolves.toMatch(/^article:/);

    const phone = await desk(mod(), PHONE);
    await phone.getByRole('button', { name: 'More filters' }).click();
    await phone.getByLabel('Section').fill('Sport');
    await expectNoViolations(phone);
    await phoneCheck(phone, 's3-search-section-phone');
  });

  it('Statistics: today by hour and two dates, from the keyboard; the tables hold the API’s series; bad dates said, nothing asked', async () => {
    // A held comment waiting, one decided: the queue and the wait have something to show.
    await must(t.api('PATCH', '/articles/s3-held', { token: mod(), body: { premoderation: true } }));
    const held = [];
    for (const body of ['Held for the statistics', 'Decided for the statistics'])
      held.push((await must(t.api('POST', '/articles/s3-held/comments', { token: reader('s3-stat', 'Stat'), body: { body } }), 201)).id);
    await must(t.api('POST', `/moderation/comments/${held[1]}/approve`, { token: mod() }));

    const page = await desk();
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByRole('heading', { name: 'Statistics', level: 2 }).waitFor();
    await page.getByRole('img', { name: /^Bar chart of comments per day over 7 days/ }).waitFor();
    // The period from the keyboard: Tab to it, Home picks the first choice (today, by hour).
    await tabTo(page, /^select:Period/);
    await page.keyboard.press('Home');
    await page.getByRole('img', { name: /^Bar chart of comments per hour over \d+ hours/ }).waitFor();
    const today = await must(t.api('GET', '/moderation/stats?days=1', { token: mod() }));
    expect(today.bucket).toBe('hour');
    const hour = (at: string) => {
      const d = new Date(at);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:00`;
    };
    await eventually(
      () => cells(page, 'Comments per hour'),
      (rows) => expect(rows).toEqual(today.series.map((p: any) => [hour(p.at), p.published, p.held, p.rejected, p.deleted].map(String))),
    );
    expect(await cells(page, 'Queue size over time')).toEqual(today.series.map((p: any) => [hour(p.at), String(p.queue)]));
    const waits = await cells(page, 'Median time to decision over time');
    expect(waits.map((r) => r.slice(0, 2))).toEqual(today.series.map((p: any) => [hour(p.at), String(p.decisions)]));
    expect(today.series.reduce((n: number, p: any) => n + p.decisions, 0)).toBeGreaterThan(0);
    expect(Math.max(...today.series.map((p: any) => p.queue))).toBeGreaterThan(0);
    await page.getByRole('img', { name: /^Line chart of the pending queue over time/ }).waitFor();
    await page.getByRole('img', { name: /^Line chart of the median time to a first decision/ }).waitFor();
    await page.getByRole('button', { name: 'Show the tables' }).click();
    await expectNoViolations(page);
    await shot(page, 's3-stats-hourly');

    // Two dates: the last key picks "Dates…", focus goes to the first date field.
    await page.getByLabel('Period', { exact: true }).focus();
    await page.keyboard.press('End');
    await expect(focused(page)).resolves.toBe('input:From');
    const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const now = new Date();
    const first = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 2);
    // Bad first: the first day after the last is said, with nothing asked.
    const asked: string[] = [];
    page.on('request', (r) => r.url().includes('/moderation/stats') && asked.push(r.url()));
    await page.getByLabel('From', { exact: true }).fill(ymd(now));
    await page.getByLabel('Until', { exact: true }).fill(ymd(first));
    await page.getByLabel('Until', { exact: true }).press('Enter');
    await page
      .getByRole('alert')
      .getByText(/^Pick a first and a last day/)
      .waitFor();
    expect(asked).toEqual([]);
    await page.getByLabel('From', { exact: true }).fill(ymd(first));
    await page.getByLabel('Until', { exact: true }).fill(ymd(now));
    await page.getByLabel('Until', { exact: true }).press('Enter');
    await page.getByRole('img', { name: /^Bar chart of comments per day over 3 days/ }).waitFor();
    const from = new Date(first);
    const to = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    const range = await must(
      t.api('GET', `/moderation/stats?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`, { token: mod() }),
    );
    expect([range.bucket, range.series.length]).toEqual(['day', 3]);
    const day = (at: string) => (at.endsWith('T00:00:00.000Z') ? at.slice(0, 10) : ymd(new Date(at)));
    await eventually(
      () => cells(page, 'Comments per day'),
      (rows) => expect(rows).toEqual(range.series.map((p: any) => [day(p.at), p.published, p.held, p.rejected, p.deleted].map(String))),
    );
    expect(await cells(page, 'Queue size over time')).toEqual(range.series.map((p: any) => [day(p.at), String(p.queue)]));
    expect(asked).toHaveLength(1);
    await expectNoViolations(page);
    await shot(page, 's3-stats-range');

    const phone = await desk(mod(), PHONE);
    await phone.getByRole('link', { name: 'Statistics' }).click();
    await phone.getByLabel('Period', { exact: true }).selectOption('range');
    await phone.getByRole('button', { name: 'Show', exact: true }).waitFor();
    await expectNoViolations(phone);
    await phoneCheck(phone, 's3-stats-phone');
  });

  it('suspend and pre-moderate offer Undo in the notice; a second moderator’s open panel follows both ways, live; the log says user.undo', async () => {
    await must(t.api('PATCH', '/articles/s3-undo', { token: mod(), body: { premoderation: true } }));
    await must(t.api('POST', '/articles/s3-undo/comments', { token: reader('s3-sam', 'Sam Sanctioned'), body: { body: 'Sam waits here' } }), 201);
    const a = await desk(mod('mod-s3a', 'Alma'));
    const b = await desk(mod('mod-s3b', 'Bert'));
    const openPanel = async (page: Page) => {
      await page.locator('article.item', { hasText: 'Sam waits here' }).getByRole('button', { name: 'User panel' }).click();
      const panel = page.locator('aside.panel');
      await panel.getByRole('heading', { name: 'User: Sam Sanctioned' }).waitFor();
      return panel;
    };
    const status = (panel: Locator, want: RegExp) =>
      panel
        .locator('dt', { hasText: /^Status$/ })
        .locator('+ dd', { hasText: want })
        .waitFor();
    const premod = (panel: Locator, want: string) =>
      panel
        .locator('dt', { hasText: /^Pre-moderated$/ })
        .locator('+ dd', { hasText: want })
        .waitFor();
    const pa = await openPanel(a);
    const pb = await openPanel(b);

    // Suspend from the keyboard in the first moderator's panel.
    await pa.getByRole('textbox', { name: 'Reason for the suspension' }).focus();
    await a.keyboard.type('cool off');
    await tabTo(a, /^button:Suspend user/);
    await a.keyboard.press('Enter');
    const toast = a.getByRole('region', { name: 'Last decision' });
    await toast.getByText('Suspended Sam Sanctioned.').waitFor();
    await status(pb, /^suspended/);
    await expectNoViolations(a);
    await shot(a, 's3-suspend-toast');
    await shot(b, 's3-suspend-colleague');
    // Esc leaves the panel; z undoes while the notice shows.
    await a.keyboard.press('Escape');
    await pa.waitFor({ state: 'hidden' });
    await a.keyboard.press('z');
    await status(pb, /^active$/);
    await eventually(
      async () => (await must(t.api('GET', '/moderation/users/s3-sam', { token: mod() }))).user.status,
      (s) => expect(s).toBe('active'),
    );

    // Pre-moderation, undone with the notice's button.
    const pa2 = await openPanel(a);
    await pa2.getByRole('button', { name: 'Pre-moderate their comments' }).click();
    await toast.getByText('Pre-moderating Sam Sanctioned.').waitFor();
    await premod(pb, 'Yes');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await premod(pb, 'No');
    await premod(pa2, 'No');
    const log = (await must(t.api('GET', '/moderation/log?userId=s3-sam', { token: mod() }))).items.filter((l: any) => l.action.startsWith('user.'));
    expect(log.map((l: any) => [l.action, l.reason])).toEqual([
      ['user.undo', 'user.premod undone'],
      ['user.premod', null],
      ['user.undo', 'user.suspend undone'],
      ['user.suspend', 'cool off'],
    ]);

    const phone = await desk(mod('mod-s3a', 'Alma'), PHONE);
    const pp = await openPanel(phone);
    await pp.getByRole('button', { name: 'Pre-moderate their comments' }).click();
    await phone.getByRole('region', { name: 'Last decision' }).getByText('Pre-moderating Sam Sanctioned.').waitFor();
    await expectNoViolations(phone);
    await phoneCheck(phone, 's3-premod-toast-phone');
  });
});
