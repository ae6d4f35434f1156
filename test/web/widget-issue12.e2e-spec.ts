/**
 * Issue 12's remaining browser checks: right-to-left pages, 44 px touch targets for every control
 * a phone reader meets (forms, menus, the report form, a moderator's tools), and the Preview in a
 * reply form; each state screenshot into test-artifacts/ and scanned by axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, Publisher, startBrowserSuite } from '../support/browser-suite';
import { actors, Actors, article, must, patchSettings, postComment, text } from '../support/factories';
import { scan, WIDGET } from './axe';
import { card, shot, signInReader, widgetReady } from './browser';

jest.setTimeout(180_000);

describe('embed widget: issue 12 checks', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let a: Actors;
  let site: Publisher;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ t, site, browser } = suite = await startBrowserSuite());
    a = actors(t);
    await patchSettings(t, a.admin, { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 1000 } });
  });
  afterAll(() => suite?.close());
  afterEach(async () => {
    expect(errors).toEqual([]);
    await context?.close();
  });

  /** A fresh page; `rtl` makes the publisher's article a right-to-left (Arabic) page. */
  const open = async (viewport: { width: number; height: number }, o: { rtl?: boolean; phone?: boolean } = {}) => {
    errors = [];
    context = await browser.newContext({ viewport, ...(o.phone ? { hasTouch: true, isMobile: true } : {}) });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => errors.push(e.message));
    // The page's own <html> turns right to left as the parser makes it, before any script runs (a rewritten response would lose the test origin's loopback access).
    if (o.rtl)
      await page.addInitScript(() => {
        const turn = () => {
          const html = document.documentElement;
          if (!html) return false;
          html.lang = 'ar';
          html.dir = 'rtl';
          return true;
        };
        if (!turn()) new MutationObserver((_, obs) => turn() && obs.disconnect()).observe(document, { childList: true });
      });
  };
  const noViolations = async (label: string) => expect({ label, v: await scan(page, WIDGET) }).toEqual({ label, v: [] });
  const more = (cardText: string) => card(page, cardText).getByRole('button', { name: 'More actions' });

  /** Every control shown in the widget (buttons, selects, fields, links, and the labels of boxes and radios), with its size and place. */
  const controls = () =>
    page.locator('#parley-comments').evaluate((host) => {
      const root = host.shadowRoot!;
      const shown = (el: Element) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed';
      const targets = Array.from(root.querySelectorAll('button, select, textarea, input, a[href], summary'))
        .filter((el) => shown(el) && !el.classList.contains('skip'))
        .map((el) => {
          const input = el as HTMLInputElement;
          // A radio or checkbox is pressed through its label.
          const target = (input.type === 'radio' || input.type === 'checkbox') && input.closest('label') ? input.closest('label')! : el;
          const r = target.getBoundingClientRect();
          const tag = el.tagName.toLowerCase();
          const name = el.getAttribute('aria-label') || target.textContent?.trim().slice(0, 40) || (el as HTMLInputElement).name || tag;
          return { what: `${tag} ${name}`, inline: getComputedStyle(el).display === 'inline', left: r.left, right: r.right, width: r.width, height: r.height };
        });
      return { box: host.getBoundingClientRect().toJSON() as DOMRect, targets };
    });
  /** Controls smaller than 44 x 44 CSS px (links inside comment text are part of a sentence, as WCAG 2.5.5 allows). */
  const small = async () =>
    (await controls()).targets
      .filter((c) => !(c.what.startsWith('a ') && c.inline))
      .filter((c) => c.height < 44 || c.width < 44)
      .map((c) => c.what);

  it('a right-to-left page: the widget runs right to left, replies indent from the right, nothing is clipped, arrows follow the reading order', async () => {
    const id = article('rtl');
    const root = await postComment(t, a.reader('u-rtl-a', 'Amal'), id, text('first comment, on the right'));
    await postComment(t, a.reader('u-rtl-b', 'Bilal'), id, text('a reply, indented from the right'), { parentId: root.id });
    for (const [viewport, name] of [
      [{ width: 1000, height: 900 }, 'issue12-rtl'],
      [{ width: 390, height: 844 }, 'issue12-rtl-phone'],
    ] as const) {
      await open(viewport, { rtl: true, phone: viewport.width < 500 });
      await signInReader(page, a.reader('u-rtl-c', 'Chadi'));
      await page.goto(site.article(id));
      await widgetReady(page);
      const reply = card(page, 'a reply, indented');
      await reply.waitFor();
      await expect(page.locator('#parley-comments section.parley').evaluate((el) => getComputedStyle(el).direction)).resolves.toBe('rtl');

      // The thread line and indent sit on the right, where an RTL reader starts reading.
      const replies = page.locator('#parley-comments ol.replies').first();
      const side = await replies.evaluate((el) => {
        const s = getComputedStyle(el);
        return { right: s.borderRightWidth, left: s.borderLeftWidth, marginRight: s.marginRight, marginLeft: s.marginLeft };
      });
      expect(side).toEqual({ right: '2px', left: '0px', marginRight: expect.not.stringMatching(/^0px$/), marginLeft: '0px' });
      const parentBox = (await card(page, 'first comment, on the right').boundingBox())!;
      const replyBox = (await reply.boundingBox())!;
      expect(replyBox.x + replyBox.width).toBeLessThan(parentBox.x + parentBox.width - 10);

      // Every control lies inside the widget, and the page does not scroll sideways.
      const { box, targets } = await controls();
      expect(targets.length).toBeGreaterThan(5);
      expect(targets.filter((c) => c.left < box.left - 1 || c.right > box.right + 1).map((c) => c.what)).toEqual([]);
      await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);

      // The reply form's buttons fit too.
      await card(page, 'first comment, on the right').getByRole('button', { name: 'Reply' }).click();
      await page.getByRole('button', { name: 'Post reply' }).waitFor();
      const withForm = await controls();
      expect(withForm.targets.filter((c) => c.left < withForm.box.left - 1 || c.right > withForm.box.right + 1).map((c) => c.what)).toEqual([]);
      await noViolations(`rtl ${viewport.width}`);
      await shot(page, name);
      await context.close();
    }

    // Arrow keys move along a comment's actions in reading order: ArrowLeft is "next" right to left.
    await open({ width: 1000, height: 900 }, { rtl: true });
    await signInReader(page, a.reader('u-rtl-c', 'Chadi'));
    await page.goto(site.article(id));
    await widgetReady(page);
    const first = card(page, 'first comment, on the right');
    await first.getByRole('button', { name: 'Reply' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(first.getByRole('button', { name: /^Like/ }).getAttribute('tabindex')).resolves.toBe('0');
    await page.keyboard.press('ArrowRight');
    await expect(first.getByRole('button', { name: 'Reply' }).getAttribute('tabindex')).resolves.toBe('0');
  });

  it('on a phone, every control a reader and a moderator meet is at least 44 x 44 px: composer, reply form, preview, More menu, report form', async () => {
    const id = article('touch');
    const root = await postComment(t, a.reader('u-touch-a', 'Ann'), id, text('a comment to reply to, on a phone'));
    await postComment(t, a.reader('u-touch-b', 'Bob'), id, text('a reply on the phone'), { parentId: root.id });
    await open({ width: 390, height: 844 }, { phone: true });
    await signInReader(page, a.reader('u-touch-c', 'Cleo'));
    await page.goto(site.article(id));
    await widgetReady(page);
    const c = card(page, 'a comment to reply to');
    const states: [string, () => Promise<void>][] = [
      ['signed in', async () => void (await card(page, 'a reply on the phone').waitFor())],
      [
        'composer preview',
        async () => {
          await page.getByRole('textbox', { name: 'Write a comment' }).fill('Some **bold** words');
          await page.getByRole('button', { name: 'Preview' }).first().click();
          await page.locator('#parley-comments .preview strong', { hasText: 'bold' }).first().waitFor();
        },
      ],
      [
        'reply form',
        async () => {
          await c.getByRole('button', { name: 'Reply' }).click();
          await page.getByRole('button', { name: 'Post reply' }).waitFor();
        },
      ],
      [
        'more menu',
        async () => {
          await more('a comment to reply to').click();
          await page.getByRole('button', { name: 'Mute Ann' }).waitFor();
        },
      ],
      [
        'report form',
        async () => {
          await page.keyboard.press('Escape');
          await c.getByRole('button', { name: 'Report' }).click();
          await page.getByRole('button', { name: 'Send report' }).waitFor();
        },
      ],
    ];
    const found: Record<string, string[]> = {};
    for (const [label, reach] of states) {
      await reach();
      found[label] = await small();
      await noViolations(`phone ${label}`);
      await shot(page, `issue12-touch-${label.replace(/ /g, '-')}`);
    }
    expect(found).toEqual(Object.fromEntries(states.map(([label]) => [label, []])));
    await context.close();

    // A moderator's tools on the same phone.
    await open({ width: 390, height: 844 }, { phone: true });
    await signInReader(page, a.mod);
    await page.goto(site.article(id));
    await widgetReady(page);
    await more('a comment to reply to').click();
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.getByRole('button', { name: 'Reject comment' }).waitFor();
    expect(await small()).toEqual([]);
    await noViolations('phone moderator reject');
    await shot(page, 'issue12-touch-moderator');
  });

  it('the reply form has a Preview that shows the reply as the service will publish it', async () => {
    const id = article('reply-preview');
    await postComment(t, a.reader('u-pv-a', 'Ann'), id, text('a comment to answer'));
    await open({ width: 1000, height: 900 });
    await signInReader(page, a.reader('u-pv-b', 'Ben'));
    await page.goto(site.article(id));
    await widgetReady(page);
    const c = card(page, 'a comment to answer');
    await c.getByRole('button', { name: 'Reply' }).click();
    await page.getByRole('textbox', { name: 'Reply to Ann' }).fill('A reply with **bold** and <b>tags</b>');
    const toggle = c.getByRole('button', { name: 'Preview' });
    await toggle.click();
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
    const shown = c.locator('.preview');
    await shown.locator('strong', { hasText: 'bold' }).waitFor();
    // What the service renders, markup as text: the same sanitizer as publishing.
    await expect(shown.innerText()).resolves.toContain('<b>tags</b>');
    await expect(shown.locator('b').count()).resolves.toBe(0);
    await noViolations('reply preview');
    await shot(page, 'issue12-reply-preview');
    // Posting still works from the previewed form.
    await page.getByRole('button', { name: 'Post reply' }).click();
    await page.locator('#parley-comments ol.replies article.card', { hasText: 'A reply with bold' }).waitFor();
    const list = await must(t.api('GET', `/articles/${encodeURIComponent(id)}/comments`));
    expect(list.items[0].replyCount).toBe(1);
  });
});
