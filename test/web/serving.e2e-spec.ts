import { readFileSync } from 'node:fs';
import { get, IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { startApp, TestApp } from '../support/app';

/** GET without fetch's automatic decompression: the bytes as they travel. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/** The built pages and the demo sign-in, over plain HTTP (no browser). */
describe('web pages are served', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('serves embed.js gzipped within the 30 KB budget, socket.io-client included', async () => {
    const res = await rawGet(`${t.url}/embed.js`, { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/javascript/);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    const etag = res.headers.etag as string;
    expect(etag).toBeTruthy();
    expect(gunzipSync(res.body).toString()).toContain('parley:ready');
    expect(res.body.length).toBeLessThanOrEqual(30 * 1024);
    // The same bytes as the build measured.
    expect(res.body.length).toBe(gzipSync(readFileSync(join(__dirname, '../../dist/web/embed.js')), { level: 9 }).length);
    const again = await fetch(`${t.url}/embed.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('serves embed-extras.js (the signed-in tools embed.js fetches on demand) like embed.js: any origin may load it, cached, gzipped', async () => {
    const res = await rawGet(`${t.url}/embed-extras.js`, { 'accept-encoding': 'gzip', origin: 'https://news.example' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/javascript/);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    // It registers with the widget (extras-api.ts) rather than running by itself.
    expect(gunzipSync(res.body).toString()).toContain('ParleyExtras');
    expect(res.body.length).toBe(gzipSync(readFileSync(join(__dirname, '../../dist/web/embed-extras.js')), { level: 9 }).length);
    const again = await fetch(`${t.url}/embed-extras.js`, { headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.status).toBe(304);
    // embed.js carries none of it: the bell panel's and account dialog's code is only here.
    const embed = readFileSync(join(__dirname, '../../dist/web/embed.js'), 'utf8');
    expect(embed).not.toContain('bell-panel');
    expect(embed).not.toContain('acct-dialog');
  });

  it('serves the dashboard and the demo with hashed scripts and a content security policy', async () => {
    for (const path of ['/moderate', '/demo']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await res.text();
      const src = /src="(\/web\/[a-z]+\.js\?v=[\w-]+)"/.exec(html)?.[1];
      expect(src).toBeTruthy();
      const js = await fetch(`${t.url}${src}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('cache-control')).toContain('immutable');
    }
    const demo = await (await fetch(`${t.url}/demo`)).text();
    expect(demo).toContain('src="/embed.js"');
    expect(demo).toContain('data-article-id="demo-gull-island-ferry"');
  });

  it('serves only the files it knows', async () => {
    expect((await fetch(`${t.url}/web/..%2Fsrc%2Fmain.js`)).status).toBe(404);
    expect((await fetch(`${t.url}/web/secret.js`)).status).toBe(404);
    expect((await fetch(`${t.url}/api/v1/embed.js`)).status).toBe(404);
  });

  it("lets a publisher's page (another origin) use every method the widget sends", async () => {
    // The widget runs on the publisher's origin: like is PUT/DELETE, edit PATCH, delete DELETE.
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await fetch(`${t.url}/api/v1/comments/0193f6b2-0000-7000-8000-000000000000/reactions/like`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://news.example',
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization,content-type,idempotency-key',
        },
      });
      expect(res.status).toBeLessThan(300);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://news.example');
      expect({ method, allowed: (res.headers.get('access-control-allow-methods') ?? '').split(/\s*,\s*/).includes(method) }).toEqual({ method, allowed: true });
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    }
  });

  it('signs demo tokens the API accepts; the same name is the same user', async () => {
    const res = await t.api('POST', '/demo/token', { body: { name: 'Olena', role: 'moderator' } });
    expect(res.status).toBe(200);
    const again = await t.api('POST', '/demo/token', { body: { name: 'olena' } });
    expect(again.body.user.id).toBe(res.body.user.id);
    expect(again.body.user.role).toBe('reader');
    const counts = await t.api('GET', '/moderation/counts', { token: res.body.token });
    expect(counts.status).toBe(200);
    expect((await t.api('GET', '/moderation/counts', { token: again.body.token })).status).toBe(403);
    expect((await t.api('POST', '/demo/token', { body: { name: '' } })).status).toBe(400);
    expect((await t.api('POST', '/demo/token', { body: { name: 'x', role: 'root' } })).status).toBe(400);
  });

  it('refuses a demo name that would show nothing (invisible, a lone accent, control or direction characters only), as every other endpoint would', async () => {
    for (const name of ['\u200b\u200b', '\u0301', '\u0001\u0002', '\u202e\u2066', ' \u00ad ']) {
      const res = await t.api('POST', '/demo/token', { body: { name } });
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 400, code: 'VALIDATION_FAILED' });
    }
    // Direction controls around a visible name are dropped, as in any token: the name works everywhere.
    const ok = await t.api('POST', '/demo/token', { body: { name: '\u202eOlga\u202c' } });
    expect([ok.status, ok.body.user.name]).toEqual([200, 'Olga']);
    expect((await t.api('GET', '/me', { token: ok.body.token })).status).toBe(200);
  });
});

describe('in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ NODE_ENV: 'production', DEMO: '' });
  });
  afterAll(() => t.close());

  it('has no demo sign-in and no demo page, but the widget and dashboard', async () => {
    const res = await t.api('POST', '/demo/token', { body: { name: 'Mallory', role: 'admin' } });
    expect(res.status).toBe(404);
    expect(res.body.token).toBeUndefined();
    expect((await t.api('POST', '/demo/token', { body: 'nonsense' })).status).toBe(404);
    expect((await fetch(`${t.url}/demo`)).status).toBe(404);
    expect((await fetch(`${t.url}/embed.js`)).status).toBe(200);
    expect((await fetch(`${t.url}/moderate`)).status).toBe(200);
  });
});
