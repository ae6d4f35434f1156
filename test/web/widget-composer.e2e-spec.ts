/**
 * The composer's help (issue 12): a Preview that shows the text as the service will publish it
 * (POST /comments/preview, the service's own markdown and sanitizer), the site's community
 * guidelines above the form (the `guidelines` setting, edited on the dashboard's Settings
 * screen), and a reader who may not post (banned, suspended) offered no Reply, Like or Report.
 * API checks, then chromium at desktop and phone size, with axe and screenshots.
 */
import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, Publisher, startBrowserSuite } from '../support/browser-suite';
import { makeStaff } from '../staff/staff-helpers';
import { Actors, actors, article, commentRowCount, must, patchSettings, postComment, text } from '../support/factories';
import { scan, WIDGET } from './axe';
import { card, eventually, shot, signInReader, widgetReady } from './browser';
import { signInWithPassword } from './dashboard-helpers';
import { pagesPerTest, type Viewport } from './fresh-pages';

jest.setTimeout(180_000);

const PHONE = { width: 390, height: 844 };
const GUIDE = 'Be **kind**. Stay on topic.\n\n> Argue with ideas, not people.\n\nRead the [house rules](https://news.example/rules).';

describe('embed widget: preview, guidelines, and who may act', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let a: Actors;
  let site: Publisher;
  let page: Page;
  const newPage = pagesPerTest(() => suite.browser, { viewport: { width: 1000, height: 900 }, timeout: 30_000 });

  beforeAll(async () => {
    ({ t, site } = suite = await startBrowserSuite());
    a = actors(t);
    await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 1000 } });
  });
  afterAll(() => suite?.close());

  const open = async (viewport?: Viewport) => {
    page = await newPage(viewport);
  };

  const noViolations = async (label: string) => expect({ label, v: await scan(page, WIDGET) }).toEqual({ label, v: [] });
  const preview = (body: unknown, token?: string) => t.api('POST', '/comments/preview', { body, token });

  describe('POST /comments/preview', () => {
    it('renders as posting would, anonymously, and stores nothing', async () => {
      const before = await commentRowCount(t);
      const body = 'Hello **there**, see https://example.com/a?b=1\n> quoted\n<script>alert(1)</script> <img src=x onerror=alert(1)>';
      const anon = await preview({ body });
      expect(anon.status).toBe(200);
      expect(anon.body).toEqual({ html: expect.any(String) });
      expect(anon.body.html).toContain('<strong>there</strong>');
      expect(anon.body.html).toContain('<a href="https://example.com/a?b=1" rel="nofollow ugc noopener">');
      expect(anon.body.html).toContain('<blockquote>');
      expect(anon.body.html).not.toMatch(/<script|<img/);
      // Exactly what the published comment carries as its html.
      const posted = await postComment(t, a.reader('u-pv', 'Pv'), article('preview'), body);
      expect(anon.body.html).toBe(posted.html);
      const signedIn = await must(preview({ body }, a.reader('u-pv', 'Pv')));
      expect(signedIn.html).toBe(posted.html);
      expect(await commentRowCount(t)).toBe(before + 1);
    });

    it('refuses bad input with 400 and its code', async () => {
      const cases: [unknown, number, string][] = [
        [{ body: '   \u200b ' }, 400, 'COMMENT_EMPTY'],
        [{ body: '&#8203;' }, 400, 'COMMENT_EMPTY'],
        [{ body: 'abc \u202e evil' }, 400, 'COMMENT_BIDI_CONTROL'],
        [{}, 400, 'VALIDATION_FAILED'],
        [{ body: 42 }, 400, 'VALIDATION_FAILED'],
        [{ body: 'x', extra: 1 }, 400, 'VALIDATION_FAILED'],
        [{ body: 'x'.repeat(20001) }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const res = await preview(body);
        expect({ body: JSON.stringify(body).slice(0, 40), status: res.status, code: res.body.code }).toEqual({
          body: JSON.stringify(body).slice(0, 40),
          status,
          code,
        });
      }
      // The site's own length limit, as for posting.
      await patchSettings(t, a.admin, { maxLength: 10 });
      try {
        expect((await preview({ body: 'x'.repeat(11) })).body.code).toBe('COMMENT_TOO_LONG');
        expect((await preview({ body: 'x'.repeat(10) })).status).toBe(200);
      } finally {
        await patchSettings(t, a.admin, { maxLength: 5000 });
      }
      expect((await t.api('POST', '/comments/preview', { raw: 'body=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    });

    it('is rate limited like every write: per address without a token, with Retry-After', async () => {
      await patchSettings(t, a.admin, { rateLimits: { writesPerMinute: 3 } });
      try {
        const answers: number[] = [];
        for (let i = 0; i < 5; i++) answers.push((await preview({ body: `try ${i}` })).status);
        expect(answers.slice(0, 3)).toEqual([200, 200, 200]);
        const limited = await preview({ body: 'once more' });
        expect(limited.status).toBe(429);
        expect(limited.body.code).toBe('RATE_LIMITED');
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        // Writes budgets are kept per budget size: 1000 is a fresh one.
        await patchSettings(t, a.admin, { rateLimits: { writesPerMinute: 1000 } });
      }
    });
  });

  describe('the guidelines setting', () => {
    it('is an admin setting, validated, logged, and public as sanitized HTML in the reader config', async () => {
      expect((await must(t.api('GET', '/config'))).guidelinesHtml).toBe('');
      expect((await t.api('PATCH', '/settings', { token: a.admin, body: { guidelines: 'x'.repeat(4001) } })).status).toBe(400);
      expect((await t.api('PATCH', '/settings', { token: a.admin, body: { guidelines: null } })).status).toBe(400);
      expect((await t.api('PATCH', '/settings', { token: a.mod, body: { guidelines: 'mine' } })).status).toBe(403);
      const s = await patchSettings(t, a.admin, { guidelines: `${GUIDE}\n<script>alert(1)</script>` });
      expect(s.guidelines).toBe(`${GUIDE}\n<script>alert(1)</script>`);
      const cfg = await must(t.api('GET', '/config'));
      expect(cfg.guidelinesHtml).toContain('<strong>kind</strong>');
      expect(cfg.guidelinesHtml).toContain('<a href="https://news.example/rules" rel="nofollow ugc noopener">house rules</a>');
      expect(cfg.guidelinesHtml).not.toContain('<script');
      expect((await must(t.api('GET', `/articles/${article('g')}/config`))).guidelinesHtml).toBe(cfg.guidelinesHtml);
      const log = await must(t.api('GET', '/moderation/log?limit=5', { token: a.admin }));
      expect(JSON.stringify(log)).toContain('guidelines: added');
      await patchSettings(t, a.admin, { guidelines: '' });
      expect((await must(t.api('GET', '/config'))).guidelinesHtml).toBe('');
    });
  });

  describe('in the browser', () => {
    it('shows the guidelines folded above the form and a preview of exactly what gets published', async () => {
      await patchSettings(t, a.admin, { guidelines: GUIDE });
      const id = article('composer');
      await open();
      await signInReader(page, a.reader('u-writer', 'Wren Writer'));
      await page.goto(site.article(id));
      await widgetReady(page);
      const guide = page.locator('#parley-comments details.guide');
      await guide.getByText('Community guidelines').waitFor();
      await expect(guide.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
      await guide.getByText('Community guidelines').click();
      await guide.getByRole('link', { name: 'house rules' }).waitFor();
      await expect(guide.locator('strong').textContent()).resolves.toBe('kind');

      const box = page.getByRole('textbox', { name: 'Write a comment' });
      const body = 'Ferries are **great**, and *cheap*.\n> the jetty costs £2.1m\nMore at https://example.com/ferry <b>bold</b> <script>x()</script>';
      await box.fill(body);
      const toggle = page.getByRole('button', { name: 'Preview', exact: true });
      await toggle.click();
      await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
      const panel = page.getByRole('region', { name: 'Preview: your comment as it will be published' });
      await panel.locator('strong', { hasText: 'great' }).waitFor();
      await noViolations('preview');
      await shot(page, 'w1-composer-preview');
      // It follows the typing.
      await box.fill(`${body}\nAnd a _last_ line.`);
      await panel.locator('em', { hasText: 'last' }).waitFor();
      const shown = await panel.locator('.body').innerHTML();
      await page.getByRole('button', { name: 'Post comment' }).click();
      const posted = card(page, 'Ferries are');
      await posted.waitFor();
      // What the preview showed is what was published, to the markup.
      await expect(posted.locator('.body').innerHTML()).resolves.toBe(shown);
      await expect(panel.isVisible()).resolves.toBe(false);
      await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
      // Nothing typed: said so, no request refused in sight.
      await toggle.click();
      await panel.getByText('Nothing to preview yet.').waitFor();
      await noViolations('preview-empty');

      // Without guidelines there is no box.
      await patchSettings(t, a.admin, { guidelines: '' });
      const other = article('composer-none');
      await page.goto(site.article(other));
      await widgetReady(page);
      await page.getByRole('textbox', { name: 'Write a comment' }).waitFor();
      await eventually(
        () => page.locator('#parley-comments details.guide').isVisible(),
        (v) => expect(v).toBe(false),
      );
    });

    it('on a phone: guidelines and preview fit, targets are 44 px, no violations', async () => {
      await patchSettings(t, a.admin, { guidelines: GUIDE });
      const id = article('composer-phone');
      await postComment(t, a.reader('u-other', 'Otto'), id, text('a comment to read'));
      await open(PHONE);
      await signInReader(page, a.reader('u-phone', 'Pho Ne'));
      await page.goto(site.article(id));
      await widgetReady(page);
      await page.locator('#parley-comments details.guide summary').click();
      await page.getByRole('textbox', { name: 'Write a comment' }).fill('On the **bus** home.');
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await page.locator('#parley-comments .preview strong', { hasText: 'bus' }).waitFor();
      const sizes = await page
        .locator('#parley-comments details.guide summary, #parley-comments form button')
        .evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent).map((e) => Math.round(e.getBoundingClientRect().height)));
      expect(sizes.length).toBeGreaterThan(1);
      expect(sizes.filter((px) => px < 44)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
      await noViolations('phone');
      await shot(page, 'w1-composer-phone');
      await patchSettings(t, a.admin, { guidelines: '' });
    });

    it('a banned or suspended reader is offered no Reply, Like or Report, and is told why before typing', async () => {
      const id = article('barred');
      const other = await postComment(t, a.reader('u-ok', 'Okka'), id, text('a published comment'));
      await must(t.api('PUT', `/comments/${other.id}/reactions/like`, { token: a.reader('u-liker', 'Liker') }));
      const own = await postComment(t, a.reader('u-barred', 'Barry'), id, text('my own comment'));
      await must(
        t.api('POST', '/moderation/users/u-barred/suspend', {
          token: a.mod,
          body: { until: new Date(Date.now() + 86400_000).toISOString(), reason: 'cool off' },
        }),
      );
      await open();
      await signInReader(page, a.reader('u-barred', 'Barry'));
      await page.goto(site.article(id));
      await widgetReady(page);
      await page.getByText(/Your account cannot post comments until .+\. You can still read the conversation\./).waitFor();
      await expect(page.getByRole('textbox', { name: 'Write a comment' }).count()).resolves.toBe(0);
      const theirs = card(page, 'a published comment');
      await theirs.getByText('1 like').waitFor();
      for (const name of [/^Reply$/, /^Like/, /^Report$/]) await expect(theirs.getByRole('button', { name }).count()).resolves.toBe(0);
      await theirs.getByRole('button', { name: 'Copy link' }).waitFor();
      // Their own comment: no Edit (the service would refuse it), Delete stays.
      const mine = card(page, 'my own comment');
      await mine.getByRole('button', { name: 'Delete' }).waitFor();
      await expect(mine.getByRole('button', { name: 'Edit' }).count()).resolves.toBe(0);
      await noViolations('suspended');
      await shot(page, 'w1-reader-suspended-actions');

      // Signed in as someone in good standing, the buttons are back (the same page, a new token).
      await page.evaluate((tok) => (window as any).Parley.setToken(tok), a.reader('u-fine2', 'Fina'));
      await theirs.getByRole('button', { name: /^Reply$/ }).waitFor();
      await theirs.getByRole('button', { name: /^Like/ }).waitFor();
      await theirs.getByRole('button', { name: /^Report$/ }).waitFor();
      await page.getByRole('textbox', { name: 'Write a comment' }).waitFor();
      expect(own.id).toBeTruthy();
    });
  });

  describe('the dashboard', () => {
    it("the Settings screen edits the guidelines; readers' config has them at once", async () => {
      const password = 'owner password of some length';
      const owner = await makeStaff(t.ds, { name: 'Gwen Guide', owner: true, password });
      await open({ width: 1200, height: 900 });
      await signInWithPassword(page, t.url, owner.email, password);
      await page.getByRole('link', { name: 'Settings' }).click();
      const field = page.getByRole('textbox', { name: 'Community guidelines' });
      await field.waitFor();
      await field.fill('Please be **civil**.');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await shot(page, 'w1-dashboard-guidelines-saving');
      await page
        .locator('.savebar .msg.ok')
        .getByText(/^Settings saved at/)
        .waitFor();
      expect((await must(t.api('GET', '/config'))).guidelinesHtml).toBe('<p>Please be <strong>civil</strong>.</p>');
      expect((await scan(page)).map((v) => v.id)).toEqual([]);
      await shot(page, 'w1-dashboard-guidelines');
      await patchSettings(t, a.admin, { guidelines: '' });
    });
  });
});
