/**
 * The demo sign-in mints any role, admin included, so it exists only when config.demoEnabled:
 * the embedded default outside production, or DEMO=on. A DATABASE_URL deployment, whatever its
 * NODE_ENV, has neither the demo page nor the token endpoint, and main.ts prints no ready token.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { startApp, TEST_SECRET, TestApp } from '../support/app';
import { createTestDatabase } from '../support/pg';

async function expectNoDemo(t: TestApp) {
  for (const body of [{ name: 'Mallory', role: 'admin' }, { name: 'Mallory' }, 'nonsense']) {
    const res = await t.api('POST', '/demo/token', { body });
    expect({ body, status: res.status, code: res.body?.code, token: res.body?.token }).toEqual({ body, status: 404, code: 'NOT_FOUND', token: undefined });
  }
  const page = await fetch(`${t.url}/demo`);
  expect(page.status).toBe(404);
  expect(((await page.json()) as { code: string }).code).toBe('NOT_FOUND');
  // The rest of the web side is there.
  expect((await fetch(`${t.url}/embed.js`)).status).toBe(200);
  expect((await fetch(`${t.url}/moderate`)).status).toBe(200);
}

describe('the demo is off unless enabled', () => {
  it.each([
    ['NODE_ENV unset', { NODE_ENV: '' }],
    ['NODE_ENV=development', { NODE_ENV: 'development' }],
    ['NODE_ENV=test', { NODE_ENV: 'test' }],
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['DEMO=off', { DEMO: 'off' }],
  ])('with a DATABASE_URL and %s: /demo and /api/v1/demo/token are 404', async (_, env) => {
    const t = await startApp({ DEMO: '', ...env });
    try {
      await expectNoDemo(t);
    } finally {
      await t.close();
    }
  });

  it('DEMO=on turns both on, even in production', async () => {
    const t = await startApp({ DEMO: 'on', NODE_ENV: 'production' });
    try {
      const res = await t.api('POST', '/demo/token', { body: { name: 'Dee', role: 'moderator' } });
      expect(res.status).toBe(200);
      expect((await t.api('GET', '/moderation/counts', { token: res.body.token })).status).toBe(200);
      expect((await fetch(`${t.url}/demo`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('what main.ts prints at start', () => {
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
  });

  /** Runs the real entry point until it has printed its banner (or failed), then stops it. */
  async function banner(env: Record<string, string>): Promise<string> {
    const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '../../src/main.ts')], {
      cwd: join(__dirname, '../..'),
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, JWT_SECRET: TEST_SECRET, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (!/moderation:/.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    await exited;
    return out;
  }

  it('prints no moderator token without the demo, and one with DEMO=on', async () => {
    const without = await banner({});
    expect(without).toContain('Parley is running');
    expect(without).not.toMatch(/token/i);
    expect(without).not.toContain('/demo');
    const withDemo = await banner({ DEMO: 'on' });
    expect(withDemo).toMatch(/moderator token \(12 h\): [\w-]+\.[\w-]+\.[\w-]+/);
    expect(withDemo).toContain('/demo');
  }, 150_000);
});
