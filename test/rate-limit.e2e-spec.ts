import { startApp, TestApp } from './support/app';
import { commentRowCount, patchSettings } from './support/factories';

describe('write rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    const admin = t.token({ sub: 'rl-admin', name: 'Admin', role: 'admin' });
    const settings = await patchSettings(t, admin, { rateLimits: { writesPerMinute: 3, commentsPerMinute: 100 } });
    expect(settings.rateLimits.writesPerMinute).toBe(3);
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the budget and writes nothing', async () => {
    const token = t.token('rl-reader');
    for (let i = 0; i < 3; i++) {
      expect((await t.api('POST', '/articles/rl-1/comments', { token, body: { body: `comment ${i}` } })).status).toBe(201);
    }
    const before = await commentRowCount(t);
    const res = await t.api('POST', '/articles/rl-1/comments', { token, body: { body: 'one too many' } });
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'RATE_LIMITED' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await commentRowCount(t)).toBe(before);
  });

  it('counts each reader separately, leaves reads alone and does not limit moderators', async () => {
    const other = t.token('rl-other');
    expect((await t.api('POST', '/articles/rl-1/comments', { token: other, body: { body: 'my own budget' } })).status).toBe(201);
    expect((await t.api('GET', '/articles/rl-1/comments', { token: t.token('rl-reader') })).status).toBe(200);
    const mod = t.token({ sub: 'rl-mod', name: 'Mod', role: 'moderator' });
    for (let i = 0; i < 5; i++) {
      expect((await t.api('PATCH', '/articles/rl-1', { token: mod, body: { title: `Title ${i}` } })).status).toBe(200);
    }
  });
});
