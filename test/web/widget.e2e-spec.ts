import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, Publisher, startBrowserSuite } from '../support/browser-suite';
import { card, eventually, shot, signInReader, widgetReady } from './browser';

jest.setTimeout(120_000);

/** The embed widget on a publisher's page (another origin), driven in chromium. */
describe('embed widget', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let site: Publisher;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dialogs: string[];
  let errors: string[];

  beforeAll(async () => {
    ({ t, site, browser } = suite = await startBrowserSuite());
  });
  afterAll(() => suite?.close());

  beforeEach(async () => {
    dialogs = [];
    errors = [];
    ({ context, page } = await openPage(browser, { width: 1000, height: 900 }, { errors, dialogs }));
  });
  afterEach(async () => {
    expect(errors).toEqual([]);
    await context.close();
  });

  const reader = (name: string) => t.token({ sub: `u-${name.toLowerCase()}`, name });
  const post = async (articleId: string, token: string, body: string, parentId?: string) => {
    const res = await t.api('POST', `/articles/${encodeURIComponent(articleId)}/comments`, { token, body: { body, ...(parentId ? { parentId } : {}) } });
    expect(res.status).toBe(201);
    return res.body;
  };
  const composer = () => page.getByRole('textbox', { name: 'Write a comment' });

  it('a reader posts a comment and sees it, with the count', async () => {
    await signInReader(page, reader('Olena'));
    await page.goto(site.article('w-post'));
    await widgetReady(page);
    await page.getByText('No comments yet').waitFor();
    await composer().fill('First! The ferry is **great** news.');
    await expect(page.locator('#parley-comments .counter').textContent()).resolves.toContain('35 / 5000');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await card(page, 'The ferry is great news').waitFor();
    await expect(card(page, 'The ferry is').locator('strong').textContent()).resolves.toBe('great');
    await page.locator('#parley-comments h2', { hasText: '1 comment' }).waitFor();
    await expect(composer().inputValue()).resolves.toBe('');
    await shot(page, 'widget-posted');

    // It is stored: a fresh page load shows it to an anonymous reader too.
    const anon = await context.browser()!.newContext();
    const p2 = await anon.newPage();
    await p2.goto(site.article('w-post'));
    await widgetReady(p2);
    await card(p2, 'The ferry is great news').waitFor();
    await expect(p2.getByRole('button', { name: 'Sign in to comment' }).isVisible()).resolves.toBe(true);
    await anon.close();
    const list = await t.api('GET', '/articles/w-post/comments');
    expect(list.body.items.map((c: any) => c.author.name)).toEqual(['Olena']);
  });

  it('asks the host page to sign in a signed-out reader who wants to write or like', async () => {
    await post('w-login', reader('Ann'), 'Something to like');
    await page.goto(site.article('w-login'));
    await widgetReady(page);
    await composer().fill('draft kept');
    await page.getByRole('button', { name: 'Sign in to comment' }).click();
    await page.getByRole('button', { name: /^Like/ }).click();
    await expect(page.evaluate(() => (window as any).__loginRequests)).resolves.toBe(2);
    // Signing in later keeps the draft, and the button becomes "Post comment".
    await page.evaluate((tok) => (window as any).Parley.setToken(tok), reader('Ben'));
    await page.getByRole('button', { name: 'Post comment' }).waitFor();
    await expect(composer().inputValue()).resolves.toBe('draft kept');
  });

  it('reply, like and report', async () => {
    const parent = await post('w-thread', reader('Ann'), 'Parent comment by Ann');
    await signInReader(page, reader('Carl'));
    await page.goto(site.article('w-thread'));
    await widgetReady(page);
    const c = card(page, 'Parent comment by Ann');

    await c.getByRole('button', { name: 'Reply' }).click();
    const box = page.getByRole('textbox', { name: 'Reply to Ann' });
    await expect(box.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);
    await box.fill('A reply from Carl');
    await page.getByRole('button', { name: 'Post reply' }).click();
    const reply = page.locator('#parley-comments ol.replies article.card', { hasText: 'A reply from Carl' });
    await reply.waitFor();

    const like = c.getByRole('button', { name: /^Like/ });
    await expect(like.getAttribute('aria-pressed')).resolves.toBe('false');
    await like.click();
    await c.getByRole('button', { name: 'Like, 1 like' }).waitFor();
    await expect(c.getByRole('button', { name: /^Like/ }).getAttribute('aria-pressed')).resolves.toBe('true');
    expect((await t.api('GET', `/comments/${parent.id}`)).body.reactions.like).toBe(1);

    await c.getByRole('button', { name: 'Report' }).click();
    await page.getByRole('radio', { name: 'Spam or advertising' }).check();
    await page.getByRole('textbox', { name: /Anything moderators should know/ }).fill('selling watches');
    await page.getByRole('button', { name: 'Send report' }).click();
    // The visible notice under the comment (a status for screen readers says it too).
    await c.locator('.notice', { hasText: 'Moderators will take a look' }).waitFor();
    await shot(page, 'widget-thread');
    const mod = t.token({ sub: 'mod', name: 'Mod', role: 'moderator' });
    const reported = await t.api('GET', '/moderation/queues/reported', { token: mod });
    expect(reported.body.items.map((i: any) => [i.id, i.reports])).toEqual([[parent.id, { spam: 1 }]]);

    // Own comments have no Report or Like-less actions; they have Edit and Delete.
    const mine = page.locator('#parley-comments ol.replies article.card', { hasText: 'A reply from Carl' });
    await expect(mine.getByRole('button', { name: 'Report' }).count()).resolves.toBe(0);
    await expect(mine.getByRole('button', { name: 'Edit' }).count()).resolves.toBe(1);
  });

  it('shows markup in a comment as text and runs none of it', async () => {
    const evil = 'Look <script>alert(1)</script> and <img src=x onerror=alert(2)> and [x](javascript:alert(3))';
    await post('w-xss', reader('Eve'), evil);
    await signInReader(page, reader('Eve2'));
    await page.goto(site.article('w-xss'));
    await widgetReady(page);
    await composer().fill('<img src=y onerror="alert(4)"><svg onload=alert(5)>');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const posted = card(page, '<svg onload=alert(5)>');
    await posted.waitFor();
    const stored = card(page, '<script>alert(1)</script>');
    await expect(stored.locator('.body').innerText()).resolves.toContain('<img src=x onerror=alert(2)>');
    for (const c of [stored, posted]) {
      await expect(c.locator('script, img, svg, iframe, [onerror], [onload]').count()).resolves.toBe(0);
      await expect(c.locator('a[href^="javascript"]').count()).resolves.toBe(0);
    }
    // Author names are text too.
    const named = t.token({ sub: 'u-html', name: '<b onmouseover=alert(6)>Bo</b>' });
    await post('w-xss', named, 'plain');
    await page.reload();
    await widgetReady(page);
    await page.locator('#parley-comments .author', { hasText: '<b onmouseover=alert(6)>Bo</b>' }).waitFor();
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
  });

  it('can be used with the keyboard alone: post, reply and like', async () => {
    await post('w-keys', reader('Ann'), 'Tab to me');
    await signInReader(page, reader('Kim'));
    await page.goto(site.article('w-keys'));
    await widgetReady(page);
    const focused = () =>
      page.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el ? `${el.tagName.toLowerCase()}|${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}` : '';
      });
    const tabTo = async (want: RegExp, max = 20) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (want.test(await focused())) return;
      }
      throw new Error(`never reached ${want}; at ${await focused()}`);
    };
    await tabTo(/^textarea/);
    await page.keyboard.type('Typed without a mouse');
    await tabTo(/^button\|Post comment/);
    // A visible focus indicator on the focused control.
    const outline = await page.evaluate(() => {
      const el = document.querySelector('#parley-comments')!.shadowRoot!.activeElement!;
      const s = getComputedStyle(el);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    expect(outline).toMatch(/^solid [1-9]/);
    await page.keyboard.press('Enter');
    await card(page, 'Typed without a mouse').waitFor();

    // Ctrl+Enter sends from the text box.
    await composer().focus();
    await page.keyboard.type('Second, sent with Ctrl+Enter');
    await page.keyboard.press('Control+Enter');
    await card(page, 'sent with Ctrl+Enter').waitFor();

    // Reply to Ann's comment: its Reply button, type, Escape closes, reopen, send.
    await card(page, 'Tab to me').getByRole('button', { name: 'Reply' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('oops');
    await page.keyboard.press('Escape');
    await expect(focused()).resolves.toMatch(/^button\|Reply/);
    await page.keyboard.press('Enter');
    await page.keyboard.type('A keyboard reply');
    await page.keyboard.press('Control+Enter');
    await page.locator('#parley-comments ol.replies article.card', { hasText: 'A keyboard reply' }).waitFor();

    await card(page, 'Tab to me').getByRole('button', { name: /^Like/ }).focus();
    await page.keyboard.press('Space');
    await card(page, 'Tab to me').getByRole('button', { name: 'Like, 1 like' }).waitFor();
    await expect(focused()).resolves.toMatch(/^button\|Like, 1 like/);
    await shot(page, 'widget-keyboard');
  });

  it("edits and deletes the reader's own comment", async () => {
    await signInReader(page, reader('Edd'));
    await page.goto(site.article('w-edit'));
    await widgetReady(page);
    await composer().fill('Typo hree');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const c = card(page, 'Typo hree');
    await c.waitFor();
    await c.getByRole('button', { name: 'Edit' }).click();
    const box = page.getByRole('textbox', { name: 'Edit your comment' });
    await expect(box.inputValue()).resolves.toBe('Typo hree');
    await box.fill('Typo here, fixed');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const fixed = card(page, 'Typo here, fixed');
    await fixed.waitFor();
    await expect(fixed.locator('.head').innerText()).resolves.toContain('edited');

    await fixed.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await fixed.waitFor({ state: 'detached' });
    expect((await t.api('GET', '/articles/w-edit/comments')).body.items).toEqual([]);
  });

  it("shows the reader's own held comment as awaiting moderation, to the author only", async () => {
    const mod = t.token({ sub: 'mod', name: 'Mod', role: 'moderator' });
    expect((await t.api('PATCH', '/articles/w-held', { token: mod, body: { premoderation: true } })).status).toBe(200);
    await signInReader(page, reader('Hal'));
    await page.goto(site.article('w-held'));
    await widgetReady(page);
    await composer().fill('Please approve me');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const c = card(page, 'Please approve me');
    await c.getByText('Awaiting moderation').waitFor();
    // The status region is filled a moment after the card appears (so a repeat is announced again).
    await page
      .locator('#parley-comments [role=status]')
      .filter({ hasText: /awaiting moderation/ })
      .waitFor({ state: 'attached' });
    await page.reload();
    await widgetReady(page);
    await card(page, 'Please approve me').getByText('Awaiting moderation').waitFor();
    await shot(page, 'widget-held');
    const other = await browser.newContext();
    const p2 = await other.newPage();
    await p2.goto(site.article('w-held'));
    await widgetReady(p2);
    await expect(card(p2, 'Please approve me').count()).resolves.toBe(0);
    await other.close();
  });

  it("shows a closed article's notice and no way to write", async () => {
    await post('w-closed', reader('Ann'), 'Said before closing');
    const mod = t.token({ sub: 'mod', name: 'Mod', role: 'moderator' });
    await t.api('PATCH', '/articles/w-closed', { token: mod, body: { closed: true } });
    await signInReader(page, reader('Cy'));
    await page.goto(site.article('w-closed'));
    await widgetReady(page);
    await page.getByText('Comments are closed on this article.').waitFor();
    await expect(composer().isVisible()).resolves.toBe(false);
    await expect(card(page, 'Said before closing').getByRole('button', { name: 'Reply' }).count()).resolves.toBe(0);
  });

  it('sorts, pages with "load more", and collapses long threads', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 7; i++) ids.push((await post('w-pages', reader(`P${i}`), `Comment number ${i}`)).id);
    await t.api('PUT', `/comments/${ids[2]}/reactions/like`, { token: reader('Liker') });
    for (let i = 1; i <= 5; i++) await post('w-pages', reader(`R${i}`), `Reply number ${i}`, ids[6]);
    await page.goto(site.article('w-pages', { pageSize: 3 }));
    await widgetReady(page);
    const tops = () => page.locator('#parley-comments ol.list > li > article.card .body').allInnerTexts();
    await expect(tops()).resolves.toEqual(['Comment number 7', 'Comment number 6', 'Comment number 5']);
    // Number 7 has five replies: three are shown, the rest behind a button.
    const replies = page.locator('#parley-comments ol.replies article.card');
    await replies.nth(2).waitFor();
    await expect(replies.count()).resolves.toBe(3);
    await page.getByRole('button', { name: 'Show 2 more replies' }).click();
    await replies.nth(4).waitFor();
    await page.getByRole('button', { name: 'Load more comments' }).click();
    await page.getByRole('button', { name: 'Load more comments' }).click();
    await page.locator('#parley-comments article.card', { hasText: 'Comment number 1' }).waitFor();
    await expect(page.getByRole('button', { name: 'Load more comments' }).isVisible()).resolves.toBe(false);
    await page.locator('#parley-comments h2', { hasText: '12 comments' }).waitFor();

    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('oldest');
    await eventually(tops, (v) => expect(v).toEqual(['Comment number 1', 'Comment number 2', 'Comment number 3']));
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('top');
    await eventually(tops, (v) => expect(v[0]).toBe('Comment number 3'));
    await shot(page, 'widget-pages');
  });

  it("takes the publisher's theme from CSS custom properties", async () => {
    await post('w-theme', reader('Ann'), 'Themed');
    await signInReader(page, reader('Tess'));
    await page.goto(site.article('w-theme'));
    await widgetReady(page);
    await page.addStyleTag({ content: '#parley-comments { --parley-accent: rgb(122, 16, 32); --parley-font: Georgia, serif; --parley-radius: 0px; }' });
    const post_ = page.getByRole('button', { name: 'Post comment' });
    await expect(post_.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(122, 16, 32)');
    await expect(post_.evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).resolves.toBe('0px');
    await expect(card(page, 'Themed').evaluate((el) => getComputedStyle(el).fontFamily)).resolves.toContain('Georgia');
    // The page's own styles do not leak in: the widget lives in a shadow root.
    await page.addStyleTag({ content: 'button { background: lime !important; } p { display: none !important; }' });
    await expect(post_.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(122, 16, 32)');
    await expect(card(page, 'Themed').locator('p').isVisible()).resolves.toBe(true);
    await shot(page, 'widget-themed');
  });

  it('asks the host for a fresh token when the one it has expired', async () => {
    const expired = t.token({ sub: 'u-exp', name: 'Exp' }, { expiresIn: -60 });
    await signInReader(page, expired, t.token({ sub: 'u-exp', name: 'Exp' }));
    await page.goto(site.article('w-expired'));
    await widgetReady(page);
    await composer().fill('Posted after a refresh');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await card(page, 'Posted after a refresh').waitFor();
  });

  it('explains refusals: too long and banned', async () => {
    await signInReader(page, reader('Long'));
    await page.goto(site.article('w-refuse'));
    await widgetReady(page);
    await composer().fill('x'.repeat(5003));
    await page.locator('#parley-comments .counter.over', { hasText: '3 characters too many' }).waitFor();
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByRole('alert').filter({ hasText: '3 characters too many' }).waitFor();
    const mod = t.token({ sub: 'mod', name: 'Mod', role: 'moderator' });
    await t.api('POST', '/articles/w-refuse/comments', { token: reader('Long'), body: { body: 'exists' } });
    expect((await t.api('POST', '/moderation/users/u-long/ban', { token: mod, body: { reason: 'test' } })).status).toBe(200);
    await composer().fill('now banned');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your account cannot post comments.' }).waitFor();
  });
});
