/**
 * The embedded default: with no DATABASE_URL the compiled server runs on PGlite under
 * PARLEY_DATA_DIR, generates and keeps a JWT secret there (outside production), and keeps its
 * data across restarts. In production a missing JWT_SECRET stops it from starting.
 *
 * Runs `dist/src/main.js` (`npm test` builds it first; this file builds it when it is missing).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import jwt from 'jsonwebtoken';

const ROOT = resolve(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');

jest.setTimeout(300_000);

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

interface Server {
  proc: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the compiled server with a clean environment: nothing from the test runner's database or secret. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (['DATABASE_URL', 'JWT_SECRET', 'JWT_PUBLIC_KEY', 'REDIS_URL', 'TOXICITY_URL', 'PARLEY_DATA_DIR', 'PUBLIC_URL'].includes(k)) continue;
    base[k] = v;
  }
  const proc = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    // PGlite writes its files out on close, which on a loaded machine can outlast the default bound
    // (exit code 1); these tests are about what survives a restart, not how fast it stops.
    env: { ...base, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT_MS: '60000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => proc.once('exit', (code, signal) => ok({ code, signal })));
  return { proc, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

async function waitForHealth(s: Server, timeoutMs = 90_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void s.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before it was healthy:\n${s.output()}`);
    try {
      const res = await fetch(`${s.url}/health`);
      if (res.status === 200) return res.json();
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${s.output()}`);
}

async function stop(s: Server | undefined, timeoutMs = 70_000) {
  if (!s || s.proc.exitCode !== null || s.proc.signalCode !== null) return s ? s.exited : undefined;
  s.proc.kill('SIGTERM');
  const timer = setTimeout(() => s.proc.kill('SIGKILL'), timeoutMs);
  const result = await s.exited;
  clearTimeout(timer);
  return result;
}

async function api(s: Server, method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${s.url}/api/v1${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe('embedded mode (compiled server, PGlite, no DATABASE_URL)', () => {
  const dirs: string[] = [];
  const servers: Server[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'parley-embedded-'));
    dirs.push(d);
    return d;
  };
  const launch = async (env: Record<string, string>) => {
    const s = await startServer(env);
    servers.push(s);
    return s;
  };

  beforeAll(() => {
    if (!existsSync(MAIN))
      execFileSync(process.execPath, [join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
    expect(existsSync(MAIN)).toBe(true);
  });

  afterAll(async () => {
    for (const s of servers) await stop(s);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('starts without a database URL, keeps its secret and its data across a restart', async () => {
    const dataDir = tempDir();
    const first = await launch({ NODE_ENV: 'development', PARLEY_DATA_DIR: dataDir });
    const health = await waitForHealth(first);
    expect(health.info.database.status).toBe('up');

    const secretFile = join(dataDir, 'jwt-secret');
    expect(existsSync(secretFile)).toBe(true);
    const secret = readFileSync(secretFile, 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const token = jwt.sign({ sub: 'u-embedded', name: 'Em Bedded' }, secret, { algorithm: 'HS256', expiresIn: '1h' });

    // A token signed with any other secret is refused: the generated one is really in use.
    const wrong = jwt.sign({ sub: 'u-embedded', name: 'Em Bedded' }, 'not-the-generated-secret-0123456789', { algorithm: 'HS256' });
    expect((await api(first, 'POST', '/articles/embedded%2Fstory-1/comments', { token: wrong, body: { body: 'nope' } })).status).toBe(401);

    const posted = await api(first, 'POST', '/articles/embedded%2Fstory-1/comments', { token, body: { body: 'Saved in **PGlite**' } });
    expect(posted.status).toBe(201);
    expect(posted.body).toEqual(
      expect.objectContaining({
        articleId: 'embedded/story-1',
        body: 'Saved in **PGlite**',
        html: '<p>Saved in <strong>PGlite</strong></p>',
        status: 'approved',
      }),
    );
    const reply = await api(first, 'POST', '/articles/embedded%2Fstory-1/comments', { token, body: { body: 'and a reply', parentId: posted.body.id } });
    expect(reply.status).toBe(201);
    const listed = await api(first, 'GET', '/articles/embedded%2Fstory-1/comments');
    expect(listed.body.items.map((c: any) => c.id)).toEqual([posted.body.id]);
    expect(listed.body.total).toBe(2);

    const ended = await stop(first);
    expect(ended!.code === 0 || ended!.signal === 'SIGTERM').toBe(true);
    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(['jwt-secret', 'pglite']));

    const second = await launch({ NODE_ENV: 'development', PARLEY_DATA_DIR: dataDir });
    await waitForHealth(second);
    expect(readFileSync(secretFile, 'utf8').trim()).toBe(secret);

    const again = await api(second, 'GET', `/comments/${posted.body.id}`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(
      expect.objectContaining({ id: posted.body.id, body: 'Saved in **PGlite**', author: { id: 'u-embedded', name: 'Em Bedded' }, replyCount: 1 }),
    );
    const replies = await api(second, 'GET', `/comments/${posted.body.id}/replies`);
    expect(replies.body.items.map((c: any) => c.id)).toEqual([reply.body.id]);
    const article = await api(second, 'GET', '/articles/embedded%2Fstory-1');
    expect(article.body).toEqual(expect.objectContaining({ id: 'embedded/story-1', commentCount: 2 }));

    // The same token still signs in, and writes keep working after the restart.
    const more = await api(second, 'POST', '/articles/embedded%2Fstory-1/comments', { token, body: { body: 'after the restart' } });
    expect(more.status).toBe(201);
    expect((await api(second, 'GET', '/articles/embedded%2Fstory-1/comments?sort=oldest')).body.items.map((c: any) => c.id)).toEqual([
      posted.body.id,
      more.body.id,
    ]);
    await stop(second);
  });

  it('comes with an owner: prints a one-time set-password link, then (once set) where to sign in', async () => {
    const dataDir = tempDir();
    const first = await launch({ NODE_ENV: 'development', PARLEY_DATA_DIR: dataDir });
    await waitForHealth(first);
    const printed = async (s: Server, re: RegExp): Promise<RegExpMatchArray> => {
      for (let i = 0; i < 300; i++) {
        const m = re.exec(s.output());
        if (m) return m;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`never printed ${re}: ${s.output()}`);
    };
    const [, token] = await printed(first, /owner owner@parley\.test: set a password at http:\/\/\S+\/moderate\/reset#(\S+) /);
    const password = 'a long development password';
    expect((await api(first, 'POST', `/staff/password-reset/${token}`, { body: { password } })).status).toBe(204);
    const signedIn = await api(first, 'POST', '/staff/session', { body: { email: 'owner@parley.test', password } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.staff).toEqual(expect.objectContaining({ email: 'owner@parley.test', owner: true }));
    await stop(first);

    const second = await launch({ NODE_ENV: 'development', PARLEY_DATA_DIR: dataDir });
    await waitForHealth(second);
    await printed(second, /owner owner@parley\.test: sign in at http:\/\/\S+\/moderate\n/);
    expect(second.output()).not.toContain('/moderate/reset#');
    await stop(second);
  });

  it('a second data directory is a separate installation with its own secret', async () => {
    const dataDir = tempDir();
    const s = await launch({ NODE_ENV: 'development', PARLEY_DATA_DIR: dataDir });
    await waitForHealth(s);
    const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
    const token = jwt.sign({ sub: 'u-two', name: 'Two' }, secret, { algorithm: 'HS256', expiresIn: '1h' });
    const list = await api(s, 'GET', '/articles/embedded%2Fstory-1/comments');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expect((await api(s, 'POST', '/articles/two/comments', { token, body: { body: 'hello' } })).status).toBe(201);
    await stop(s);
  });

  it('refuses to start in production without JWT_SECRET', async () => {
    const dataDir = tempDir();
    const s = await launch({ NODE_ENV: 'production', PARLEY_DATA_DIR: dataDir });
    const timer = setTimeout(() => s.proc.kill('SIGKILL'), 60_000);
    const { code, signal } = await s.exited;
    clearTimeout(timer);
    expect(signal).toBeNull();
    expect(code).not.toBe(0);
    expect(s.output()).toMatch(/JWT_SECRET/);
    // It generated no secret of its own.
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
  });

  it('starts in production when JWT_SECRET is set', async () => {
    const dataDir = tempDir();
    const secret = 'production-secret-0123456789-abcdef';
    const s = await launch({ NODE_ENV: 'production', PARLEY_DATA_DIR: dataDir, JWT_SECRET: secret });
    await waitForHealth(s);
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
    const token = jwt.sign({ sub: 'u-prod', name: 'Prod' }, secret, { algorithm: 'HS256', expiresIn: '1h' });
    expect((await api(s, 'POST', '/articles/prod/comments', { token, body: { body: 'in production' } })).status).toBe(201);
    await stop(s);
  });
});
