/**
 * The demo article opens on a conversation (issue 12): started as `npm start` starts it (src/main.ts
 * with the demo on), the article holds a newsroom discussion of named readers with threads, likes,
 * an editor's pick and an edited comment, posted minutes to hours ago, and one comment held for
 * moderation that only its author sees (the reader the demo's sign-in is filled in with), seeded
 * once however often the service starts; the page shows it in chromium at desktop and phone size,
 * with axe at zero violations.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { TEST_SECRET } from '../support/app';
import { BrowserSuite, openPage, startBrowserSuite } from '../support/browser-suite';
import { must } from '../support/factories';
import { DemoConversation, DEMO_ARTICLE_ID, DEMO_VISITOR } from '../../src/web/demo-conversation';
import { demoUserId } from '../../src/web/demo-token.controller';
import { scan, WIDGET } from './axe';
import { card, shot, widgetReady } from './browser';

jest.setTimeout(180_000);

const PHONE = { width: 390, height: 844 };

describe('the demo conversation', () => {
  let suite: BrowserSuite;
  let context: BrowserContext | undefined;
  const errors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    suite = await startBrowserSuite();
  });
  afterAll(() => suite?.close());
  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  type Row = {
    id: string;
    status: string;
    parent_id: string | null;
    featured: boolean;
    created_at: Date;
    edited_at: Date | null;
    name: string;
    like_count: number;
  };
  const rows = (): Promise<Row[]> =>
    suite.t.ds.query<Row[]>(
      `SELECT c.id, c.status, c.parent_id, c.featured, c.created_at, c.edited_at, u.name, c.like_count
         FROM comments c JOIN users u ON u.site_id = c.site_id AND u.id = c.author_id
        WHERE c.site_id = 'default' AND c.article_id = $1`,
      [DEMO_ARTICLE_ID],
    );

  /** Starts src/main.ts as `npm start` would, on the suite's database with the demo on, until its banner is out. */
  async function startMain(): Promise<string> {
    const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '../../src/main.ts')], {
      cwd: join(__dirname, '../..'),
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: suite.t.databaseUrl,
        JWT_SECRET: TEST_SECRET,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        DEMO: 'on',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 90_000;
    while (!/moderation:/.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    await exited;
    return out;
  }

  it('is seeded when the service starts with the demo on, once however often it starts', async () => {
    expect(await rows()).toEqual([]);
    const out = await startMain();
    expect(out).toContain('/demo');
    expect(out).not.toContain('not seeded');
    const first = await rows();
    expect(first.length).toBeGreaterThanOrEqual(12);
    expect(first.length).toBeLessThanOrEqual(20);
    // All published but one: the visitor's, held for moderation.
    const held = first.filter((c) => c.status !== 'approved');
    expect(held.map((c) => [c.status, c.name])).toEqual([['pending', DEMO_VISITOR]]);
    // Posted over an afternoon: minutes to hours ago, each at its own time, none "just now"; the edit after its comment.
    const ages = first.map((c) => (Date.now() - new Date(c.created_at).getTime()) / 60_000);
    expect(Math.min(...ages)).toBeGreaterThan(2);
    expect(Math.max(...ages)).toBeGreaterThan(180);
    expect(Math.max(...ages)).toBeLessThan(24 * 60);
    expect(new Set(first.map((c) => new Date(c.created_at).getTime())).size).toBe(first.length);
    const edited = first.find((c) => c.edited_at)!;
    expect(new Date(edited.edited_at!).getTime()).toBeGreaterThan(new Date(edited.created_at).getTime());
    // The held comment is the newest; every reply is later than its parent.
    expect(Math.min(...ages)).toBe(ages[first.indexOf(held[0])]);
    const at = new Map(first.map((c) => [c.id, new Date(c.created_at).getTime()]));
    for (const c of first) if (c.parent_id) expect(at.get(c.id)!).toBeGreaterThan(at.get(c.parent_id)!);
    expect(new Set(first.map((c) => c.name)).size).toBeGreaterThanOrEqual(6);
    expect(first.filter((c) => c.parent_id).length).toBeGreaterThanOrEqual(4);
    // A thread two replies deep.
    const byId = new Map(first.map((c) => [c.id, c]));
    expect(first.some((c) => c.parent_id && byId.get(c.parent_id)?.parent_id)).toBe(true);
    expect(first.filter((c) => c.featured)).toHaveLength(1);
    expect(first.filter((c) => c.edited_at)).toHaveLength(1);
    expect(first.filter((c) => c.like_count > 0).length).toBeGreaterThanOrEqual(8);

    // Seeded again (as a restart would): nothing more.
    await suite.t.app.get(DemoConversation).seed();
    await suite.t.app.get(DemoConversation).seed();
    const again = await rows();
    expect(again.map((c) => [c.id, c.like_count, c.featured]).sort()).toEqual(first.map((c) => [c.id, c.like_count, c.featured]).sort());
    const page = await must(suite.t.api('GET', `/articles/${DEMO_ARTICLE_ID}/comments?limit=100`));
    expect(page.total).toBe(first.length - 1);
    expect(page.items.map((c: { id: string }) => c.id)).not.toContain(held[0].id);
    // The pre-moderation that held it was lifted once it was posted (and a restart does not repeat it).
    const log = await suite.t.ds.query(`SELECT action FROM moderation_log WHERE user_id = $1 ORDER BY id`, [demoUserId(DEMO_VISITOR)]);
    expect(log.map((l: { action: string }) => l.action)).toEqual(['user.premod', 'user.unpremod']);
  });

  async function openDemo(viewport: { width: number; height: number }): Promise<Page> {
    // In place already when the first test ran; seeded here too so each test stands on its own.
    await suite.t.app.get(DemoConversation).seed();
    let page: Page;
    ({ context, page } = await openPage(suite.browser, viewport, { errors, dialogs }));
    page.setDefaultTimeout(30_000);
    await page.goto(`${suite.t.url}/demo`);
    await widgetReady(page, true);
    return page;
  }

  it('the demo page opens on it: threads, likes, the editors’ pick, an edit; no violations', async () => {
    const page = await openDemo({ width: 1200, height: 900 });
    const pick = card(page, 'My mother sailed on the Petrel');
    await pick.getByText('Editor’s pick').waitFor();
    await pick.getByRole('button', { name: 'Like, 5 likes' }).waitFor();
    await card(page, 'only runs until six').getByText('edited').waitFor();
    // The reporter answers in a thread, and the thread goes on under her reply.
    const reply = page.locator('#parley-comments ol.replies article.card', { hasText: 'Reporter here' });
    await reply.waitFor();
    const thread = page.locator('#parley-comments li.c', { has: page.locator(':scope > article.card', { hasText: 'Reporter here' }) });
    await thread.locator(':scope > .rmore').getByRole('button', { name: 'Show 1 reply' }).click();
    await page.locator('#parley-comments ol.replies ol.replies article.card', { hasText: 'Borrowing over 25 years' }).waitFor();
    expect(await page.locator('#parley-comments article.card').count()).toBeGreaterThanOrEqual(12);
    expect(await scan(page, WIDGET)).toEqual([]);
    await shot(page, 'w1-demo-conversation');

    // Signed in through the demo bar as one of its readers, their comment is theirs.
    await page.getByRole('textbox', { name: 'Sign in as' }).fill('Ruth Okafor');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await card(page, 'only runs until six').getByText('(you)').waitFor();
  });

  it('signed in as the reader the demo bar offers, their held comment shows as awaiting moderation, to them only; times read as this afternoon’s', async () => {
    const page = await openDemo({ width: 1200, height: 900 });
    const dogs = card(page, 'Will dogs be allowed on board?');
    // Signed out: not there; the others carry their times, none "just now".
    await card(page, 'My mother sailed on the Petrel').getByText('5 h ago').waitFor();
    await card(page, 'Thanks for all the comments').getByText('14 min ago').waitFor();
    expect(await dogs.count()).toBe(0);
    expect(await page.locator('#parley-comments article.card time', { hasText: 'just now' }).count()).toBe(0);

    // The sign-in is filled in with the visitor's name: one click.
    expect(await page.getByRole('textbox', { name: 'Sign in as' }).inputValue()).toBe(DEMO_VISITOR);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await dogs.getByText('Awaiting moderation').waitFor();
    await dogs.getByText('(you)').waitFor();
    await dogs.getByText('6 min ago').waitFor();
    expect(await scan(page, WIDGET)).toEqual([]);
    await dogs.scrollIntoViewIfNeeded();
    await shot(page, 'w1-demo-held-for-its-author');
  });

  it('on a phone', async () => {
    const page = await openDemo(PHONE);
    await card(page, 'My mother sailed on the Petrel').getByText('Editor’s pick').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
    expect(await scan(page, WIDGET)).toEqual([]);
    await shot(page, 'w1-demo-conversation-phone');
    // Signed in as the visitor the bar offers: their held comment, at phone width too.
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const dogs = card(page, 'Will dogs be allowed on board?');
    await dogs.getByText('Awaiting moderation').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
    expect(await scan(page, WIDGET)).toEqual([]);
    await dogs.scrollIntoViewIfNeeded();
    await shot(page, 'w1-demo-held-for-its-author-phone');
  });
});
