import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, startBrowserSuite } from '../support/browser-suite';
import { enc, must, patchSettings } from '../support/factories';
import { eventually, shot, signInModerator } from './browser';
import { DESKTOP, expectNoViolations, focused } from './dashboard-helpers';

jest.setTimeout(180_000);

/** The phone the desk's screens are tried on. */
const PHONE = { width: 390, height: 844 };

/** The desk's statistics, a user's full history and the search filters, in a real browser, from the keyboard where a moderator would use it. */
describe("moderator's desk: statistics, people, search filters (browser)", () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const trouble = { errors: [] as string[], dialogs: [] as string[] };

  const mod = (sub = 'mod-d2', name = 'Dana Moderator') => t.token({ sub, name, role: 'moderator' });
  const admin = () => t.token({ sub: 'adm-d2', name: 'Adm', role: 'admin' });
  const reader = (sub: string, name = sub) => t.token({ sub, name });
  const post = async (token: string, articleId: string, body: string) => {
    const res = await t.api('POST', `/articles/${enc(articleId)}/comments`, { token, body: { body } });
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    ({ t, browser } = suite = await startBrowserSuite());
    await patchSettings(t, admin(), { rateLimits: { commentsPerMinute: 1000 }, suspectWords: ['walrus'] });
    await must(t.api('PATCH', `/articles/${enc('d2-art')}`, { token: mod(), body: { title: 'Harbour works', url: 'https://news.example/d2-art' } }));
    // Holly: two published, three held (suspect word); Rex reports one of hers; a moderator rejects another; a suspension and a note.
    const holly = reader('d2-holly', 'Holly Hale');
    const pub1 = await post(holly, 'd2-art', 'The harbour works are finally finished');
    await post(holly, 'd2-art', 'Good news for the ferry timetable');
    await post(holly, 'd2-art', 'A walrus sat on the pier all morning');
    await post(holly, 'd2-art', 'Another walrus, or the same walrus?');
    await post(holly, 'd2-art', 'Walrus watch: day three');
    const rex = await post(reader('d2-rex', 'Rex Reed'), 'd2-art', 'Nobody cares about the harbour');
    await must(
      t.api('POST', `/comments/${pub1.id}/reports`, { token: reader('d2-rex', 'Rex Reed'), body: { reason: 'spam', note: 'she posts this daily' } }),
      202,
    );
    await must(t.api('POST', `/comments/${rex.id}/reports`, { token: holly, body: { reason: 'abuse' } }), 202);
    await must(t.api('POST', `/moderation/comments/${rex.id}/reject`, { token: mod('mod-d2b', 'Bo Moderator'), body: { reason: 'rude' } }));
    await must(
      t.api('POST', '/moderation/users/d2-rex/suspend', {
        token: mod('mod-d2b', 'Bo Moderator'),
        body: { until: new Date(Date.now() + 3 * 86_400_000).toISOString(), reason: 'cool off' },
      }),
    );
    await must(t.api('POST', '/moderation/users/d2-holly/notes', { token: mod(), body: { body: 'Regular; posts about the harbour' } }), 201);
  });
  afterAll(() => suite?.close());
  afterEach(async () => {
    while (contexts.length) await contexts.pop()!.close();
    expect(trouble.errors).toEqual([]);
    expect(trouble.dialogs).toEqual([]);
  });

  async function desk(viewport = DESKTOP, hash = ''): Promise<Page> {
    const { context, page } = await openPage(browser, viewport, trouble);
    contexts.push(context);
    await signInModerator(page, mod());
    await page.goto(`${t.url}/moderate${hash}`);
    await page.locator('body[data-live="on"]').waitFor();
    return page;
  }

  /** Nothing wider than the phone, then a screenshot to look at. */
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
    await shot(page, `d2-${name}`);
  }

  const count = (l: Locator, n: number) =>
    eventually(
      () => l.count(),
      (v) => expect(v).toBe(n),
    );
  const hasText = (l: Locator, want: string) =>
    eventually(
      () => l.textContent(),
      (v) => expect(v).toContain(want),
    );
  const attr = (l: Locator, name: string, want: string) =>
    eventually(
      () => l.getAttribute(name),
      (v) => expect(v).toBe(want),
    );

  const cellTexts = (page: Page, caption: string) =>
    page
      .locator('table', { has: page.locator('caption', { hasText: caption }) })
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.children).map((c) => (c.textContent ?? '').trim())));

  it('Statistics: the figures, charts and their tables agree with the API; 7 and 30 days; axe clean; a phone', async () => {
    const page = await desk();
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByRole('heading', { name: 'Statistics', level: 2 }).waitFor();
    await page.getByRole('img', { name: /^Bar chart of comments per day over 7 days/ }).waitFor();
    const api = await must(t.api('GET', '/moderation/stats?days=7', { token: mod() }));
    // The per-day table holds the API's numbers, day by day.
    expect(await cellTexts(page, 'Comments per day')).toEqual(api.perDay.map((d: any) => [d.day, d.published, d.held, d.rejected, d.deleted].map(String)));
    expect(await cellTexts(page, 'Decisions per moderator')).toEqual([['Bo Moderator', '0', '1', '0', '1']]);
    expect(await cellTexts(page, 'Reports by reason')).toEqual([
      ['spam', '1'],
      ['abuse', '1'],
      ['off topic', '0'],
      ['other', '0'],
    ]);
    expect(await cellTexts(page, 'Top reasons for holds and refusals')).toEqual([['suspect_word:walrus', '3']]);
    // The most active articles: the API's list, titled, with the comments each had in the period.
    expect(api.articles.length).toBeGreaterThan(0);
    expect(await cellTexts(page, 'Most active articles')).toEqual(
      api.articles.map((x: any) => [x.title ? `${x.title} (${x.articleId})` : x.articleId, String(x.comments)]),
    );
    const tile = (label: string) =>
      page
        .locator('.tiles div', { has: page.locator('dt', { hasText: label }) })
        .locator('dd')
        .first()
        .textContent();
    expect(await tile('Comments posted')).toBe('6');
    expect(await tile('Approval rate')).toBe(`${((api.approvalRate as number) * 100).toFixed(1)} %`);
    expect(await tile('Open reports')).toBe(String(api.reports.open));
    // The tables are hidden from sight (not from screen readers) until asked for.
    const tables = page.getByRole('button', { name: 'Show the tables' });
    await expect(
      page
        .locator('.view-stats .data')
        .first()
        .evaluate((el) => el.getBoundingClientRect().width),
    ).resolves.toBeLessThanOrEqual(1);
    await tables.focus();
    await page.keyboard.press('Enter');
    await expect(tables.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(
      page
        .locator('.view-stats .data')
        .first()
        .evaluate((el) => el.getBoundingClientRect().width),
    ).resolves.toBeGreaterThan(100);
    // The canvas charts are drawn (pixels on them).
    const painted = await page
      .locator('.view-stats canvas')
      .first()
      .evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;
      });
    expect(painted).toBeGreaterThan(500);
    await expectNoViolations(page);
    await shot(page, 'd2-stats');

    // Live while open: a new comment shows in the figures without a reload.
    await post(reader('d2-late', 'Late Reader'), 'd2-art', 'A late word on the harbour');
    await eventually(
      () => tile('Comments posted'),
      (v) => expect(v).toBe('7'),
      15_000,
    );

    await page.getByLabel('Period').selectOption('30');
    await page.getByRole('img', { name: /over 30 days/ }).waitFor();
    await count(page.locator('table', { has: page.locator('caption', { hasText: 'Comments per day' }) }).locator('tbody tr'), 30);
    await hasText(page.locator('.sr[role=status]'), 'Statistics for the last 30 days loaded.');
    await expectNoViolations(page);

    const phone = await desk(PHONE, '#stats');
    await phone.getByRole('img', { name: /^Bar chart of comments per day/ }).waitFor();
    await expectNoViolations(phone);
    await phoneCheck(phone, 'stats-phone');
  });

  it("People: from an author's name in the queue to their full history; j/k, a and r with a reason, 1-5 for the statuses; from the user panel too", async () => {
    const page = await desk();
    await page.getByRole('tab', { name: /^Pending/ }).waitFor();
    await page.locator('article.item').first().waitFor();
    // The author's name on a queue card is a link to their history.
    const author = page.locator('article.item').first().getByRole('link', { name: 'Holly Hale' });
    await author.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'History of Holly Hale', level: 2 }).waitFor();
    expect(page.url()).toMatch(/#people\/d2-holly$/);
    await page.locator('.view-people article.hc').first().waitFor();
    await page.getByRole('tab', { name: 'All (5)' }).waitFor();
    await page.getByRole('tab', { name: 'Held (3)' }).waitFor();
    await page.locator('.view-people').getByText('Regular; posts about the harbour').waitFor();
    await page.getByRole('heading', { name: 'Reports received (1)' }).waitFor();
    await hasText(page.locator('.view-people li', { hasText: 'reported by Rex Reed' }), 'she posts this daily');
    await page.getByRole('heading', { name: 'Reports made (1)' }).waitFor();
    await page.locator('.view-people li', { hasText: 'on a comment by Rex Reed' }).waitFor();
    await expectNoViolations(page);
    await shot(page, 'd2-people');

    // 3: the held ones; j to the first, a approves it.
    await page.keyboard.press('3');
    await expect(focused(page)).resolves.toMatch(/^button:Held \(3\)/);
    await count(page.locator('.view-people article.hc'), 3);
    await page.keyboard.press('j');
    await expect(focused(page)).resolves.toMatch(/^article:/);
    const firstHeld = await page.locator('.view-people article.hc.current').textContent();
    await page.keyboard.press('a');
    await page.locator('.view-people article.hc.current .badge', { hasText: 'approved' }).waitFor();
    await hasText(page.locator('.sr[role=status]'), 'Approved.');
    const approved = (await must(t.api('GET', '/moderation/search?authorId=d2-holly&status=approved&limit=50', { token: mod() }))).items;
    expect(approved.map((i: any) => i.body)).toContain(
      firstHeld!.match(/(A walrus sat on the pier all morning|Another walrus, or the same walrus\?|Walrus watch: day three)/)![1],
    );
    // j to the next, r asks for a reason (focus in its field), Enter rejects with it.
    await page.keyboard.press('j');
    await page.keyboard.press('r');
    await expect(focused(page)).resolves.toBe('input:Reason for rejecting (optional)');
    await page.keyboard.type('walrus spam');
    await page.keyboard.press('Enter');
    await page.locator('.view-people article.hc.current .badge', { hasText: 'rejected' }).waitFor();
    const rejected = (await must(t.api('GET', '/moderation/search?authorId=d2-holly&status=rejected', { token: mod() }))).items;
    expect(rejected.map((i: any) => i.decision?.reason)).toEqual(['walrus spam']);
    // k goes back up; Esc on a reason leaves it undecided.
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('r');
    await page.keyboard.press('Escape');
    await expect(focused(page)).resolves.toMatch(/^article:/);
    expect((await must(t.api('GET', '/moderation/search?authorId=d2-holly&status=pending', { token: mod() }))).items).toHaveLength(1);
    // 1: everything again, counts as they are now.
    await page.keyboard.press('1');
    await count(page.locator('.view-people article.hc'), 5);

    // Rex's history: the suspension with who and when, from the user panel's link.
    await page.goto(`${t.url}/moderate#queues`);
    await page.getByRole('tab', { name: /^Rejected/ }).click();
    const rexCard = page.locator('article.item', { hasText: 'Nobody cares about the harbour' });
    await rexCard.waitFor();
    await rexCard.getByRole('button', { name: 'User panel' }).click();
    await page.getByRole('link', { name: 'Full history' }).click();
    await page.getByRole('heading', { name: 'History of Rex Reed', level: 2 }).waitFor();
    await hasText(page.locator('.view-people li', { hasText: 'Suspended by Bo Moderator' }), 'cool off');
    await hasText(page.locator('.view-people .facts'), 'suspended until');

    const phone = await desk(PHONE, '#people/d2-holly');
    await phone.getByRole('heading', { name: 'History of Holly Hale', level: 2 }).waitFor();
    await phone.locator('.view-people article.hc').first().waitFor();
    await expectNoViolations(phone);
    await phoneCheck(phone, 'people-phone');
  });

  it('Search: author, article, reason, dates, reported and order in the form, the results those of the API; bad input said, nothing asked', async () => {
    const page = await desk();
    await page.getByRole('tab', { name: /^Pending/ }).waitFor();
    await page.keyboard.press('s');
    await page.keyboard.type('walrus');
    await page.getByRole('button', { name: 'More filters' }).click();
    await expect(focused(page)).resolves.toBe('input:Author id');
    await page.keyboard.type('d2-holly');
    await page.getByLabel('Article id').fill('d2-art');
    await page.getByLabel('Reason', { exact: true }).fill('suspect_word');
    const today = new Date();
    const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    await page.getByLabel('Posted from').fill(ymd(new Date(today.getTime() - 86_400_000)));
    await page.getByLabel('Posted until').fill(ymd(today));
    await page.getByLabel('Order').selectOption('oldest');
    await expectNoViolations(page);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page
      .locator('p.searchnote')
      .getByText(/^Search results for “walrus”, author id d2-holly, article d2-art, reason suspect_word, from .*, oldest first\./)
      .waitFor();
    const api = await must(t.api('GET', '/moderation/search?q=walrus&authorId=d2-holly&articleId=d2-art&reason=suspect_word&sort=oldest', { token: mod() }));
    expect(api.items).toHaveLength(3);
    await eventually(
      () => page.locator('ul.items article.item .text').allTextContents(),
      (texts) => expect(texts.map((x) => x.trim())).toEqual(api.items.map((i: any) => i.body)),
    );
    // The same keys work on the results: j then o opens one on its own.
    await page.keyboard.press('j');
    await expect(focused(page)).resolves.toMatch(/^article:/);

    // Reported only: Holly's reported comment alone.
    await page.getByRole('textbox', { name: 'Search comments' }).fill('');
    await page.getByLabel('Reason', { exact: true }).fill('');
    await page.getByLabel('Reported by readers').check();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await eventually(
      () => page.locator('ul.items article.item .text').allTextContents(),
      (texts) => expect(texts.map((x) => x.trim())).toEqual(['The harbour works are finally finished']),
    );

    // Bad input is said beside the form, with focus on the field, and nothing is asked of the server.
    const asked: string[] = [];
    page.on('request', (r) => r.url().includes('/moderation/search') && asked.push(r.url()));
    await page.getByLabel('Reason', { exact: true }).fill('DROP TABLE');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'A reason looks like' }).waitFor();
    await expect(focused(page)).resolves.toBe('input:Reason');
    await page.getByLabel('Reason', { exact: true }).fill('');
    await page.getByLabel('Posted from').fill(ymd(today));
    await page.getByLabel('Posted until').fill(ymd(new Date(today.getTime() - 3 * 86_400_000)));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '“Posted from” must not be after “Posted until”.' }).waitFor();
    await attr(page.getByLabel('Posted from'), 'aria-invalid', 'true');
    expect(asked).toEqual([]);
    await expectNoViolations(page);
    // Digits typed into a date field stay there: they do not switch queues.
    await page.getByLabel('Posted until').focus();
    await page.keyboard.press('2');
    await attr(page.getByRole('tab', { name: /^Pending/ }), 'aria-selected', 'true');

    const phone = await desk(PHONE);
    await phone.getByRole('button', { name: 'More filters' }).click();
    await expectNoViolations(phone);
    await phoneCheck(phone, 'search-phone');
  });
});
