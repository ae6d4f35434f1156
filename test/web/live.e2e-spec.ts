import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ReaderGateway } from '../../src/live/reader.gateway';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, Publisher, startBrowserSuite } from '../support/browser-suite';
import { card, eventually, shot, signInModerator, signInReader, widgetReady } from './browser';

jest.setTimeout(120_000);

/** Live updates between browsers: readers' widgets and moderators' dashboards, no reloads. */
describe('live pages', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let site: Publisher;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    ({ t, site, browser } = suite = await startBrowserSuite());
  });
  afterAll(() => suite?.close());
  afterEach(async () => {
    while (contexts.length) await contexts.pop()!.close();
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  async function open(): Promise<Page> {
    const { context, page } = await openPage(browser, { width: 1100, height: 900 }, { errors, dialogs });
    contexts.push(context);
    return page;
  }

  const mod = (sub = 'mod-1', name = 'Maya Moderator') => t.token({ sub, name, role: 'moderator' });
  const reader = (name: string) => t.token({ sub: `u-${name.toLowerCase()}`, name });
  async function dashboard(token: string, tab?: string): Promise<Page> {
    const page = await open();
    await signInModerator(page, token);
    await page.goto(`${t.url}/moderate`);
    await page.locator('body[data-live="on"]').waitFor();
    if (tab) await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    await page.locator('ul.items').waitFor();
    return page;
  }

  it("a held comment is approved from the keyboard on the dashboard and appears on the reader's page", async () => {
    expect((await t.api('PATCH', '/articles/l-premod', { token: mod(), body: { premoderation: true, title: 'Ferry returns' } })).status).toBe(200);
    const readerPage = await open();
    await signInReader(readerPage, reader('Rosa'));
    await readerPage.goto(site.article('l-premod'));
    await widgetReady(readerPage, true);
    await readerPage.getByRole('textbox', { name: 'Write a comment' }).fill('Held until a moderator looks');
    await readerPage.getByRole('button', { name: 'Post comment' }).click();
    const mine = card(readerPage, 'Held until a moderator looks');
    await mine.getByText('Awaiting moderation').waitFor();

    // An anonymous reader of the same article, to see it arrive for everyone.
    const other = await open();
    await other.goto(site.article('l-premod'));
    await widgetReady(other, true);

    const desk = await dashboard(mod());
    const item = desk.locator('article.item', { hasText: 'Held until a moderator looks' });
    await item.waitFor();
    await item.getByText('article is pre-moderated').waitFor();
    await shot(desk, 'dashboard-pending');
    await desk.keyboard.press('j');
    await expect(item.getAttribute('aria-current')).resolves.toBe('true');
    await desk.keyboard.press('a');
    await item.waitFor({ state: 'detached' });
    await desk
      .getByRole('tab', { name: /^Pending/ })
      .getByText('0')
      .waitFor();

    // The author's page: the badge goes, without a reload.
    await mine.getByText('Awaiting moderation').waitFor({ state: 'detached' });
    await expect(mine.getAttribute('data-status')).resolves.toBe('approved');
    // Told where they are looking (the live region may have moved on to the bell's news by now).
    await mine.locator('.notice', { hasText: 'approved your comment' }).waitFor();
    await shot(readerPage, 'widget-approved-live');
    // Everyone else: it waits behind the "new comments" button.
    await other.getByRole('button', { name: 'Show 1 new comment' }).click();
    await card(other, 'Held until a moderator looks').waitFor();
    const log = await t.api('GET', '/moderation/log', { token: mod() });
    expect(log.body.items[0]).toMatchObject({ action: 'approve', actorId: 'mod-1', fromStatus: 'pending', toStatus: 'approved' });
  });

  it('new comments wait behind a button and are announced; likes and counts update in place', async () => {
    const first = (await t.api('POST', '/articles/l-new/comments', { token: reader('Ann'), body: { body: 'Already here' } })).body;
    const page = await open();
    await page.goto(site.article('l-new'));
    await widgetReady(page, true);
    const texts = () => page.locator('#parley-comments ol.list > li > article.card .body').allInnerTexts();
    await t.api('POST', '/articles/l-new/comments', { token: reader('Bob'), body: { body: 'Live one' } });
    await t.api('POST', '/articles/l-new/comments', { token: reader('Cat'), body: { body: 'Live two' } });
    const btn = page.getByRole('button', { name: 'Show 2 new comments' });
    await btn.waitFor();
    // Nothing moved under the reader's eyes.
    expect(await texts()).toEqual(['Already here']);
    await page.locator('#parley-comments [aria-live=polite]', { hasText: '2 new comments available' }).waitFor();
    await page.locator('#parley-comments h2', { hasText: '3 comments' }).waitFor();
    await btn.click();
    await eventually(texts, (v) => expect(v).toEqual(['Live two', 'Live one', 'Already here']));
    await expect(page.evaluate(() => document.querySelector('#parley-comments')!.shadowRoot!.activeElement?.textContent)).resolves.toContain('Live two');

    await t.api('PUT', `/comments/${first.id}/reactions/like`, { token: reader('Dan') });
    await card(page, 'Already here').getByRole('button', { name: 'Like, 1 like' }).waitFor();
    await t.api('PATCH', `/comments/${first.id}`, { token: reader('Ann'), body: { body: 'Already here, edited' } });
    await card(page, 'Already here, edited').locator('.head', { hasText: 'edited' }).waitFor();
    await t.api('DELETE', `/comments/${first.id}`, { token: reader('Ann') });
    await card(page, 'Already here').waitFor({ state: 'detached' });
    await page.locator('#parley-comments h2', { hasText: '2 comments' }).waitFor();

    // Closing the article shows the notice at once.
    await t.api('PATCH', '/articles/l-new', { token: mod(), body: { closed: true } });
    await page.getByText('Comments are closed on this article.').waitFor();
    await expect(page.getByRole('button', { name: 'Reply' }).count()).resolves.toBe(0);
  });

  it('after a dropped connection the widget re-joins with the last cursor and gets what it missed', async () => {
    await t.api('POST', '/articles/l-drop/comments', { token: reader('Ann'), body: { body: 'Before the drop' } });
    const page = await open();
    await page.goto(site.article('l-drop'));
    await widgetReady(page, true);
    // What the widget sends, over HTTP long-polling or a websocket, whichever carries it.
    const joins: unknown[] = [];
    const record = (payload: string) => {
      for (const packet of payload.split('\x1e')) if (packet.includes('"join"')) joins.push(JSON.parse(packet.slice(packet.indexOf('['))));
    };
    page.on('request', (r) => r.url().includes('/socket.io/') && r.method() === 'POST' && record(r.postData() ?? ''));
    page.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && record(f.payload)));
    // The server drops every reader socket; comments posted meanwhile reach nobody live.
    const readers = t.app.get(ReaderGateway, { strict: false }).server as any;
    (readers.sockets ?? readers).disconnectSockets(true);
    await page.locator('#parley-comments section[data-live="off"]').waitFor();
    await page.getByText('Live updates paused').waitFor();
    await t.api('POST', '/articles/l-drop/comments', { token: reader('Bob'), body: { body: 'Missed one' } });
    await t.api('POST', '/articles/l-drop/comments', { token: reader('Cat'), body: { body: 'Missed two' } });
    await page.locator('#parley-comments section[data-live="on"]').waitFor();
    await page.getByRole('button', { name: 'Show 2 new comments' }).click();
    await card(page, 'Missed two').waitFor();
    await card(page, 'Missed one').waitFor();
    await page.locator('#parley-comments h2', { hasText: '3 comments' }).waitFor();
    expect(joins).toEqual([['join', { articleId: 'l-drop', since: expect.stringMatching(/^\d+$/) }]]);
  });

  it('a resync from the server makes the widget refetch', async () => {
    const page = await open();
    await page.goto(site.article('l-resync'));
    await widgetReady(page, true);
    await t.api('POST', '/articles/l-resync/comments', { token: reader('Ann'), body: { body: 'Arrived live' } });
    await page.getByRole('button', { name: 'Show 1 new comment' }).waitFor();
    const readers = t.app.get(ReaderGateway, { strict: false }).server as any;
    (readers.sockets ?? readers).to('article:l-resync').emit('resync', { articleId: 'l-resync', cursor: '0' });
    await card(page, 'Arrived live').waitFor();
    await expect(page.getByRole('button', { name: 'Show 1 new comment' }).isVisible()).resolves.toBe(false);
  });

  it("a report from a reader's widget appears in the reported queue live", async () => {
    await t.api('POST', '/articles/l-report/comments', { token: reader('Spammer'), body: { body: 'Cheap watches here' } });
    const desk = await dashboard(mod(), 'Reported');
    await desk.getByText('Nothing in reported').waitFor();
    const page = await open();
    await signInReader(page, reader('Vigilant'));
    await page.goto(site.article('l-report'));
    await widgetReady(page, true);
    await card(page, 'Cheap watches here').getByRole('button', { name: 'Report' }).click();
    await page.getByRole('radio', { name: 'Spam or advertising' }).check();
    await page.getByRole('button', { name: 'Send report' }).click();
    const item = desk.locator('article.item', { hasText: 'Cheap watches here' });
    await item.waitFor();
    await item.getByText('spam 1').waitFor();
    await item.getByText('1 open report').waitFor();
    await desk
      .getByRole('tab', { name: /^Reported/ })
      .getByText('1')
      .waitFor();
    await shot(desk, 'dashboard-reported-live');
  });

  it('items a colleague decides leave the screen with a note; bulk and the user panel work', async () => {
    const ids: string[] = [];
    for (const [i, name] of ['Ola', 'Per', 'Quin'].entries()) {
      await t.api('PATCH', '/articles/l-team', { token: mod(), body: { premoderation: true } });
      ids.push((await t.api('POST', '/articles/l-team/comments', { token: reader(name), body: { body: `Team item ${i + 1}` } })).body.id);
    }
    const a = await dashboard(mod('mod-a', 'Alice'));
    const b = await dashboard(mod('mod-b', 'Bram'));
    await b.locator('article.item', { hasText: 'Team item 1' }).waitFor();
    await a.locator('article.item', { hasText: 'Team item 1' }).getByRole('button', { name: 'Approve' }).click();
    const gone = b.locator('article.item', { hasText: 'Team item 1' });
    await gone.getByText('Handled by a colleague').waitFor();
    await shot(b, 'dashboard-colleague');
    await gone.waitFor({ state: 'detached' });

    // Select both remaining with x, then bulk reject with Shift+R.
    await b.keyboard.press('j');
    await b.keyboard.press('x');
    await b.keyboard.press('j');
    await b.keyboard.press('x');
    await b.getByText('2 items selected').waitFor();
    await b.keyboard.press('Shift+R');
    // The selection's reject asks for one reason first (Enter with none given rejects without one).
    await b.locator('.bulk form.reject').waitFor();
    await b.keyboard.press('Enter');
    await b.getByText('Nothing in pending').waitFor();
    expect((await t.api('GET', `/comments/${ids[1]}`, { token: reader('Per') })).body.status).toBe('rejected');

    // The user panel: history and a sanction.
    await b.keyboard.press('5');
    const rejected = b.locator('article.item', { hasText: 'Team item 3' });
    await rejected.waitFor();
    await rejected.getByRole('button', { name: 'User panel' }).click();
    const panel = b.locator('aside.panel');
    await panel.getByRole('heading', { name: 'User: Quin' }).waitFor();
    await panel.getByText('reject').first().waitFor();
    await panel.getByRole('textbox', { name: 'Reason for the suspension' }).fill('cooling off');
    await panel.getByRole('button', { name: 'Suspend user' }).click();
    await panel.getByText(/suspended until/).waitFor();
    await shot(b, 'dashboard-user-panel');
    await b.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    const post = await t.api('POST', '/articles/l-team/comments', { token: reader('Quin'), body: { body: 'again' } });
    expect(post.body.code).toBe('USER_SUSPENDED');

    await b.keyboard.press('6');
    await b.getByRole('table').getByText('user.suspend').waitFor();
  });
});
