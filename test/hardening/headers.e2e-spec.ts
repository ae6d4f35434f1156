/**
 * Security headers on what Parley serves: the API's answers are never sniffed, framed or run as a
 * document; the dashboard and demo pages carry a CSP whose sockets go only to this host; the docs
 * exist only when enabled and carry their own CSP; wherever an origin is reflected the answer
 * varies by Origin; and the widget's script stays loadable from any publisher's page.
 */
import type { Browser } from 'playwright-core';
import { startApp, TestApp } from '../support/app';
import { launch, startPublisher } from '../web/browser';

const ORIGIN = 'https://news.example';

/** Directive name → its sources, from a Content-Security-Policy header. */
function csp(header: string | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out[name] = sources;
  }
  return out;
}
const varyOf = (res: Response) => (res.headers.get('vary') ?? '').split(/\s*,\s*/).map((v) => v.toLowerCase());

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t?.close());

  it('every API answer, success or error, is nosniff, no-referrer, unframeable and no document', async () => {
    const token = t.token('hdr-reader');
    const answers = [
      await fetch(`${t.url}/api/v1/counts?articleIds=hdr-a`),
      await fetch(`${t.url}/api/v1/articles/hdr-a/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"body":"x"}' }),
      await fetch(`${t.url}/api/v1/comments/not-there`, { headers: { authorization: `Bearer ${token}` } }),
      await fetch(`${t.url}/api/v1/no-such-route`),
      await fetch(`${t.url}/api/v1/articles/hdr-a/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"body":',
      }),
      await fetch(`${t.url}/health`),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 404, 400, 200]);
    for (const res of answers) {
      const what = `${res.url} ${res.status}`;
      expect({ what, nosniff: res.headers.get('x-content-type-options') }).toEqual({ what, nosniff: 'nosniff' });
      expect({ what, referrer: res.headers.get('referrer-policy') }).toEqual({ what, referrer: 'no-referrer' });
      expect({ what, frame: res.headers.get('x-frame-options') }).toEqual({ what, frame: 'DENY' });
      const policy = csp(res.headers.get('content-security-policy'));
      expect({ what, defaultSrc: policy['default-src'], frameAncestors: policy['frame-ancestors'] }).toEqual({
        what,
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
      });
      // TLS (and so HSTS) belongs to whatever terminates it in front.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it.each(['/moderate', '/demo'])('%s: CSP with sockets to this host only, never framed, nosniff, a referrer policy', async (path) => {
    const res = await fetch(`${t.url}${path}`);
    expect(res.status).toBe(200);
    const policy = csp(res.headers.get('content-security-policy'));
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('an answer that reflects the Origin varies by Origin: API answers, preflights and /embed.js', async () => {
    const api = await fetch(`${t.url}/api/v1/counts?articleIds=hdr-a`, { headers: { origin: ORIGIN } });
    expect(api.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(varyOf(api)).toContain('origin');
    const preflight = await fetch(`${t.url}/api/v1/articles/hdr-a/comments`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(varyOf(preflight)).toContain('origin');
    for (const encoding of ['gzip', 'identity']) {
      const js = await fetch(`${t.url}/embed.js`, { headers: { origin: ORIGIN, 'accept-encoding': encoding } });
      expect(js.status).toBe(200);
      expect(js.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(varyOf(js)).toEqual(expect.arrayContaining(['origin', 'accept-encoding']));
      expect(js.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(js.headers.get('x-content-type-options')).toBe('nosniff');
      expect(js.headers.get('content-type')).toMatch(/^application\/javascript/);
    }
  });

  it('the API docs are served with a CSP of their own', async () => {
    const page = await fetch(`${t.url}/api/docs`);
    expect(page.status).toBe(200);
    const policy = csp(page.headers.get('content-security-policy'));
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const json = await fetch(`${t.url}/api/docs-json`);
    expect(json.status).toBe(200);
    expect(((await json.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  describe('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launch();
    });
    afterAll(() => browser?.close());

    it('the docs render under their CSP without a violation', async () => {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(`${t.url}/api/docs`);
      await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
      await page.locator('.opblock').first().waitFor();
      expect(violations).toEqual([]);
      await page.close();
    });

    it("the widget still loads from a publisher's page on another origin", async () => {
      const site = await startPublisher(t.url);
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        // What a header could break: a blocked script or request (CORS, CORP, CSP). An unknown
        // article's 404 is the widget's normal first answer.
        page.on('console', (m) => {
          if (m.type() === 'error' && /CORS|blocked|Refused|Content Security Policy|Cross-Origin/i.test(m.text())) errors.push(m.text());
        });
        page.on('requestfailed', (r) => errors.push(`${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
        await page.goto(site.article('hdr-widget'));
        await page.getByText('No comments yet').waitFor({ timeout: 15_000 });
        expect(errors).toEqual([]);
        await page.close();
      } finally {
        await site.close();
      }
    });
  });
});

describe('the API docs are off unless enabled', () => {
  it.each([
    ['API_DOCS=off', { API_DOCS: 'off' }],
    ['NODE_ENV=production', { NODE_ENV: 'production', API_DOCS: '' }],
  ])('%s: /api/docs and /api/docs-json are 404', async (_, env) => {
    const t = await startApp(env);
    try {
      for (const path of ['/api/docs', '/api/docs-json', '/api/docs/swagger-ui-init.js']) {
        const res = await fetch(`${t.url}${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
    } finally {
      await t.close();
    }
  });

  it('API_DOCS=on serves them in production too', async () => {
    const t = await startApp({ NODE_ENV: 'production', API_DOCS: 'on' });
    try {
      expect((await fetch(`${t.url}/api/docs-json`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
