import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, Publisher, startBrowserSuite } from '../support/browser-suite';
import { actors, Actors, article, must, patchSettings, postComment } from '../support/factories';
import { scan, WIDGET } from './axe';
import { card, eventually, shot, signInReader, widgetReady } from './browser';

jest.setTimeout(240_000);

/** The stream's threads: "Most replied", "Continue this thread" past the nesting drawn, a moderator's ban in place, and the edit form's preview. */
describe('embed widget: threads, ban in the stream, edit preview', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let a: Actors;
  let site: Publisher;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let errors: string[];

  beforeAll(async () => {
    ({ t, site, browser } = suite = await startBrowserSuite());
    a = actors(t);
    await patchSettings(t, a.admin, { maxDepth: 6, rateLimits: { commentsPerMinute: 1000, writesPerMinute: 1000 } });
  });
  afterAll(() => suite?.close());
  beforeEach(() => {
    errors = [];
  });
  afterEach(async () => {
    expect(errors).toEqual([]);
    for (const c of contexts.splice(0)) await c.close();
  });

  const open = async (token: string | null, id: string, viewport = { width: 1000, height: 900 }): Promise<Page> => {
    const { context, page } = await openPage(browser, viewport, { errors, dialogs: [] });
    contexts.push(context);
    page.setDefaultTimeout(30_000);
    if (token) await signInReader(page, token);
    await page.goto(site.article(id));
    await widgetReady(page);
    return page;
  };
  const noViolations = async (page: Page, label: string) => expect({ label, v: await scan(page, WIDGET) }).toEqual({ label, v: [] });
  /** The texts of the top-level comments, in the order shown. */
  const topLevel = (page: Page) =>
    page.locator('#parley-comments ol.list > li.c > article.card .body').evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
  const focused = (page: Page) => page.evaluate(() => document.querySelector('#parley-comments')!.shadowRoot!.activeElement?.textContent ?? '');

  it('most replied: the sort control orders by direct replies (ties newest first), in every size', async () => {
    const id = article('replied');
    const quiet = await postComment(t, a.reader('u-q', 'Quinn'), id, 'Quinn says little');
    const busy = await postComment(t, a.reader('u-b', 'Bo'), id, 'Bo starts a busy thread');
    const some = await postComment(t, a.reader('u-s', 'Sal'), id, 'Sal gets some answers');
    await postComment(t, a.reader('u-n', 'Nia'), id, 'Nia posts last, unanswered');
    for (let i = 0; i < 3; i++) await postComment(t, a.reader(`u-r${i}`, `R${i}`), id, `answer ${i} to Bo`, { parentId: busy.id });
    await postComment(t, a.reader('u-r9', 'R9'), id, 'answer to Sal', { parentId: some.id });
    expect(quiet.status).toBe('approved');

    const page = await open(null, id);
    await expect(topLevel(page)).resolves.toEqual(['Nia posts last, unanswered', 'Sal gets some answers', 'Bo starts a busy thread', 'Quinn says little']);
    await page.getByLabel('Sort by').selectOption({ label: 'Most replied' });
    await eventually(
      () => topLevel(page),
      (v) => expect(v).toEqual(['Bo starts a busy thread', 'Sal gets some answers', 'Nia posts last, unanswered', 'Quinn says little']),
    );
    await noViolations(page, 'most replied');
    await shot(page, 'stream-most-replied');

    // The data-sort attribute takes it too; on a phone the control fits and axe stays at zero.
    const { context, page: phone } = await openPage(browser, { width: 390, height: 844 }, { errors, dialogs: [] });
    contexts.push(context);
    await phone.goto(site.article(id, { sort: 'replied' }));
    await widgetReady(phone);
    await expect(topLevel(phone)).resolves.toEqual(['Bo starts a busy thread', 'Sal gets some answers', 'Nia posts last, unanswered', 'Quinn says little']);
    await expect(phone.getByLabel('Sort by').inputValue()).resolves.toBe('replied');
    await noViolations(phone, 'most replied on a phone');
    await shot(phone, 'stream-most-replied-phone');
  });

  it('continue this thread: replies deeper than drawn open as a thread of their own, with a way back', async () => {
    const id = article('deep');
    await postComment(t, a.reader('u-other', 'Ola'), id, 'Ola talks about something else');
    // A chain of replies six deep under Ada's comment.
    const chain = [await postComment(t, a.reader('u-d0', 'Ada'), id, 'Ada level zero')];
    const names = ['Ben', 'Cy', 'Dot', 'Eve', 'Fox', 'Gil'];
    for (let d = 1; d <= 6; d++)
      chain.push(await postComment(t, a.reader(`u-d${d}`, names[d - 1]), id, `${names[d - 1]} level ${d}`, { parentId: chain[d - 1].id }));
    expect(chain.map((c) => c.status)).toEqual(Array(7).fill('approved'));

    const page = await open(null, id);
    await card(page, 'Ben level 1').waitFor();
    await card(page, 'Ben level 1').locator('xpath=..').getByRole('button', { name: 'Show 1 reply' }).first().click();
    await card(page, 'Cy level 2').waitFor();
    await page.getByRole('button', { name: 'Show 1 reply' }).click();
    await card(page, 'Dot level 3').waitFor();
    // Dot's comment is as deep as the widget nests: its reply is behind "Continue this thread".
    const more = page.getByRole('button', { name: 'Continue this thread' });
    await expect(more.count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: /Show \d+ repl/ }).count()).resolves.toBe(0);
    await expect(card(page, 'Eve level 4').count()).resolves.toBe(0);
    await noViolations(page, 'continue link');
    await shot(page, 'stream-continue-thread');

    await more.click();
    await card(page, 'Eve level 4').waitFor();
    // Only the thread: Dot's comment on top, the rest of the article out of sight.
    await expect(card(page, 'Dot level 3').isVisible()).resolves.toBe(true);
    for (const other of ['Ola talks', 'Ada level zero', 'Ben level 1', 'Cy level 2']) await expect(card(page, other).isVisible()).resolves.toBe(false);
    await expect(focused(page)).resolves.toContain('Dot level 3');
    const back = page.getByRole('button', { name: 'Back to all comments' });
    await back.waitFor();
    // Nested from Dot: Eve's reply shows, Fox's behind "Show 1 reply", and so on down to the limit again.
    await page.getByRole('button', { name: 'Show 1 reply' }).click();
    await card(page, 'Fox level 5').waitFor();
    await page.getByRole('button', { name: 'Show 1 reply' }).click();
    await card(page, 'Gil level 6').waitFor();
    const dotBox = await card(page, 'Dot level 3').boundingBox();
    const olaLeft = (await page.locator('#parley-comments ol.list').boundingBox())!.x;
    expect(dotBox!.x - olaLeft).toBeLessThan(20);
    await noViolations(page, 'thread on its own');
    await shot(page, 'stream-thread-opened');

    await back.click();
    await card(page, 'Ola talks').waitFor({ state: 'visible' });
    await expect(card(page, 'Eve level 4').isVisible()).resolves.toBe(false);
    await expect(focused(page)).resolves.toBe('Continue this thread');
    await noViolations(page, 'back to all comments');

    // On a phone: the same, and axe stays at zero.
    const { context, page: phone } = await openPage(browser, { width: 390, height: 844 }, { errors, dialogs: [] });
    contexts.push(context);
    await phone.goto(`${site.article(id)}#comment-${chain[3].id}`);
    await widgetReady(phone);
    await card(phone, 'Dot level 3').waitFor();
    await phone.getByRole('button', { name: 'Continue this thread' }).click();
    await card(phone, 'Eve level 4').waitFor();
    await noViolations(phone, 'thread on a phone');
    await shot(phone, 'stream-thread-phone');

    // A reader's own reply to a comment at the deepest level drawn shows in its thread, opened for it, with the focus on it.
    const reader = await open(a.reader('u-rex', 'Rex'), id);
    await reader.goto(`${site.article(id)}#comment-${chain[3].id}`);
    await widgetReady(reader);
    await card(reader, 'Dot level 3').getByRole('button', { name: 'Reply' }).click();
    await reader.getByLabel('Reply to Dot').fill('Rex answers Dot');
    await reader.getByRole('button', { name: 'Post reply' }).click();
    await card(reader, 'Rex answers Dot').getByText('Your comment was published.').waitFor();
    await reader.getByRole('button', { name: 'Back to all comments' }).waitFor();
    await card(reader, 'Eve level 4').waitFor();
    await expect(card(reader, 'Ola talks').isVisible()).resolves.toBe(false);
    await expect(focused(reader)).resolves.toContain('Rex answers Dot');
    await noViolations(reader, 'own reply in its thread');
    await shot(reader, 'stream-thread-own-reply');
  });

  it('ban the author: a moderator bans from the stream after confirming, through the dashboard’s endpoint and log', async () => {
    const id = article('ban');
    await postComment(t, a.reader('u-kai', 'Kai'), id, 'Kai on the bus timetable');
    const spam = await postComment(t, a.reader('u-vic', 'Vic'), id, 'Vic sells cheap watches');
    const readerPage = await open(a.reader('u-jo', 'Jo'), id);
    await card(readerPage, 'Vic sells').getByRole('button', { name: 'More actions' }).click();
    await readerPage.getByRole('button', { name: 'Mute Vic' }).waitFor();
    await expect(readerPage.getByRole('button', { name: /^Ban / }).count()).resolves.toBe(0);

    const page = await open(a.mod, id);
    await card(page, 'Vic sells').getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('button', { name: 'Ban Vic' }).click();
    await page.getByText('Ban Vic? They can still read, but can no longer post, reply or like on this site.').waitFor();
    // Nothing happens without a reason.
    await page.getByRole('button', { name: 'Yes, ban Vic' }).click();
    await page.getByText('Give a reason for the ban.').waitFor();
    expect((await must(t.api('GET', '/moderation/users/u-vic', { token: a.mod }))).user.status).toBe('active');
    await page.getByLabel('Reason for the ban (kept in the moderation log)').fill('watch adverts');
    await page.getByLabel('Also reject their published comments').check();
    await noViolations(page, 'ban confirmation');
    await shot(page, 'stream-ban-confirm');
    await page.getByRole('button', { name: 'Yes, ban Vic' }).click();
    await page.getByText('Vic is banned and can no longer post here. 1 of their comments was rejected.').waitFor();

    const log = await must(t.api('GET', '/moderation/log?userId=u-vic', { token: a.mod }));
    expect(log.items.find((e: { action: string }) => e.action === 'user.ban')).toMatchObject({ actorId: 'mod-1', reason: 'watch adverts', toStatus: 'banned' });
    expect((await must(t.api('GET', '/moderation/users/u-vic', { token: a.mod }))).user.status).toBe('banned');
    expect((await must(t.api('GET', `/moderation/log?commentId=${spam.id}`, { token: a.mod }))).items[0]).toMatchObject({ action: 'reject' });
    // Live: the rejected comment leaves the reader's page.
    await eventually(
      () => card(readerPage, 'Vic sells').count(),
      (n) => expect(n).toBe(0),
    );
    await noViolations(page, 'after the ban');
    await shot(page, 'stream-banned');

    // The same rules as the dashboard: a moderator cannot ban an admin; the refusal is said, nothing changes.
    const adminsComment = await postComment(t, a.admin, id, 'An admin posts a note');
    const phone = await open(a.mod, id, { width: 390, height: 844 });
    await card(phone, 'An admin posts').getByRole('button', { name: 'More actions' }).click();
    const name = adminsComment.author.name as string;
    await phone.getByRole('button', { name: `Ban ${name}` }).click();
    await phone.getByLabel('Reason for the ban (kept in the moderation log)').fill('testing the rules');
    await phone.getByRole('button', { name: `Yes, ban ${name}` }).click();
    await phone.getByText('You cannot ban a member of staff with your role, or yourself.').waitFor();
    await noViolations(phone, 'ban refused on a phone');
    await shot(phone, 'stream-ban-refused-phone');
  });

  it('edit: the edit form has the composer’s preview, showing the changed text as it will be published', async () => {
    const id = article('edit-preview');
    const token = a.reader('u-ed', 'Ed');
    await postComment(t, token, id, 'Ed wrote this first');
    const page = await open(token, id);
    await card(page, 'Ed wrote this').getByRole('button', { name: 'Edit' }).click();
    const area = page.getByLabel('Edit your comment');
    await area.fill('Ed wrote **this** again');
    const preview = card(page, 'Ed wrote').getByRole('button', { name: 'Preview' });
    await preview.click();
    await expect(preview.getAttribute('aria-pressed')).resolves.toBe('true');
    const panel = card(page, 'Ed wrote').getByRole('region', { name: 'Preview: your comment as it will be published' });
    await panel.locator('strong', { hasText: 'this' }).waitFor();
    // It follows the typing.
    await area.fill('Ed changed it to _that_');
    await panel.locator('em', { hasText: 'that' }).waitFor();
    await noViolations(page, 'edit preview');
    await shot(page, 'stream-edit-preview');
    await card(page, 'Ed wrote').getByRole('button', { name: 'Save changes' }).click();
    await card(page, 'Ed changed it to').getByText('Your changes were saved.').waitFor();
    await expect(card(page, 'Ed changed it to').locator('.body em').textContent()).resolves.toBe('that');

    const phone = await open(token, id, { width: 390, height: 844 });
    await card(phone, 'Ed changed').getByRole('button', { name: 'Edit' }).click();
    await card(phone, 'Ed changed').getByRole('button', { name: 'Preview' }).click();
    await card(phone, 'Ed changed').locator('.preview em', { hasText: 'that' }).waitFor();
    await noViolations(phone, 'edit preview on a phone');
    await shot(phone, 'stream-edit-preview-phone');
  });
});
