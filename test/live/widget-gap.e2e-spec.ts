import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, Publisher, startBrowserSuite } from '../support/browser-suite';
import { card, widgetReady } from '../web/browser';

jest.setTimeout(120_000);

/**
 * The widget notices a missed live event by itself: every event carries `prev`, the cursor of its
 * article's event before it, so when an event goes missing in transit (dropped here between the
 * server and the page) the next one shows the gap, and the widget asks `join { since }` for what
 * it missed, on the same socket, without reloading.
 */
describe('widget: a live event lost in transit is caught up from prev', () => {
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

  const reader = (name: string) => t.token({ sub: `u-${name.toLowerCase()}`, name });

  /** A page whose websocket to the service runs through the test, which can drop server frames. */
  async function openThrough(drop: (frame: string) => boolean): Promise<{ page: Page; sent: string[]; dropped: string[]; upgraded: Promise<void> }> {
    const { context, page } = await openPage(browser, { width: 1000, height: 900 }, { errors, dialogs });
    contexts.push(context);
    const sent: string[] = [];
    const dropped: string[] = [];
    let onUpgrade!: () => void;
    const upgraded = new Promise<void>((resolve) => (onUpgrade = resolve));
    await page.routeWebSocket(/\/socket\.io\//, (ws: WebSocketRoute) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        if (typeof m === 'string') {
          sent.push(m);
          // engine.io's upgrade packet: from here on everything goes over this websocket.
          if (m === '5') onUpgrade();
        }
        server.send(m);
      });
      server.onMessage((m) => {
        if (typeof m === 'string' && drop(m)) return void dropped.push(m);
        ws.send(m);
      });
    });
    return { page, sent, dropped, upgraded };
  }

  it('a comment.created frame that never arrives is noticed at the next event and fetched with join { since }', async () => {
    const id = 'gap-article';
    await t.api('POST', `/articles/${id}/comments`, { token: reader('Ann'), body: { body: 'Already here before the page' } });
    const lost = 'This one is lost on the way';
    // Only the live one: the replay of it must get through.
    let once = false;
    const { page, sent, dropped, upgraded } = await openThrough((m) => !once && m.startsWith('42["comment.created"') && m.includes(lost) && (once = true));
    await page.goto(site.article(id));
    await widgetReady(page, true);
    await upgraded;
    const joinsBefore = sent.filter((m) => m.includes('"join"')).length;

    // Its comment.created is dropped; the article.count after it arrives, and its prev is the lost event's cursor.
    await t.api('POST', `/articles/${id}/comments`, { token: reader('Bob'), body: { body: lost } });
    await page.locator('#parley-comments h2', { hasText: '2 comments' }).waitFor();
    await page.getByRole('button', { name: 'Show 1 new comment' }).click();
    await card(page, lost).waitFor();
    expect(dropped).toHaveLength(1);

    // It asked for what followed its cursor, once, on the socket it had.
    const joins = sent
      .filter((m) => m.includes('"join"'))
      .slice(joinsBefore)
      .map((m) => JSON.parse(m.slice(m.indexOf('['))) as unknown[]);
    expect(joins).toEqual([['join', { articleId: id, since: expect.stringMatching(/^\d+$/) }]]);

    // And it goes on live as before.
    await t.api('POST', `/articles/${id}/comments`, { token: reader('Cat'), body: { body: 'After the gap' } });
    await page.getByRole('button', { name: 'Show 1 new comment' }).click();
    await card(page, 'After the gap').waitFor();
    await page.locator('#parley-comments h2', { hasText: '3 comments' }).waitFor();
    await expect(page.locator('#parley-comments article.card', { hasText: lost }).count()).resolves.toBe(1);
  });
});
