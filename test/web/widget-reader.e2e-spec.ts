import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, Publisher, startBrowserSuite } from '../support/browser-suite';
import { actors, Actors, article, commentRowCount, enc, must, patchSettings, postComment, text } from '../support/factories';
import { scan, WIDGET } from './axe';
import { card, eventually, shot, signInReader, widgetReady } from './browser';

jest.setTimeout(180_000);

/** What a reader sees and is told in the widget: confirmations, limits, standing, links, picks, themes, phones. */
describe('embed widget: the reader side', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let a: Actors;
  let site: Publisher;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let dialogs: string[];
  /** Console errors and failed requests (a 404 for a favicon or an article with no row shows here). */
  let consoleErrors: string[];

  beforeAll(async () => {
    ({ t, site, browser } = suite = await startBrowserSuite());
    a = actors(t);
    await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 1000 } });
  });
  afterAll(() => suite?.close());

  const open = async (viewport = { width: 1000, height: 900 }, extra: { hasTouch?: boolean; isMobile?: boolean } = {}) => {
    errors = [];
    dialogs = [];
    consoleErrors = [];
    if (extra.hasTouch) {
      context = await browser.newContext({ viewport, ...extra });
      page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (e) => errors.push(e.message));
    } else {
      ({ context, page } = await openPage(browser, viewport, { errors, dialogs }));
    }
    // The machine running the tests may be busy: waits are generous, nothing is timed.
    page.setDefaultTimeout(30_000);
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && consoleErrors.push(`${r.status()} ${r.url()}`));
  };
  afterEach(async () => {
    expect(errors).toEqual([]);
    await context?.close();
  });

  const composer = () => page.getByRole('textbox', { name: 'Write a comment' });
  const notice = (p: Page, cardText: string) => card(p, cardText).locator('.notice');
  const noViolations = async (label: string) => expect({ label, v: await scan(page, WIDGET) }).toEqual({ label, v: [] });

  it('says visibly what happened to each post: published, held and why, refused and why, then approved by a moderator', async () => {
    await patchSettings(t, a.admin, { bannedWords: ['plonker'], premoderation: 'links' });
    try {
      const id = article('confirm');
      await open();
      await signInReader(page, a.reader('u-olena', 'Olena'));
      await page.goto(site.article(id));
      await widgetReady(page, true);
      await composer().fill('The ferry is good news.');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await notice(page, 'ferry is good news').filter({ hasText: 'Your comment was published.' }).waitFor();

      await composer().fill('Timetable at https://example.org/ferry');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await notice(page, 'Timetable at').filter({ hasText: 'Only you can see this comment until a moderator approves it.' }).waitFor();
      await expect(notice(page, 'Timetable at').textContent()).resolves.toContain('Comments with links are checked by a moderator first.');

      await composer().fill('What a plonker');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await notice(page, 'What a plonker').filter({ hasText: 'Not published. It contains words this site does not allow.' }).waitFor();
      await noViolations('after three posts');
      await shot(page, 'reader-confirmations');

      // A moderator approves the held one: its author sees it under the comment.
      const held = (await t.ds.query(`SELECT id FROM comments WHERE status = 'pending' AND author_id = 'u-olena'`))[0].id;
      await must(t.api('POST', `/moderation/comments/${held}/approve`, { token: a.mod, body: {} }));
      await notice(page, 'Timetable at').filter({ hasText: 'A moderator approved your comment' }).waitFor();
      await shot(page, 'reader-approved');
    } finally {
      await patchSettings(t, a.admin, { bannedWords: [], premoderation: 'none' });
    }
  });

  it('posting too fast: told how long to wait, the button waits that long, the draft kept, nothing stored', async () => {
    await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1 } });
    try {
      const id = article('flood');
      await open();
      await signInReader(page, a.reader('u-quick', 'Quick'));
      await page.goto(site.article(id));
      await widgetReady(page);
      await composer().fill('First thought');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await card(page, 'First thought').waitFor();
      // The first comment is made 57 seconds old: the limit lifts in about 3 seconds.
      await t.ds.query(`UPDATE comments SET created_at = now() - interval '57 seconds' WHERE author_id = $1`, ['u-quick']);
      await composer().fill('Second thought, too soon');
      const postButton = page.getByRole('button', { name: 'Post comment' });
      await postButton.click();
      const err = page.locator('#parley-comments form .err').first();
      await err.filter({ hasText: /You are posting too fast\. Please wait [1-4] seconds? and try again/ }).waitFor();
      await expect(postButton.isDisabled()).resolves.toBe(true);
      // Ctrl+Enter waits too: no second refused request, the message unchanged.
      const before = await err.textContent();
      await composer().press('Control+Enter');
      await page.waitForTimeout(300);
      await expect(err.textContent()).resolves.toBe(before);
      await expect(composer().inputValue()).resolves.toBe('Second thought, too soon');
      expect(await commentRowCount(t, 'author_id = $1', ['u-quick'])).toBe(1);
      await noViolations('flood');
      await shot(page, 'reader-flood');
      // Once the wait is over the button works again, and the kept draft posts.
      await page.getByRole('button', { name: 'Post comment', disabled: false }).waitFor({ timeout: 6000 });
      await postButton.click();
      await card(page, 'Second thought, too soon').waitFor();
      expect(await commentRowCount(t, 'author_id = $1', ['u-quick'])).toBe(2);
    } finally {
      await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000 } });
    }
  });

  it('a banned or suspended reader, and a closed article, say why before anyone types', async () => {
    const id = article('standing');
    await postComment(t, a.reader('u-sus', 'Sus'), id, text());
    await must(
      t.api('POST', '/moderation/users/u-sus/suspend', { token: a.mod, body: { until: new Date(Date.now() + 86400_000).toISOString(), reason: 'cool off' } }),
    );
    await open();
    await signInReader(page, a.reader('u-sus', 'Sus'));
    await page.goto(site.article(id));
    await widgetReady(page);
    await page.getByText(/Your account cannot post comments until .+\. You can still read the conversation\./).waitFor();
    await expect(composer().count()).resolves.toBe(0);
    await noViolations('suspended');
    await shot(page, 'reader-suspended');
    await must(t.api('POST', '/moderation/users/u-sus/ban', { token: a.mod, body: { reason: 'spam' } }));
    await page.reload();
    await widgetReady(page);
    await page.getByText('Your account cannot post comments on this site.').waitFor();

    // (A new article: the policy answer may be cached for 30 s.)
    const closed = article('closed');
    await must(t.api('PATCH', `/articles/${enc(closed)}`, { token: a.mod, body: { closed: true } }));
    await signInReader(page, a.reader('u-fine', 'Fine'));
    await page.goto(site.article(closed));
    await widgetReady(page);
    await page.getByText('Comments are closed on this article.').waitFor();
    await expect(composer().count()).resolves.toBe(0);
  });

  it('"Show 1 new comment" reveals a new reply too; an empty article with a live comment no longer says "No comments yet"', async () => {
    const id = article('fresh');
    await open();
    await page.goto(site.article(id));
    await widgetReady(page, true);
    await page.getByText('No comments yet').waitFor();
    const root = await postComment(t, a.reader('u-root', 'Root'), id, text('root comment'));
    await page.getByRole('button', { name: 'Show 1 new comment' }).waitFor();
    await expect(page.getByText('No comments yet').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Show 1 new comment' }).click();
    await card(page, 'root comment').waitFor();
    // Four replies: three arrive as the preview, the fourth is behind "show more" until asked for.
    for (let i = 0; i < 4; i++) await postComment(t, a.reader(`u-r${i}`), id, text(`early reply ${i}`), { parentId: root.id });
    await page.reload();
    await widgetReady(page, true);
    await page.getByRole('button', { name: 'Show 1 more reply' }).waitFor();
    await postComment(t, a.reader('u-late', 'Late'), id, text('late reply'), { parentId: root.id });
    await page.getByRole('button', { name: 'Show 1 new comment' }).click();
    await card(page, 'late reply').waitFor();
    await expect(page.locator('#parley-comments ol.replies article.card', { hasText: 'late reply' }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Show 1 more reply' }).click();
    await card(page, 'early reply 3').waitFor();
    await expect(page.locator('#parley-comments article.card', { hasText: 'late reply' }).count()).resolves.toBe(1);
    // Every relative time was drawn against the same clock.
    const times = await page.locator('#parley-comments time').allTextContents();
    expect(new Set(times)).toEqual(new Set(['just now']));
  });

  it('"Write something first." goes as soon as the reader types', async () => {
    await open();
    await signInReader(page, a.reader('u-empty', 'Em'));
    await page.goto(site.article(article('empty')));
    await widgetReady(page);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByText('Write something first.').waitFor();
    await composer().pressSequentially('H');
    await eventually(
      () => page.getByText('Write something first.').count(),
      (n) => expect(n).toBe(0),
    );
  });

  it('a report with a note reaches moderators; the comment then reads "Reported", and a second report says it was made already', async () => {
    const id = article('report');
    const c = await postComment(t, a.reader('u-watch', 'Watch'), id, text('cheap watches here'));
    await open();
    await signInReader(page, a.reader('u-rep', 'Rep'));
    await page.goto(site.article(id));
    await widgetReady(page);
    await card(page, 'cheap watches').getByRole('button', { name: 'Report' }).click();
    await page.getByRole('radio', { name: 'Spam or advertising' }).check();
    await page.getByRole('textbox', { name: /Anything moderators should know/ }).fill('posts this in every thread');
    await page.getByRole('button', { name: 'Send report' }).click();
    await notice(page, 'cheap watches').filter({ hasText: 'Moderators will take a look' }).waitFor();
    await card(page, 'cheap watches').locator('.badge', { hasText: 'Reported' }).waitFor();
    await expect(card(page, 'cheap watches').getByRole('button', { name: 'Report' }).count()).resolves.toBe(0);
    await noViolations('reported');
    const queue = await must(t.api('GET', `/moderation/queues/reported?articleId=${enc(id)}`, { token: a.mod }));
    expect(queue.items.find((i: any) => i.id === c.id).reportNotes).toEqual([
      { reason: 'spam', note: 'posts this in every thread', createdAt: expect.any(String) },
    ]);

    await page.reload();
    await widgetReady(page);
    await card(page, 'cheap watches').getByRole('button', { name: 'Report' }).click();
    await page.getByRole('button', { name: 'Send report' }).click();
    await notice(page, 'cheap watches').filter({ hasText: 'You already reported this comment.' }).waitFor();
  });

  it('a comment its author deleted reads "Deleted by its author", not like a moderator removal', async () => {
    const id = article('deleted');
    const mine = await postComment(t, a.reader('u-del', 'Del'), id, text('I will delete this'));
    await postComment(t, a.reader('u-other', 'Other'), id, text('a reply keeps the thread'), { parentId: mine.id });
    const removed = await postComment(t, a.reader('u-bad', 'Bad'), id, text('moderators remove this'));
    await postComment(t, a.reader('u-other', 'Other'), id, text('another reply'), { parentId: removed.id });
    await must(t.api('DELETE', `/comments/${mine.id}`, { token: a.reader('u-del', 'Del') }), 204);
    await must(t.api('POST', `/moderation/comments/${removed.id}/reject`, { token: a.mod, body: {} }));
    await open();
    await page.goto(site.article(id, { sort: 'oldest' }));
    await widgetReady(page);
    await page.locator('#parley-comments .gone', { hasText: 'Deleted by its author.' }).waitFor();
    await page.locator('#parley-comments .gone', { hasText: 'This comment was removed by a moderator.' }).waitFor();
    await noViolations('tombstones');
  });

  it('a link to a comment far down the article opens it with its thread, scrolled to, highlighted and focused', async () => {
    const id = article('permalink');
    const target = await postComment(t, a.reader('u-deep', 'Deep'), id, text('the old comment someone linked'));
    const reply = await postComment(t, a.reader('u-deeper', 'Deeper'), id, text('the linked reply'), { parentId: target.id });
    // 500 newer comments push it far past the first page.
    for (let i = 0; i < 500; i += 25) {
      await Promise.all(Array.from({ length: 25 }, (_, j) => postComment(t, a.reader(`u-filler-${i + j}`), id, `filler ${i + j}`)));
    }
    await open();
    await signInReader(page, a.reader('u-linker', 'Linker'));
    await page.goto(site.article(id));
    await widgetReady(page);
    // Copy link gives the article's address with #comment-<id>.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
    const first = page.locator('#parley-comments article.card').first();
    await first.getByRole('button', { name: 'Copy link' }).click();
    await first.locator('.notice', { hasText: 'Link copied.' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(new RegExp(`^http://news\\.example/${id}#comment-[0-9a-f-]{36}$`));

    // A fresh load with the link (the hashchange path aside).
    await page.goto('about:blank');
    await page.goto(`${site.article(id)}#comment-${reply.id}`);
    await widgetReady(page);
    const linked = page.locator(`#parley-comments article.card.target[data-id="${reply.id}"]`);
    await linked.waitFor();
    await card(page, 'the old comment someone linked').waitFor();
    await expect(linked.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);
    await eventually(
      () => linked.boundingBox(),
      (box) => expect(box && box.y >= 0 && box.y < 900).toBe(true),
    );
    await noViolations('permalink');
    await shot(page, 'reader-permalink');
  });

  it('"Editors’ picks" puts the featured comments first', async () => {
    const id = article('picks');
    const pick = await postComment(t, a.reader('u-pick', 'Pick'), id, text('a thoughtful pick'));
    await postComment(t, a.reader('u-later', 'Later'), id, text('a later comment'));
    await must(t.api('POST', `/moderation/comments/${pick.id}/feature`, { token: a.mod, body: {} }));
    await open();
    await page.goto(site.article(id));
    await widgetReady(page);
    await expect(page.locator('#parley-comments article.card').first().textContent()).resolves.toContain('a later comment');
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('featured');
    await eventually(
      () => page.locator('#parley-comments article.card').first().textContent(),
      (s) => expect(s).toContain('a thoughtful pick'),
    );
    await noViolations('featured');
    await shot(page, 'reader-featured');
  });

  it('dark mode by the reader’s preference or data-theme, with --parley-* still in charge; zero axe violations', async () => {
    const id = article('dark');
    await postComment(t, a.reader('u-night', 'Night'), id, text('reading at night'));
    await open();
    await page.emulateMedia({ colorScheme: 'dark' });
    await signInReader(page, a.reader('u-owl', 'Owl'));
    await page.goto(site.article(id));
    await widgetReady(page);
    const bg = () => page.locator('#parley-comments').evaluate((el) => getComputedStyle(el).backgroundColor);
    await expect(bg()).resolves.toBe('rgb(13, 17, 23)');
    await page.evaluate(() => (document.body.style.background = '#0d1117'));
    await noViolations('dark');
    await shot(page, 'reader-dark');
    // The page's variable wins over the dark default.
    await page.locator('#parley-comments').evaluate((el) => el.style.setProperty('--parley-bg', 'rgb(1, 2, 3)'));
    await expect(bg()).resolves.toBe('rgb(1, 2, 3)');
    await page.locator('#parley-comments').evaluate((el) => el.style.removeProperty('--parley-bg'));
    // data-theme="light" keeps it light in a dark system; "dark" makes it dark in a light one.
    await page.locator('#parley-comments').evaluate((el) => (el.dataset.theme = 'light'));
    await expect(bg()).resolves.toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('#parley-comments').evaluate((el) => (el.dataset.theme = 'dark'));
    await expect(bg()).resolves.toBe('rgb(13, 17, 23)');
  });

  it('on a phone: 44 px touch targets, no Ctrl+Enter hint, zero axe violations', async () => {
    const id = article('phone');
    const c = await postComment(t, a.reader('u-phone', 'Phone'), id, text('seen on a phone'));
    await postComment(t, a.reader('u-phone2', 'Phone2'), id, text('a reply on a phone'), { parentId: c.id });
    await open({ width: 390, height: 844 }, { hasTouch: true, isMobile: true });
    await signInReader(page, a.reader('u-thumb', 'Thumb'));
    await page.goto(site.article(id));
    await widgetReady(page);
    await card(page, 'a reply on a phone').waitFor();
    const small = await page.locator('#parley-comments').evaluate((host) =>
      Array.from(host.shadowRoot!.querySelectorAll('button, select'))
        .filter((b) => (b as HTMLElement).offsetParent !== null && !b.classList.contains('skip'))
        .map((b) => ({ text: b.textContent, ...b.getBoundingClientRect().toJSON() }))
        .filter((r) => r.height < 44 || r.width < 44),
    );
    expect(small).toEqual([]);
    await expect(page.locator('#parley-comments .hint.grow').textContent()).resolves.not.toContain('Ctrl+Enter');
    await noViolations('phone');
    await shot(page, 'reader-phone');
  });

  it('one Tab stop per comment (arrow keys move along its actions), a skip link past the list, the focus ring inside the card', async () => {
    const id = article('tabs');
    for (let i = 0; i < 3; i++) await postComment(t, a.reader(`u-tab${i}`), id, text(`tab comment ${i}`));
    await open();
    await signInReader(page, a.reader('u-keys', 'Keys'));
    await page.goto(site.article(id));
    await widgetReady(page);
    await expect(page.getByText('Press Ctrl+Enter to send.').count()).resolves.toBe(1);
    const tabbable = await page
      .locator('#parley-comments')
      .evaluate((host) => Array.from(host.shadowRoot!.querySelectorAll<HTMLElement>('article.card button')).filter((b) => b.tabIndex >= 0).length);
    expect(tabbable).toBe(3);
    const first = card(page, 'tab comment 2');
    await first.getByRole('button', { name: 'Reply' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(first.getByRole('button', { name: /^Like/ }).getAttribute('tabindex')).resolves.toBe('0');
    await expect(first.getByRole('button', { name: 'Reply' }).getAttribute('tabindex')).resolves.toBe('-1');
    await page.keyboard.press('End');
    // The last action of someone else's comment, for a signed-in reader: More (mute, and moderators' tools).
    await expect(first.getByRole('button', { name: 'More actions' }).getAttribute('tabindex')).resolves.toBe('0');
    await page.keyboard.press('ArrowLeft');
    await expect(first.getByRole('button', { name: 'Copy link' }).getAttribute('tabindex')).resolves.toBe('0');

    await page.getByRole('button', { name: 'Skip past the comments' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#parley-comments').evaluate((h) => h.shadowRoot!.activeElement?.textContent)).resolves.toBe('End of the comments');

    // The card's focus ring is drawn inside it, so the widget's edge never clips it.
    await first.focus();
    const ring = await first.evaluate((el) => getComputedStyle(el).outlineOffset);
    expect(parseFloat(ring)).toBeLessThan(0);
    await noViolations('keyboard');
  });

  it('no console error or failed request: an article with no row yet, and the demo page', async () => {
    await open();
    await page.goto(site.article(article('no-row')));
    await widgetReady(page, true);
    await page.getByText('No comments yet').waitFor();
    await page.goto(`${t.url}/demo`);
    await widgetReady(page, true);
    await page.waitForTimeout(300);
    expect(consoleErrors).toEqual([]);
    // One heading over the comments: the widget's own is for screen readers only there (data-heading="off").
    await expect(page.locator('#parley-comments h2').evaluate((h) => [h.className, h.getBoundingClientRect().width])).resolves.toEqual(['sr', 1]);
  });
});
