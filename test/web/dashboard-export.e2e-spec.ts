/**
 * The Import screen's export links in a real browser, signed in with a staff session: the Parley
 * export and the Disqus XML are downloaded by the browser itself (the session cookie goes with the
 * link, the file streams to disk), and they are what GET /export answers; axe at zero violations;
 * a phone pass.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { BrowserSuite, startBrowserSuite } from '../support/browser-suite';
import { makeStaff } from '../staff/staff-helpers';
import { shot } from './browser';
import { DESKTOP, expectNoViolations, PHONE, phoneShot, signInToScreen } from './dashboard-helpers';
import { pagesPerTest } from './fresh-pages';

jest.setTimeout(180_000);

const PASSWORD = 'admin password of some length';

describe('dashboard: export links on the Import screen', () => {
  let suite: BrowserSuite;
  let t: TestApp;
  let admin: { id: string; email: string };
  const open = pagesPerTest(() => suite.browser, { viewport: DESKTOP });

  beforeAll(async () => {
    ({ t } = suite = await startBrowserSuite());
    admin = await makeStaff(t.ds, { name: 'Ada Admin', password: PASSWORD, roles: { default: 'admin' } });
    for (const [who, body] of [
      ['r-1', 'First comment to take away'],
      ['r-2', 'Second, with *emphasis*'],
    ]) {
      const res = await t.api('POST', '/articles/export-me/comments', { token: t.token({ sub: who, name: who }), body: { body } });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => suite?.close());

  async function importScreen(viewport = DESKTOP): Promise<Page> {
    const page = await open(viewport);
    await signInToScreen(page, t.url, admin.email, PASSWORD, 'Import');
    return page;
  }

  async function download(page: Page, name: string): Promise<{ file: string; text: string }> {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
    const path = await dl.path();
    return { file: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }

  it('the Parley export and the Disqus XML download as the API answers them', async () => {
    const page = await importScreen();
    const section = page.getByRole('region', { name: 'Export' });
    await expect(section.getByRole('link').allTextContents()).resolves.toEqual(['Download Parley export (NDJSON)', 'Download as Disqus XML']);
    await expectNoViolations(page);
    await shot(page, 'e-dashboard-export');

    const nd = await download(page, 'Download Parley export (NDJSON)');
    expect(nd.file).toMatch(/^parley-default-\d{4}-\d{2}-\d{2}\.ndjson$/);
    const recs = nd.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(recs[0]).toMatchObject({ type: 'manifest', format: 'parley', site: { id: 'default' }, counts: { comments: 2, articles: 1 } });
    const api = await fetch(`${t.url}/api/v1/export`, { headers: { authorization: `Bearer ${t.token({ sub: 'adm', role: 'admin' })}` } });
    const apiRecs = (await api.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(recs.slice(1)).toEqual(apiRecs.slice(1));

    const xml = await download(page, 'Download as Disqus XML');
    expect(xml.file).toMatch(/^parley-default-\d{4}-\d{2}-\d{2}\.xml$/);
    expect(xml.text).toContain('<thread dsq:id=');
    expect(xml.text.match(/<post /g)).toHaveLength(2);
    expect(xml.text).toContain('First comment to take away');
  });

  it('fits a phone', async () => {
    const page = await importScreen(PHONE);
    await page.getByRole('region', { name: 'Export' }).scrollIntoViewIfNeeded();
    await expectNoViolations(page);
    await phoneShot(page, 'e-dashboard-export-phone');
  });
});
