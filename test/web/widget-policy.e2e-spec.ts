/**
 * The widget follows the site's policy as the service states it (GET /articles/{id}/config), not
 * its data-* fallbacks: the length limit, reply depth, edit window, closed articles and
 * pre-moderation, at start and while the page stays open. Driven in chromium, time in the page
 * controlled with page.clock; every state is screenshot into test-artifacts/ and scanned by axe.
 */
import type { Page, Request } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, Publisher, startBrowserSuite } from '../support/browser-suite';
import { Actors, actors, commentRowCount, patchSettings, postComment, seedArticle } from '../support/factories';
import { scan, WIDGET } from './axe';
import { card, eventually, shot, signInReader, widgetReady } from './browser';
import { pagesPerTest } from './fresh-pages';

jest.setTimeout(120_000);

describe('embed widget and the site policy', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let a: Actors;
  let site: Publisher;
  let page: Page;
  /** The comment writes the page sent, whatever became of them. */
  let writes: string[];
  const newPage = pagesPerTest(() => suite.browser, { viewport: { width: 1000, height: 900 } });

  beforeAll(async () => {
    ({ t, site } = suite = await startBrowserSuite());
    a = actors(t);
  });
  afterAll(() => suite?.close());

  beforeEach(async () => {
    writes = [];
    page = await newPage();
    page.on('request', (r: Request) => {
      if (r.method() !== 'GET' && r.url().includes('/comments')) writes.push(`${r.method()} ${r.url()}`);
    });
  });

  const composer = () => page.getByRole('textbox', { name: 'Write a comment' });
  const counter = () => page.locator('#parley-comments form .counter').first();
  /** Waits until the main form's counter reads `text` (the policy is applied just after its answer arrives). */
  const counterReads = (text: string) =>
    eventually(
      () => counter().textContent(),
      (v) => expect(v).toBe(text),
    );
  const reviewNote = () => page.locator('#parley-comments p.hint', { hasText: 'reviewed before they appear' });
  const closedNote = () => page.getByText('Comments are closed on this article.');
  /** Opens the article and waits until its policy was answered (the response, not just the request). */
  const open = async (articleId: string) => {
    const policy = page.waitForResponse((r) => r.url().endsWith(`/articles/${articleId}/config`) && r.status() === 200);
    await page.goto(site.article(articleId));
    await widgetReady(page);
    await policy;
  };
  const noViolations = async () => expect(await scan(page, WIDGET)).toEqual([]);

  it("counts to the admin's maxLength, refuses a longer comment before sending it, and stops replies at maxDepth", async () => {
    await patchSettings(t, a.admin, { maxLength: 200, maxDepth: 1, premoderation: 'none' });
    const top = await postComment(t, a.reader('u-ann', 'Ann'), 'p-limits', 'Top comment by Ann');
    await postComment(t, a.reader('u-bo', 'Bo'), 'p-limits', 'Reply by Bo', { parentId: top.id });
    await signInReader(page, a.reader('u-cy', 'Cy'));
    await open('p-limits');

    await counterReads('0 / 200');
    await page.getByText('Up to 200 characters.').waitFor();
    // Depth 1 is as deep as replies go: the reply takes none, the top-level comment does.
    const reply = page.locator('#parley-comments ol.replies article.card', { hasText: 'Reply by Bo' });
    await reply.getByRole('button', { name: /^Like/ }).waitFor();
    await eventually(
      () => reply.getByRole('button', { name: 'Reply' }).count(),
      (n) => expect(n).toBe(0),
    );
    await expect(card(page, 'Top comment by Ann').getByRole('button', { name: 'Reply' }).count()).resolves.toBe(1);

    await composer().fill('x'.repeat(201));
    await page.locator('#parley-comments .counter.over', { hasText: '201 / 200 · 1 character too many' }).waitFor();
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByRole('alert').filter({ hasText: '1 character too many' }).waitFor();
    expect(writes).toEqual([]);
    expect(await commentRowCount(t, 'article_id = $1 AND author_id = $2', ['p-limits', 'u-cy'])).toBe(0);
    await shot(page, 'policy-max-length-refused');
    await noViolations();

    // Exactly the limit goes through.
    await composer().fill('y'.repeat(200));
    await page.getByRole('button', { name: 'Post comment' }).click();
    await card(page, 'y'.repeat(200)).waitFor();
    expect(writes).toHaveLength(1);
  });

  it('takes the Edit button away when the edit window of 20 s is over', async () => {
    await patchSettings(t, a.admin, { editWindowSeconds: 20 });
    await page.clock.install();
    await signInReader(page, a.reader('u-dee', 'Dee'));
    await open('p-edit');
    await composer().fill('Edit me while you can');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const mine = card(page, 'Edit me while you can');
    await mine.getByRole('button', { name: 'Edit' }).waitFor();

    await page.clock.fastForward(15_000);
    await expect(mine.getByRole('button', { name: 'Edit' }).count()).resolves.toBe(1);
    await shot(page, 'policy-edit-window-open');

    await page.clock.fastForward(6_000);
    await eventually(
      () => mine.getByRole('button', { name: 'Edit' }).count(),
      (n) => expect(n).toBe(0),
    );
    await expect(mine.getByRole('button', { name: 'Delete' }).count()).resolves.toBe(1);
    await shot(page, 'policy-edit-window-over');
    await noViolations();
  });

  it('shows a closed article closed before anything is typed, and says when comments are reviewed first', async () => {
    await patchSettings(t, a.admin, { premoderation: 'none', maxLength: 5000 });
    await postComment(t, a.reader('u-eli', 'Eli'), 'p-closed', 'Said before closing');
    await seedArticle(t, a.mod, 'p-closed', { closed: true });
    await seedArticle(t, a.mod, 'p-premod', { premoderation: true });
    await signInReader(page, a.reader('u-fay', 'Fay'));

    await open('p-closed');
    await closedNote().waitFor();
    await expect(composer().isVisible()).resolves.toBe(false);
    await expect(card(page, 'Said before closing').getByRole('button', { name: 'Reply' }).count()).resolves.toBe(0);
    await shot(page, 'policy-closed');
    await noViolations();

    await open('p-premod');
    await reviewNote().filter({ hasText: 'Comments are reviewed before they appear.' }).waitFor();
    await expect(composer().isVisible()).resolves.toBe(true);
    // The note is part of the field's description, so a screen reader says it with the field.
    const described = await composer().evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => (el.getRootNode() as ShadowRoot).getElementById(id)?.textContent),
    );
    expect(described).toContain('Comments are reviewed before they appear.');
    await shot(page, 'policy-reviewed-article');
    await noViolations();

    await patchSettings(t, a.admin, { premoderation: 'links' });
    await open('p-open');
    await reviewNote().filter({ hasText: 'Comments with links are reviewed before they appear.' }).waitFor();
    await shot(page, 'policy-reviewed-links');
    await noViolations();

    // Another article: the browser may reuse p-open's answer for its 30 s.
    await patchSettings(t, a.admin, { premoderation: 'none', maxLength: 4999 });
    await open('p-open-too');
    await counterReads('0 / 4999');
    await expect(reviewNote().count()).resolves.toBe(0);
  });

  it('learns a change of the policy or the article at its next refresh, with no live updates and no reload', async () => {
    await patchSettings(t, a.admin, { premoderation: 'none', maxLength: 1000 });
    // No live connection: what the page learns here comes from its own refreshes.
    await page.route(/\/socket\.io\//, (r) => r.abort());
    await page.clock.install();
    await signInReader(page, a.reader('u-gil', 'Gil'));
    await open('p-later');
    await counterReads('0 / 1000');
    await expect(reviewNote().count()).resolves.toBe(0);

    await patchSettings(t, a.admin, { premoderation: 'all', maxLength: 300 });
    await seedArticle(t, a.mod, 'p-later', { closed: true });
    await page.clock.fastForward(61_000);
    await closedNote().waitFor();
    await expect(composer().isVisible()).resolves.toBe(false);
    await shot(page, 'policy-closed-while-open');

    await seedArticle(t, a.mod, 'p-later', { closed: false });
    await page.clock.fastForward(61_000);
    await composer().waitFor();
    await expect(closedNote().isVisible()).resolves.toBe(false);
    await counterReads('0 / 300');
    await reviewNote().filter({ hasText: 'Comments are reviewed before they appear.' }).waitFor();
    await shot(page, 'policy-reopened-reviewed');
    await noViolations();
  });

  it('keeps the fallbacks while the policy cannot be fetched, and takes it on a later try', async () => {
    await patchSettings(t, a.admin, { maxLength: 250 });
    await page.route(/\/config$/, (r) => r.abort());
    await page.clock.install();
    await signInReader(page, a.reader('u-hu', 'Hu'));
    await page.goto(site.article('p-retry'));
    await widgetReady(page);
    // The embed tag sets no data-max-length: the widget's own fallback.
    await expect(counter().textContent()).resolves.toBe('0 / 5000');
    await page.unroute(/\/config$/);
    await page.clock.fastForward(2_500);
    await counterReads('0 / 250');
  });
});
