import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, openPage, startBrowserSuite } from '../support/browser-suite';
import { enc, must, patchSettings } from '../support/factories';
import { eventually, shot, signInModerator } from './browser';
import { DESKTOP, expectNoViolations, focused, PHONE, phoneShot } from './dashboard-helpers';

jest.setTimeout(180_000);

/** The moderator's desk in a real browser, from the keyboard: focus, rendered cards, reasons, undo, the log and the user panel. */
describe("moderator's desk (browser)", () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const trouble = { errors: [] as string[], dialogs: [] as string[] };
  let n = 0;

  const mod = (sub = 'mod-desk', name = 'Maya Moderator') => t.token({ sub, name, role: 'moderator' });
  const reader = (sub: string, name = sub) => t.token({ sub, name });

  beforeAll(async () => {
    ({ t, browser } = suite = await startBrowserSuite());
    await patchSettings(t, t.token({ sub: 'adm', name: 'Adm', role: 'admin' }), { rateLimits: { commentsPerMinute: 1000 } }).catch(() => undefined);
  });
  afterAll(() => suite?.close());
  afterEach(async () => {
    while (contexts.length) await contexts.pop()!.close();
    expect(trouble.errors).toEqual([]);
    expect(trouble.dialogs).toEqual([]);
  });

  /** A premoderated article with these comments held, each by its own author. */
  async function held(articleId: string, bodies: string[], title = `Story ${articleId}`): Promise<string[]> {
    await must(t.api('PATCH', `/articles/${enc(articleId)}`, { token: mod(), body: { premoderation: true, title, url: `https://news.example/${articleId}` } }));
    const ids: string[] = [];
    for (const body of bodies) {
      const sub = `u-desk-${++n}`;
      const res = await t.api('POST', `/articles/${enc(articleId)}/comments`, { token: reader(sub, `Reader ${n}`), body: { body } });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    return ids;
  }

  async function desk(token = mod(), viewport = DESKTOP): Promise<Page> {
    const { context, page } = await openPage(browser, viewport, trouble);
    contexts.push(context);
    await signInModerator(page, token);
    await page.goto(`${t.url}/moderate`);
    await page.locator('body[data-live="on"]').waitFor();
    await page.getByRole('tab', { name: /^Pending/ }).waitFor();
    return page;
  }

  /** Filters by article from the keyboard: `/`, the id, Enter. */
  async function filterTo(page: Page, articleId: string): Promise<void> {
    await page.keyboard.press('/');
    await page.keyboard.type(articleId);
    await page.keyboard.press('Enter');
    await page.getByText(`Showing article ${articleId} only.`).waitFor();
  }

  const item = (page: Page, text: string) => page.locator('article.item', { hasText: text });
  const logOf = async (id: string) => (await must(t.api('GET', `/moderation/log?commentId=${id}`, { token: mod() }))).items;

  it('keys 1–6 move focus to the new tab; after filtering, the next key is a shortcut, not typed into the filter', async () => {
    await held('desk-keys', ['First held for keys', 'Second held for keys']);
    const page = await desk();
    await page.getByRole('tab', { name: /^Pending/ }).focus();
    await page.keyboard.press('2');
    await expect(focused(page)).resolves.toMatch(/^button:Reported/);
    await expect(page.getByRole('tab', { name: /^Reported/ }).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('6');
    await expect(focused(page)).resolves.toMatch(/^button:Log/);
    await page.keyboard.press('1');
    await expect(focused(page)).resolves.toMatch(/^button:Pending/);

    await filterTo(page, 'desk-keys');
    await expect(focused(page)).resolves.toMatch(/^button:Pending/);
    await item(page, 'Second held for keys').waitFor();
    await page.keyboard.press('j');
    await expect(page.getByRole('textbox', { name: 'Filter by article' }).inputValue()).resolves.toBe('desk-keys');
    await expect(item(page, 'First held for keys').getAttribute('aria-current')).resolves.toBe('true');
    await page.keyboard.press('j');
    await expect(item(page, 'Second held for keys').getAttribute('aria-current')).resolves.toBe('true');
  });

  it('cards show the rendered, safe HTML with working links and a link in place; compact cards are shorter', async () => {
    const [id] = await held('desk-html', ['Some **bold** words and a [source](https://example.org/src) <img src=x onerror=alert(1)>']);
    const approved = await t.api('POST', '/articles/desk-html/comments', { token: reader('u-desk-html-2', 'Pia'), body: { body: 'Published one' } });
    await must(t.api('POST', `/moderation/comments/${approved.body.id}/approve`, { token: mod() }));
    const page = await desk();
    await filterTo(page, 'desk-html');
    const card = item(page, 'bold');
    await card.waitFor();
    await expect(card.locator('.text strong').textContent()).resolves.toBe('bold');
    const link = card.locator('.text a', { hasText: 'source' });
    await expect(link.getAttribute('href')).resolves.toBe('https://example.org/src');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(card.locator('.text').textContent()).resolves.not.toContain('**');
    await expect(card.locator('.text img').count()).resolves.toBe(0);
    await expect(card.getByRole('link', { name: 'Story desk-html' }).getAttribute('href')).resolves.toBe('https://news.example/desk-html');

    const full = (await card.boundingBox())!.height;
    await page.keyboard.press('c');
    await expect(page.getByRole('button', { name: 'Compact cards' }).getAttribute('aria-pressed')).resolves.toBe('true');
    const compact = (await card.boundingBox())!.height;
    expect(compact).toBeLessThan(full * 0.75);
    await shot(page, 'desk-compact');
    // Remembered on the next visit.
    await page.reload();
    await page.getByRole('tab', { name: /^Pending/ }).waitFor();
    await expect(page.getByRole('button', { name: 'Compact cards' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await page.getByRole('button', { name: 'Compact cards' }).click();

    await page.keyboard.press('4');
    const pub = item(page, 'Published one');
    await pub.waitFor();
    await expect(pub.getByRole('link', { name: 'View in place' }).getAttribute('href')).resolves.toBe(
      `https://news.example/desk-html#comment-${approved.body.id}`,
    );
    expect(id).toBeTruthy();
  });

  it('reject asks for a reason from the keyboard; the notice offers Undo, and z undoes it where it happened', async () => {
    const [a, b, c] = await held('desk-reject', ['Reject me with a reason', 'Stay where you are', 'Third in line']);
    const page = await desk();
    await filterTo(page, 'desk-reject');
    await item(page, 'Third in line').waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('r');
    const reason = page.getByRole('combobox', { name: 'Reason for rejecting (optional)' });
    await expect(reason.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    // Esc goes back without rejecting.
    await page.keyboard.press('Escape');
    await expect(reason.count()).resolves.toBe(0);
    await expect(focused(page)).resolves.toMatch(/^article:/);
    await page.keyboard.press('r');
    await page.keyboard.type('Spam or advertising');
    await expect(expectNoViolations(page)).resolves.toBeUndefined();
    await shot(page, 'desk-reject-reason');
    await page.keyboard.press('Enter');
    await item(page, 'Reject me with a reason').waitFor({ state: 'detached' });
    const toast = page.getByRole('region', { name: 'Last decision' });
    await toast.getByText('Rejected the comment by').waitFor();
    await expect(toast.isVisible()).resolves.toBe(true);
    await expect(expectNoViolations(page)).resolves.toBeUndefined();
    await shot(page, 'desk-undo-toast');
    expect((await logOf(a))[0]).toMatchObject({ action: 'reject', reason: 'Spam or advertising', actorId: 'mod-desk' });
    await expect(item(page, 'Stay where you are').getAttribute('aria-current')).resolves.toBe('true');

    await page.keyboard.press('z');
    const back = item(page, 'Reject me with a reason');
    await back.waitFor();
    await expect(back.getAttribute('aria-current')).resolves.toBe('true');
    await expect(page.locator('article.item h3').allTextContents()).resolves.toEqual([
      'Comment by Reader ' + (n - 2),
      'Comment by Reader ' + (n - 1),
      'Comment by Reader ' + n,
    ]);
    await expect(toast.isVisible()).resolves.toBe(false);
    expect((await logOf(a)).map((e: any) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ['undo', 'rejected', 'pending'],
      ['reject', 'pending', 'rejected'],
    ]);

    // Bulk: select two, approve them with Shift+A, undo with the notice's button.
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('Shift+A');
    await item(page, 'Stay where you are').waitFor({ state: 'detached' });
    await toast.getByText('2 comments approved.').waitFor();
    await toast.getByRole('button', { name: 'Undo' }).click();
    await item(page, 'Stay where you are').waitFor();
    await item(page, 'Reject me with a reason').waitFor();
    for (const id of [a, b]) expect((await logOf(id))[0].action).toBe('undo');
    expect((await must(t.api('GET', '/moderation/counts?articleId=desk-reject', { token: mod() }))).pending).toBe(3);
    expect(c).toBeTruthy();
  });

  it('undo under two moderators: the second sees the item leave and come back live', async () => {
    await held('desk-two', ['Decided then undone']);
    const a = await desk(mod('mod-a', 'Alma'));
    const b = await desk(mod('mod-b', 'Bert'));
    await filterTo(a, 'desk-two');
    await filterTo(b, 'desk-two');
    await item(b, 'Decided then undone').waitFor();
    await item(a, 'Decided then undone').getByRole('button', { name: 'Approve' }).click();
    const there = item(b, 'Decided then undone');
    await there.getByText('Handled by a colleague').waitFor();
    await there.waitFor({ state: 'detached' });
    await a.getByRole('region', { name: 'Last decision' }).getByRole('button', { name: 'Undo' }).click();
    await item(b, 'Decided then undone').waitFor();
    await item(a, 'Decided then undone').waitFor();
    await eventually(
      () => b.getByRole('tab', { name: /^Pending/ }).textContent(),
      (text) => expect(text).toMatch(/1$/),
    );
  });

  it('the Rejected tab says who rejected, why, and the reports and notes it had; reported items show readers’ notes', async () => {
    await must(t.api('PATCH', '/articles/desk-rep', { token: mod(), body: { title: 'Reported story', url: 'https://news.example/desk-rep' } }));
    const c1 = (await t.api('POST', '/articles/desk-rep/comments', { token: reader('u-desk-rep-1', 'Rex'), body: { body: 'Buy cheap pills here' } })).body;
    const c2 = (await t.api('POST', '/articles/desk-rep/comments', { token: reader('u-desk-rep-2', 'Rue'), body: { body: 'A rude remark' } })).body;
    await t.api('POST', `/comments/${c1.id}/reports`, { token: reader('u-desk-rep-3'), body: { reason: 'spam', note: 'advert for pills' } });
    await t.api('POST', `/comments/${c2.id}/reports`, { token: reader('u-desk-rep-3'), body: { reason: 'abuse', note: 'insults the author' } });
    const page = await desk();
    await filterTo(page, 'desk-rep');
    await page.keyboard.press('2');
    const rep = item(page, 'Buy cheap pills here');
    await rep.waitFor();
    await rep.getByText('advert for pills').waitFor();
    await expect(expectNoViolations(page)).resolves.toBeUndefined();
    await rep.getByRole('button', { name: 'Reject' }).click();
    await page.getByRole('combobox', { name: 'Reason for rejecting (optional)' }).fill('selling pills');
    await page.getByRole('button', { name: 'Reject comment' }).click();
    await rep.waitFor({ state: 'detached' });
    await page.keyboard.press('5');
    const rejected = item(page, 'Buy cheap pills here');
    await rejected.waitFor();
    await rejected.getByText('Rejected by Maya Moderator').waitFor();
    await rejected.getByText('selling pills').waitFor();
    await rejected.getByText('spam 1').waitFor();
    await rejected.getByText('advert for pills').waitFor();
    await expect(rejected.getByText('no automatic reasons').count()).resolves.toBe(0);
    await shot(page, 'desk-rejected');
  });

  it('a ban that rejects pending comments leaves no ghost; the user panel shows counts and the role apart', async () => {
    await must(t.api('PATCH', '/articles/desk-ban', { token: mod(), body: { premoderation: true } }));
    const troll = reader('u-desk-troll', 'Troll');
    for (const body of ['Troll one', 'Troll two'])
      expect((await t.api('POST', '/articles/desk-ban/comments', { token: troll, body: { body } })).status).toBe(201);
    await held('desk-ban', ['Innocent bystander']);
    const page = await desk();
    await filterTo(page, 'desk-ban');
    await item(page, 'Troll two').waitFor();
    // Records any "colleague" note, however briefly it shows.
    await page.evaluate(() => {
      (window as any).__ghosts = 0;
      new MutationObserver(() => {
        if (document.querySelector('article.item.gone')) (window as any).__ghosts++;
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.keyboard.press('j');
    await page.keyboard.press('u');
    const panel = page.locator('aside.panel');
    await panel.getByRole('heading', { name: 'User: Troll' }).waitFor();
    await expect(panel.locator('dt', { hasText: 'Comments' }).locator('+ dd').textContent()).resolves.toBe('0 approved · 0 rejected');
    await expect(panel.locator('dt', { hasText: 'Role' }).locator('+ dd').textContent()).resolves.toBe('reader');
    await panel.getByRole('textbox', { name: 'Reason for the ban' }).fill('trolling');
    await panel.getByRole('checkbox', { name: 'Also reject their pending comments' }).check();
    await panel.getByRole('button', { name: 'Ban user' }).click();
    await item(page, 'Troll one').waitFor({ state: 'detached' });
    await item(page, 'Troll two').waitFor({ state: 'detached' });
    await panel.getByText('0 approved · 2 rejected').waitFor();
    await item(page, 'Innocent bystander').waitFor();
    // Long enough for a late queue.removed to have drawn a note.
    await page.waitForTimeout(1000);
    await expect(page.evaluate(() => (window as any).__ghosts)).resolves.toBe(0);
  });

  it('a ban offers Undo in the notice: the comments it rejected come back (on screen and off) and the ban is lifted', async () => {
    const troll = reader('u-desk-troll-undo', 'Trudy');
    await must(t.api('PATCH', '/articles/desk-ban-undo-pub', { token: mod(), body: { premoderation: false } }));
    const published = (await t.api('POST', '/articles/desk-ban-undo-pub/comments', { token: troll, body: { body: 'Trudy published elsewhere' } })).body;
    expect(published.status).toBe('approved');
    await must(t.api('PATCH', '/articles/desk-ban-undo', { token: mod(), body: { premoderation: true } }));
    const heldIds: string[] = [];
    for (const body of ['Trudy held one', 'Trudy held two'])
      heldIds.push((await t.api('POST', '/articles/desk-ban-undo/comments', { token: troll, body: { body } })).body.id);
    await held('desk-ban-undo', ['Bystander between them']);
    const page = await desk();
    await filterTo(page, 'desk-ban-undo');
    await item(page, 'Trudy held two').waitFor();
    const order = () => page.locator('article.item').evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
    const before = await order();
    await item(page, 'Trudy held one').getByRole('button', { name: 'User panel' }).click();
    const panel = page.locator('aside.panel');
    await panel.getByRole('heading', { name: 'User: Trudy' }).waitFor();
    await panel.getByRole('textbox', { name: 'Reason for the ban' }).fill('spam');
    await panel.getByRole('checkbox', { name: 'Also reject their pending comments' }).check();
    await panel.getByRole('checkbox', { name: 'Also reject their published comments' }).check();
    await panel.getByRole('button', { name: 'Ban user' }).click();
    await item(page, 'Trudy held one').waitFor({ state: 'detached' });
    const toast = page.getByRole('region', { name: 'Last decision' });
    await toast.getByText('Banned Trudy; 3 comments rejected.').waitFor();
    await expect(expectNoViolations(page)).resolves.toBeUndefined();
    await shot(page, 'desk-ban-undo-toast');
    // From the keyboard: Esc leaves the panel, z undoes while the notice shows.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    // The button that opened the panel went with its item: focus goes to the queue's tab, not left on the
    // hidden panel (from where, until the browser moved it, z was ignored).
    await expect(focused(page)).resolves.toMatch(/^button:Pending/);
    await page.keyboard.press('z');
    // Back where they were, and the one published on another article is published again.
    await eventually(order, (ids) => expect(ids).toEqual(before), 15_000);
    const state = () => t.ds.query<{ id: string; status: string }[]>(`SELECT id, status FROM comments WHERE author_id = 'u-desk-troll-undo' ORDER BY id`);
    await eventually(state, (rows) =>
      expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [published.id]: 'approved', [heldIds[0]]: 'pending', [heldIds[1]]: 'pending' }),
    );
    await eventually(
      async () => (await must(t.api('GET', '/moderation/users/u-desk-troll-undo', { token: mod() }))).user.status,
      (s) => expect(s).toBe('active'),
    );
    await page.keyboard.press('u');
    await panel.locator('dt', { hasText: 'Status' }).locator('+ dd', { hasText: 'active' }).waitFor();
    for (const id of [published.id, ...heldIds]) expect((await logOf(id))[0]).toMatchObject({ action: 'undo', reason: 'reject undone' });
    const sanctions = (await must(t.api('GET', '/moderation/log?userId=u-desk-troll-undo', { token: mod() }))).items.filter((l: any) =>
      l.action.startsWith('user.'),
    );
    expect(sanctions.map((l: any) => l.action)).toEqual(['user.undo', 'user.ban']);
  });

  it('the log names people, quotes comments, links articles, says what feature did, and filters from the form', async () => {
    const [id] = await held('desk-log', ['A comment worth featuring in the log'], 'The logged story');
    await must(t.api('POST', `/moderation/comments/${id}/approve`, { token: mod() }));
    await must(t.api('POST', `/moderation/comments/${id}/feature`, { token: mod() }));
    const page = await desk();
    await page.keyboard.press('6');
    const table = page.getByRole('table', { name: 'Moderation log' });
    await table.waitFor();
    const featureRow = table.locator('tr', { hasText: 'feature' }).first();
    await featureRow.getByText('Maya Moderator').waitFor();
    await featureRow.getByText('not featured → featured').waitFor();
    await expect(featureRow.getByText('approved → approved').count()).resolves.toBe(0);
    await expect(featureRow.getByRole('link', { name: /A comment worth featuring/ }).getAttribute('href')).resolves.toBe(
      `https://news.example/desk-log#comment-${id}`,
    );
    await expect(featureRow.getByRole('link', { name: 'The logged story' }).getAttribute('href')).resolves.toBe('https://news.example/desk-log');
    await expect(table.getByText(/comment [0-9a-f]{8}/).count()).resolves.toBe(0);

    await page.getByRole('combobox', { name: 'Action' }).selectOption('feature');
    await page.getByRole('textbox', { name: 'Article id' }).fill('desk-log');
    await page.getByRole('button', { name: 'Apply' }).click();
    await eventually(
      () => table.locator('tbody tr').allTextContents(),
      (rows) => {
        expect(rows).toHaveLength(1);
        expect(rows[0]).toContain('not featured → featured');
      },
    );
    await expect(expectNoViolations(page)).resolves.toBeUndefined();
    await shot(page, 'desk-log');
    // The user named in the log opens the user panel.
    await table
      .getByRole('button', { name: /Reader/ })
      .first()
      .click();
    await page.locator('aside.panel h2', { hasText: 'User: Reader' }).waitFor();
  });

  it('search from the keyboard: s, words, Enter; results take the same keys; o opens one comment with its history', async () => {
    const [heldId] = await held('desk-search', ['The walrus escaped from the zoo']);
    const pub = (
      await t.api('POST', '/articles/desk-search-2/comments', { token: reader('u-desk-s2', 'Walt'), body: { body: 'Two walruses seen on the beach' } })
    ).body;
    await held('desk-search', ['Nothing about that animal here']);
    const page = await desk();
    await page.keyboard.press('s');
    await expect(focused(page)).resolves.toMatch(/^input:Search comments/);
    await page.keyboard.type('walrus');
    await page.keyboard.press('Enter');
    // The visible note under the form (the same words are also announced in the status region).
    await page
      .locator('p.searchnote')
      .getByText(/^Search results for “walrus”\./)
      .waitFor();
    const results = page.locator('article.item');
    await eventually(
      () => results.evaluateAll((els) => els.map((el) => el.getAttribute('data-id'))),
      (ids) => expect(ids).toEqual([heldId, pub.id].sort().reverse()),
    );
    await expect(results.first().getAttribute('aria-current')).resolves.toBe('true');
    await expect(expectNoViolations(page)).resolves.toBeUndefined();
    await shot(page, 'desk-search');
    // Approving a result keeps it in the results, as it now is.
    const heldCard = page.locator(`article.item[data-id="${heldId}"]`);
    await heldCard.focus();
    await page.keyboard.press('a');
    await heldCard.locator('.badge', { hasText: 'approved' }).waitFor();
    await page.keyboard.press('o');
    await page.getByText('One comment, with its history').waitFor();
    const history = page.locator('li.focuslog');
    await history.getByText(/approve \(pending → approved\) · Maya Moderator/).waitFor();
    await expect(page.locator('article.item').count()).resolves.toBe(1);
    await page.keyboard.press('1');
    await expect(page.getByText('One comment, with its history').isVisible()).resolves.toBe(false);
    await expect(focused(page)).resolves.toMatch(/^button:Pending/);
  });

  it('a staff note written in the user panel is read by a colleague', async () => {
    await held('desk-note', ['Held from a user worth a note']);
    const a = await desk(mod('mod-na', 'Nell'));
    await filterTo(a, 'desk-note');
    await item(a, 'worth a note').waitFor();
    await a.keyboard.press('j');
    await a.keyboard.press('u');
    const panel = a.locator('aside.panel');
    await panel.getByText('No notes yet.').waitFor();
    await panel.getByRole('textbox', { name: 'Add a note' }).fill('Asked by email to keep it civil');
    await panel.getByRole('button', { name: 'Save note' }).click();
    await panel.locator('ul.notes', { hasText: 'Asked by email to keep it civil' }).getByText('Nell').waitFor();
    await expect(expectNoViolations(a)).resolves.toBeUndefined();
    await shot(a, 'desk-note');

    const b = await desk(mod('mod-nb', 'Otto'));
    await filterTo(b, 'desk-note');
    await item(b, 'worth a note').getByRole('button', { name: 'User panel' }).click();
    await b.locator('aside.panel ul.notes').getByText('Asked by email to keep it civil').waitFor();
  });

  it('on a phone: cards, the reason form, the notice and the log fit the screen', async () => {
    await held('desk-phone', ['A held comment read on a phone, with a [link](https://example.org/phone)']);
    const page = await desk(mod(), PHONE);
    await filterTo(page, 'desk-phone');
    await item(page, 'read on a phone').waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('r');
    await phoneShot(page, 'desk-phone-reason');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Last decision' }).waitFor();
    await phoneShot(page, 'desk-phone-toast');
    await expect(expectNoViolations(page)).resolves.toBeUndefined();
    await page.keyboard.press('6');
    await page.getByRole('table', { name: 'Moderation log' }).waitFor();
    await expect(expectNoViolations(page)).resolves.toBeUndefined();
  });
});
