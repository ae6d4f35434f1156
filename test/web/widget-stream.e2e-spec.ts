import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, Publisher, startBrowserSuite } from '../support/browser-suite';
import { Actors, actors, article, enc, must, patchSettings, postComment } from '../support/factories';
import { scan, WIDGET } from './axe';
import { card, eventually, shot, signInReader, widgetReady } from './browser';
import { pagesPerTest, type Viewport } from './fresh-pages';

jest.setTimeout(240_000);

/** The stream as a reader shapes it (mute, collapse) and as a moderator works it in place (feature, reject, approve). */
describe('embed widget: mute, collapse and moderators in the stream', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let a: Actors;
  let site: Publisher;
  const newPage = pagesPerTest(() => suite.browser, { viewport: { width: 1000, height: 900 }, timeout: 30_000 });

  beforeAll(async () => {
    ({ t, site } = suite = await startBrowserSuite());
    a = actors(t);
    await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 1000 } });
  });
  afterAll(() => suite?.close());

  /** A page (its own context: another device) signed in with `token`, on the article, live. */
  const open = async (token: string | null, id: string, viewport?: Viewport): Promise<Page> => {
    const page = await newPage(viewport);
    if (token) await signInReader(page, token);
    await page.goto(site.article(id));
    await widgetReady(page, true);
    return page;
  };
  const noViolations = async (page: Page, label: string) => expect({ label, v: await scan(page, WIDGET) }).toEqual({ label, v: [] });
  const more = (page: Page, cardText: string) => card(page, cardText).getByRole('button', { name: 'More actions' });

  it('mute: from a comment’s menu, folded on every device and live, Show reads one, unmute from the list', async () => {
    const id = article('mute');
    const ann = a.reader('u-ann', 'Ann');
    const root = await postComment(t, ann, id, 'Ann says the bridge is late again');
    await postComment(t, a.reader('u-bob', 'Bob'), id, 'Bob thinks the bridge is fine', { parentId: root.id });
    await postComment(t, ann, id, 'Ann replies to Bob about the bridge', { parentId: root.id });
    await postComment(t, a.reader('u-cy', 'Cy'), id, 'Cy on the ferry instead');
    const me = a.reader('u-me', 'Mira');

    const page = await open(me, id);
    await card(page, 'Ann replies to Bob').waitFor();
    await more(page, 'Ann says the bridge').click();
    await expect(more(page, 'Ann says the bridge').getAttribute('aria-expanded')).resolves.toBe('true');
    await page.getByRole('button', { name: 'Mute Ann' }).click();
    // Both of Ann's comments fold; Bob's reply and Cy's comment stay.
    await eventually(
      () => page.locator('#parley-comments article.card.muted').count(),
      (n) => expect(n).toBe(2),
    );
    await expect(page.locator('#parley-comments article.card', { hasText: 'Ann says' }).count()).resolves.toBe(0);
    await card(page, 'Bob thinks the bridge is fine').waitFor();
    await card(page, 'Cy on the ferry').waitFor();
    await page.getByText('Comment from someone you muted').first().waitFor();
    await page.locator('#parley-comments .notice', { hasText: /You muted Ann\./ }).waitFor();
    await page.getByRole('button', { name: 'Muted people (1)' }).waitFor();
    await noViolations(page, 'muted');
    await shot(page, 'stream-muted');
    const stored = await t.ds.query(`SELECT site_id, user_id, muted_id FROM mutes`);
    expect(stored).toEqual([{ site_id: 'default', user_id: 'u-me', muted_id: 'u-ann' }]);

    // Another device: folded from the first page on, and a new comment of Ann's arrives folded too.
    const phone = await open(me, id, { width: 390, height: 844 });
    await eventually(
      () => phone.locator('#parley-comments article.card.muted').count(),
      (n) => expect(n).toBe(2),
    );
    await expect(phone.locator('#parley-comments article.card', { hasText: 'Ann says' }).count()).resolves.toBe(0);
    await postComment(t, ann, id, 'Ann again, live, about tolls');
    await phone.getByRole('button', { name: 'Show 1 new comment' }).click();
    await eventually(
      () => phone.locator('#parley-comments article.card.muted').count(),
      (n) => expect(n).toBe(3),
    );
    await expect(phone.locator('#parley-comments article.card', { hasText: 'about tolls' }).count()).resolves.toBe(0);
    await noViolations(phone, 'muted on a phone');
    await shot(phone, 'stream-muted-phone');

    // Show reads one of them; the others stay folded.
    await phone.locator('#parley-comments article.card.muted').first().getByRole('button', { name: 'Show' }).click();
    await card(phone, 'about tolls').waitFor();
    await expect(phone.locator('#parley-comments article.card.muted').count()).resolves.toBe(2);

    // Unmute from the list: everything unfolds, and the service forgets the mute.
    await page.getByRole('button', { name: 'Muted people (1)' }).click();
    await expect(page.getByRole('button', { name: 'Muted people (1)' }).getAttribute('aria-expanded')).resolves.toBe('true');
    await noViolations(page, 'muted list open');
    await shot(page, 'stream-muted-list');
    await page.getByRole('button', { name: 'Unmute Ann' }).click();
    await card(page, 'Ann says the bridge').waitFor();
    await card(page, 'Ann replies to Bob').waitFor();
    await expect(page.locator('#parley-comments article.card.muted').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Muted people/ }).count()).resolves.toBe(0);
    await expect(t.ds.query(`SELECT * FROM mutes`)).resolves.toEqual([]);

    // Signed out there is nothing to mute with: no menu.
    const anon = await open(null, id);
    await card(anon, 'Cy on the ferry').waitFor();
    await expect(more(anon, 'Cy on the ferry').count()).resolves.toBe(0);
  });

  it('collapse: a thread folds and unfolds with aria-expanded, says how many replies are hidden, and stays folded on re-sort', async () => {
    const id = article('collapse');
    const root = await postComment(t, a.reader('u-dee', 'Dee'), id, 'Dee starts a thread on rents');
    await postComment(t, a.reader('u-eli', 'Eli'), id, 'Eli answers on rents', { parentId: root.id });
    await postComment(t, a.reader('u-fay', 'Fay'), id, 'Fay answers on rents too', { parentId: root.id });
    await postComment(t, a.reader('u-gus', 'Gus'), id, 'Gus has no replies');

    const page = await open(null, id);
    await card(page, 'Fay answers').waitFor();
    const toggle = card(page, 'Dee starts').getByRole('button', { name: 'Collapse thread' });
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    const controls = await toggle.getAttribute('aria-controls');
    await expect(page.locator(`#parley-comments ol#${controls}`).count()).resolves.toBe(1);
    await expect(
      card(page, 'Gus has no replies')
        .getByRole('button', { name: /thread/ })
        .count(),
    ).resolves.toBe(0);
    await toggle.click();
    const expand = card(page, 'Dee starts').getByRole('button', { name: 'Expand thread' });
    await expect(expand.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(card(page, 'Eli answers').isVisible()).resolves.toBe(false);
    await page.getByText('2 replies hidden', { exact: true }).waitFor();
    await expect(page.evaluate(() => document.querySelector('#parley-comments')!.shadowRoot!.activeElement?.textContent)).resolves.toBe('Expand thread');
    await noViolations(page, 'collapsed');
    await shot(page, 'stream-collapsed');

    // Re-sorting reloads the list: the thread is still folded for this page view.
    await page.getByLabel('Sort by').selectOption('oldest');
    await card(page, 'Gus has no replies').waitFor();
    await card(page, 'Dee starts').getByRole('button', { name: 'Expand thread' }).waitFor();
    await page.getByText('2 replies hidden', { exact: true }).waitFor();
    await card(page, 'Dee starts').getByRole('button', { name: 'Expand thread' }).click();
    await card(page, 'Eli answers').waitFor({ state: 'visible' });
    await expect(page.getByText('2 replies hidden', { exact: true }).count()).resolves.toBe(0);
    await expect(card(page, 'Dee starts').getByRole('button', { name: 'Collapse thread' }).getAttribute('aria-expanded')).resolves.toBe('true');

    // A new page view starts unfolded.
    await page.reload();
    await widgetReady(page);
    await card(page, 'Eli answers').waitFor({ state: 'visible' });
  });

  it('moderator in the stream: feature and reject (with a reason) through the moderation API, live for readers, in the log; readers get no tools', async () => {
    const id = article('modtools');
    const hal = await postComment(t, a.reader('u-hal', 'Hal'), id, 'Hal on the new library hours');
    const ivy = await postComment(t, a.reader('u-ivy', 'Ivy'), id, 'Ivy selling cheap watches here');
    const readerPage = await open(a.reader('u-jo', 'Jo'), id);
    await more(readerPage, 'Ivy selling').click();
    await readerPage.getByRole('button', { name: 'Mute Ivy' }).waitFor();
    await expect(readerPage.getByRole('button', { name: /^(Feature|Reject)$/ }).count()).resolves.toBe(0);
    await readerPage.keyboard.press('Escape');

    const modPage = await open(a.mod, id);
    await more(modPage, 'Hal on the new library').click();
    await modPage.getByRole('button', { name: 'Feature', exact: true }).click();
    await card(modPage, 'Hal on the new library').locator('.badge.pick').waitFor();
    await card(modPage, 'Hal on the new library').getByText('Featured as an editor’s pick.').waitFor();
    // Live: the reader's page shows the pick without reloading.
    await card(readerPage, 'Hal on the new library').locator('.badge.pick').waitFor();

    await more(modPage, 'Ivy selling').click();
    await modPage.getByRole('button', { name: 'Reject', exact: true }).click();
    // The site's reasons are offered as suggestions (the default list here); free text still goes.
    await eventually(
      () =>
        card(modPage, 'Ivy selling')
          .locator('datalist option')
          .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
      (values) => expect(values).toContain('Spam or advertising'),
    );
    await modPage.getByLabel('Why reject it? (optional; kept in the moderation log)').fill('spam: watch adverts');
    await noViolations(modPage, 'reject prompt');
    await shot(modPage, 'stream-mod-reject-prompt');
    await modPage.getByRole('button', { name: 'Reject comment' }).click();
    await card(modPage, 'Ivy selling').getByText('Rejected: readers no longer see this comment.').waitFor();
    await card(modPage, 'Ivy selling').getByText('Not published').waitFor();
    // Live: gone from the reader's page; still on the moderator's, with its badge.
    await eventually(
      () => card(readerPage, 'Ivy selling').count(),
      (n) => expect(n).toBe(0),
    );
    await expect(card(modPage, 'Ivy selling').count()).resolves.toBe(1);
    await noViolations(modPage, 'after moderating');
    await shot(modPage, 'stream-mod-decided');

    const log = await must(t.api('GET', `/moderation/log?commentId=${ivy.id}`, { token: a.mod }));
    expect(log.items[0]).toMatchObject({ action: 'reject', actorId: 'mod-1', reason: 'spam: watch adverts', toStatus: 'rejected' });
    const featured = await must(t.api('GET', `/moderation/log?commentId=${hal.id}`, { token: a.mod }));
    expect(featured.items[0]).toMatchObject({ action: 'feature', actorId: 'mod-1' });

    // The rejected comment's menu offers Approve; approving brings it back for readers, live.
    await more(modPage, 'Ivy selling').click();
    await modPage.getByRole('button', { name: 'Approve', exact: true }).click();
    await card(modPage, 'Ivy selling').getByText('Approved: everyone can see this comment.').waitFor();
    await readerPage.getByRole('button', { name: 'Show 1 new comment' }).click();
    await card(readerPage, 'Ivy selling').waitFor();

    // On a phone the tools fit, and axe stays at zero.
    const phone = await open(a.mod, id, { width: 390, height: 844 });
    await more(phone, 'Hal on the new library').click();
    await phone.getByRole('button', { name: 'Unfeature' }).waitFor();
    await noViolations(phone, 'moderator menu on a phone');
    await shot(phone, 'stream-mod-phone');
  });

  it('moderator in the stream: comments held for review show to them badged, and are approved or rejected in place', async () => {
    const id = article('held');
    await postComment(t, a.reader('u-kim', 'Kim'), id, 'Kim on the harbour wall');
    await must(t.api('PATCH', `/articles/${enc(id)}`, { token: a.mod, body: { premoderation: true } }));
    const first = await postComment(t, a.reader('u-lou', 'Lou'), id, 'Lou waits for review');
    const second = await postComment(t, a.reader('u-max', 'Max'), id, 'Max waits for review too');
    expect([first.status, second.status]).toEqual(['pending', 'pending']);

    const readerPage = await open(a.reader('u-ned', 'Ned'), id);
    await card(readerPage, 'Kim on the harbour wall').waitFor();
    await expect(card(readerPage, 'waits for review').count()).resolves.toBe(0);

    const modPage = await open(a.mod, id);
    const lou = card(modPage, 'Lou waits for review');
    await lou.getByText('Awaiting moderation').waitFor();
    await card(modPage, 'Max waits for review').getByText('Awaiting moderation').waitFor();
    await noViolations(modPage, 'held in the stream');
    await shot(modPage, 'stream-mod-held');

    await more(modPage, 'Lou waits for review').click();
    await modPage.getByRole('button', { name: 'Approve', exact: true }).click();
    await lou.getByText('Approved: everyone can see this comment.').waitFor();
    await expect(lou.getByText('Awaiting moderation').count()).resolves.toBe(0);
    await readerPage.getByRole('button', { name: 'Show 1 new comment' }).click();
    await card(readerPage, 'Lou waits for review').waitFor();

    await more(modPage, 'Max waits for review').click();
    await modPage.getByRole('button', { name: 'Reject', exact: true }).click();
    await modPage.getByRole('button', { name: 'Reject comment' }).click();
    await card(modPage, 'Max waits for review').getByText('Not published').waitFor();
    const [row] = await t.ds.query(`SELECT status FROM comments WHERE id = $1`, [second.id]);
    expect(row.status).toBe('rejected');
    await expect(card(readerPage, 'Max waits for review').count()).resolves.toBe(0);
  });
});
