import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, Publisher, startBrowserSuite } from '../support/browser-suite';
import { actors, Actors, article, enc, must, patchSettings, postComment, text } from '../support/factories';
import { FAST_JOBS, settled } from '../notifications/notify-helpers';
import { expectWidgetClean } from './axe';
import { bellButton, bellPanel, openAsReader, shot, widgetReady } from './browser';
import { pagesPerTest, type Viewport } from './fresh-pages';

jest.setTimeout(180_000);

/** The widget's notification bell, against the real service: stored, live, read, and opening the comment. */
describe('embed widget: the notification bell', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let a: Actors;
  let site: Publisher;
  let page: Page;
  const newPage = pagesPerTest(() => suite.browser, { viewport: { width: 1000, height: 900 }, timeout: 30_000 });

  beforeAll(async () => {
    ({ t, site } = suite = await startBrowserSuite(FAST_JOBS));
    a = actors(t);
    await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 1000 } });
  });
  afterAll(() => suite?.close());

  const open = async (token: string, url: string, viewport?: Viewport) => {
    page = await newPage(viewport);
    await openAsReader(page, token, url);
  };

  const items = () => bellPanel(page).locator('li.bn');

  it('an author away while a held comment was decided sees it on the next visit; replies come live; opening one shows the comment', async () => {
    const id = article('bell');
    const olena = a.reader('u-olena', 'Olena');
    const bob = a.reader('u-bob', 'Bob');
    const mine = await postComment(t, olena, id, text('my published thought'), { articleTitle: 'Harbour plans' });
    // Held: the article asks for review; Olena closes the page before a moderator decides.
    await must(t.api('PATCH', `/articles/${enc(id)}`, { token: a.mod, body: { premoderation: true } }));
    const held = await postComment(t, olena, id, text('my held thought'));
    expect(held.status).toBe('pending');

    await open(olena, site.article(id, { title: 'Harbour plans' }));
    await expect(bellButton(page).getAttribute('aria-label')).resolves.toBe('Notifications, none unread');
    await page.context().close();

    // While she is away: rejected with a reason, a reply (approved from the queue) and a feature.
    await must(t.api('POST', `/moderation/comments/${held.id}/reject`, { token: a.mod, body: { reason: 'Please keep it civil' } }));
    const reply = await postComment(t, bob, id, text('a reply from Bob'), { parentId: mine.id });
    await must(t.api('POST', `/moderation/comments/${reply.id}/approve`, { token: a.mod }));
    await must(t.api('POST', `/moderation/comments/${mine.id}/feature`, { token: a.mod }));
    await settled(t);

    await open(olena, site.article(id, { title: 'Harbour plans' }));
    await page.locator('#parley-comments button.bell[aria-label="Notifications, 3 unread"]').waitFor();
    await expect(bellButton(page).locator('.bell-n').textContent()).resolves.toBe('3');
    await expect(bellButton(page).getAttribute('aria-expanded')).resolves.toBe('false');
    await bellButton(page).click();
    await expect(bellButton(page).getAttribute('aria-expanded')).resolves.toBe('true');
    expect(await items().count()).toBe(3);
    const lines = await items().locator('.bn-line').allTextContents();
    expect(lines).toEqual([
      'Your comment on this article was featured by the editors',
      'Bob replied to your comment on this article',
      'Your comment on this article was not published',
    ]);
    await expect(items().nth(2).textContent()).resolves.toContain('Moderator’s reason: Please keep it civil');
    await expect(items().nth(0).locator('time').textContent()).resolves.toBe('just now');
    await expectWidgetClean(page, 'panel open');
    await shot(page, 'bell-panel');

    // Live: another reply bumps the count without a reload.
    await page.getByRole('button', { name: 'Close notifications' }).click();
    await expect(bellButton(page).evaluate((b) => b === (b.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);
    const reply2 = await postComment(t, a.reader('u-cem', 'Cem'), id, text('Cem joins in'), { parentId: mine.id });
    await must(t.api('POST', `/moderation/comments/${reply2.id}/approve`, { token: a.mod }));
    await page.locator('#parley-comments button.bell[aria-label="Notifications, 4 unread"]').waitFor();
    await bellButton(page).click();
    await expect(items().first().locator('.bn-line').textContent()).resolves.toBe('Cem replied to your comment on this article');

    // Opening Bob's reply: marked read, the panel closes, the reply is shown by its permalink.
    await items().filter({ hasText: 'Bob replied' }).getByRole('link').click();
    await page.locator(`#parley-comments article.card.target[data-id="${reply.id}"]`).waitFor();
    await expect(page.evaluate(() => location.hash)).resolves.toBe(`#comment-${reply.id}`);
    await page.locator('#parley-comments button.bell[aria-label="Notifications, 3 unread"]').waitFor();
    await expect(bellPanel(page).isHidden()).resolves.toBe(true);
    const stored = await must(t.api('GET', '/notifications', { token: olena }));
    expect(stored.items.filter((n: any) => !n.read).map((n: any) => n.commentId)).not.toContain(reply.id);

    // One read, then all.
    await bellButton(page).click();
    await items().filter({ hasText: 'Cem replied' }).getByRole('button', { name: 'Mark as read' }).click();
    await page.locator('#parley-comments button.bell[aria-label="Notifications, 2 unread"]').waitFor();
    await bellPanel(page).getByRole('button', { name: 'Mark all as read' }).click();
    await page.locator('#parley-comments button.bell[aria-label="Notifications, none unread"]').waitFor();
    await expect(bellButton(page).locator('.bell-n').isHidden()).resolves.toBe(true);
    expect(await bellPanel(page).locator('li.bn.unread').count()).toBe(0);
    expect((await must(t.api('GET', '/notifications', { token: olena }))).unreadCount).toBe(0);
    await expectWidgetClean(page, 'all read');
  });

  it('signed out there is no bell; a notification about another article links to that page; on a phone the panel fits', async () => {
    const here = article('bell-here');
    const there = article('bell-there');
    const mia = a.reader('u-mia', 'Mia');
    const other = await postComment(t, mia, there, text('over there'), { articleTitle: 'Ferry timetable', articleUrl: 'https://news.example/ferry' });
    await must(t.api('POST', `/moderation/comments/${other.id}/feature`, { token: a.mod }));
    await postComment(t, mia, here, text('over here'));
    await settled(t);

    page = await newPage({ width: 390, height: 844 });
    await page.goto(site.article(here));
    await widgetReady(page);
    await expect(bellButton(page).isHidden()).resolves.toBe(true);
    await page.context().close();

    await open(mia, site.article(here), { width: 390, height: 844 });
    await page.locator('#parley-comments button.bell[aria-label="Notifications, 1 unread"]').waitFor();
    const box = await bellButton(page).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await bellButton(page).click();
    const link = items().first().getByRole('link', { name: 'Your comment on “Ferry timetable” was featured by the editors' });
    await expect(link.getAttribute('href')).resolves.toBe(`https://news.example/ferry#comment-${other.id}`);
    const width = await bellPanel(page).evaluate((p) => p.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(390);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await expectWidgetClean(page, 'phone panel');
    await shot(page, 'bell-phone');
    // Escape closes it and hands focus back to the bell.
    await page.keyboard.press('Escape');
    await expect(bellPanel(page).isHidden()).resolves.toBe(true);
    await expect(bellButton(page).evaluate((b) => b === (b.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);
  });

  it('a mention: highlighted in the comment, in the bell, and opening it shows the comment', async () => {
    const id = article('bell-mention');
    const ines = a.reader('u-ines', 'Inès Duval');
    await postComment(t, ines, id, text('I was here first'));
    const c = await postComment(t, a.reader('u-jo', 'Jo'), id, 'Good point, @Inès Duval. I agree.');
    await settled(t);

    await open(ines, site.article(id));
    const mark = page.locator(`#parley-comments article.card[data-id="${c.id}"] .mention`);
    await expect(mark.textContent()).resolves.toBe('@Inès Duval');
    await page.locator('#parley-comments button.bell[aria-label="Notifications, 1 unread"]').waitFor();
    await bellButton(page).click();
    await items().getByRole('link', { name: 'Jo mentioned you in a comment on this article' }).click();
    await page.locator(`#parley-comments article.card.target[data-id="${c.id}"]`).waitFor();
    await page.locator('#parley-comments button.bell[aria-label="Notifications, none unread"]').waitFor();
    await expectWidgetClean(page, 'mention');
    await shot(page, 'bell-mention');
  });
});
