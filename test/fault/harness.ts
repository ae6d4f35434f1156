/**
 * Fault-test harness (not a spec file): throwaway PostgreSQL and Redis servers on free ports, and
 * instances of the compiled service (`node dist/src/main.js`) as child processes, so a test can
 * freeze, stop and restart what production depends on without touching the shared servers.
 *
 *   const h = new Harness();
 *   afterAll(() => h.close());                     // tears down all it started, even after a failure
 *
 *   const pg = await h.postgres();                 // initdb into a temp dir, postgres on a free port
 *   pg.url                                         // postgres://postgres@127.0.0.1:PORT/parley (trust)
 *   await pg.query('SELECT …', [params])           // rows, on a fresh connection
 *   pg.freeze() / pg.thaw()                        // SIGSTOP / SIGCONT of the postmaster and every backend
 *   await pg.stop() / await pg.start()             // pg_ctl stop -m fast; start again on the same port
 *
 *   const redis = await h.redis();                 // redis-server --save '' --appendonly no, free port
 *   redis.url                                      // redis://127.0.0.1:PORT
 *   await redis.stop() / await redis.start()       // SIGTERM it (or stop('SIGKILL')); start on the same port
 *   redis.freeze() / redis.thaw()                  // SIGSTOP / SIGCONT
 *
 *   const a = await h.instance({ env: { DB_STATEMENT_TIMEOUT_MS: '1000' } }); // resolves once /health is 200
 *   // DATABASE_URL defaults to the harness's PostgreSQL (started on demand), REDIS_URL to its Redis
 *   // when one was started (env: { REDIS_URL: '' } for none), JWT_SECRET to TEST_SECRET,
 *   // NODE_ENV=test, LOG_LEVEL=warn, PORT free, HOST 127.0.0.1.
 *   a.url, a.pid, a.output()                       // base URL, child pid, its stdout+stderr so far
 *   await a.api('POST', '/articles/x/comments', { token, body }) // under /api/v1: { status, body, headers, ms }
 *   a.token({ sub: 'u1', role: 'admin' })          // a JWT signed with the instance's secret
 *   a.kill('SIGTERM' | 'SIGKILL'); await a.exited  // { code, signal }
 *   await a.stop()                                 // SIGTERM, SIGKILL after 20 s; resolves when gone
 *
 * The compiled build is brought up to date once per process (scripts/build-if-stale.js).
 * Servers run as the `postgres` user when the tests run as root (initdb refuses root). If the test
 * process dies without afterAll, an exit hook still kills the servers and removes their folders.
 */
import { ChildProcess, execFileSync, spawn, SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { TEST_SECRET, type Claims } from '../support/app';

const ROOT = resolve(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ApiResult {
  status: number;
  body: any;
  headers: Headers;
  /** Wall time of the request, in milliseconds. */
  ms: number;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `ready` until it resolves true, or throws `what` with the last error after `timeoutMs`. */
async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs: number, dead?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const gone = dead?.();
    if (gone) throw new Error(`${what}: ${gone}`);
    try {
      if (await ready()) return;
    } catch (err) {
      last = err;
    }
    await sleep(100);
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms${last ? ` (${(last as Error).message})` : ''}`);
}

/** Keeps the last `max` characters of a child's output, for the message of a failing test. */
function capture(proc: ChildProcess, max = 64 * 1024): () => string {
  let out = '';
  const add = (d: Buffer) => {
    out += d.toString();
    if (out.length > max) out = out.slice(-max);
  };
  proc.stdout?.on('data', add);
  proc.stderr?.on('data', add);
  return () => out;
}

function exitOf(proc: ChildProcess): Promise<Exit> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((ok) => proc.once('exit', (code, signal) => ok({ code, signal })));
}

const running = (proc: ChildProcess | undefined): proc is ChildProcess => !!proc && proc.exitCode === null && proc.signalCode === null;

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** Every descendant of `pid` (PostgreSQL's backends and helpers), from /proc. */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command may hold spaces and parentheses: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent) {
      if (pp === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

/** Root may not run initdb or postgres: run them (and own their folder) as the `postgres` user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function pgBin(name: string): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const p = join(base, v, 'bin', name);
    if (existsSync(p)) return p;
  }
  return name; // on PATH, e.g. a non-Debian machine
}

/** Cleanup that must happen even if the test process exits without afterAll (synchronous only). */
const onExit = new Set<() => void>();
process.once('exit', () => {
  for (const fn of onExit) fn();
});

export class ThrowawayPostgres {
  readonly url: string;
  private proc?: ChildProcess;
  private out: () => string = () => '';
  private frozen: number[] = [];
  private readonly cleanup = () => this.killNow();

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {
    this.url = `postgres://postgres@127.0.0.1:${port}/parley`;
  }

  static async create(): Promise<ThrowawayPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'parley-fault-pg-'));
    const user = serverUser();
    if (user) chownSync(dir, user.uid, user.gid);
    const pg = new ThrowawayPostgres(dir, await freePort(), user);
    onExit.add(pg.cleanup);
    try {
      execFileSync(pgBin('initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
        ...pg.as(),
        stdio: 'pipe',
      });
      await pg.start();
      await pg.admin((c) => c.query('CREATE DATABASE parley'));
    } catch (err) {
      await pg.close(); // nothing is left behind when it fails to start
      throw err;
    }
    return pg;
  }

  private as(): SpawnOptions & { uid?: number; gid?: number } {
    return { cwd: this.dir, ...(this.user ?? {}) };
  }

  /** The postmaster's pid while it runs. */
  get pid(): number | undefined {
    return running(this.proc) ? this.proc.pid : undefined;
  }

  output(): string {
    return this.out();
  }

  /** Starts the postmaster (again) on the same port and data; resolves once it accepts connections. */
  async start(): Promise<void> {
    if (running(this.proc)) return;
    const proc = spawn(
      pgBin('postgres'),
      [
        ...['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir],
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
        ...['-c', 'max_connections=60', '-c', 'shared_buffers=16MB'],
      ],
      { ...this.as(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.proc = proc;
    this.out = capture(proc);
    await waitUntil(
      'throwaway PostgreSQL',
      () => this.admin(() => Promise.resolve(true)),
      30_000,
      () => (running(proc) ? undefined : `exited:\n${this.out()}`),
    );
  }

  /** `pg_ctl stop -m fast`: sessions are terminated, the postmaster exits; the port refuses. */
  async stop(): Promise<void> {
    if (!running(this.proc)) return;
    this.thaw();
    const exited = exitOf(this.proc);
    execFileSync(pgBin('pg_ctl'), ['stop', '-D', join(this.dir, 'data'), '-m', 'fast', '-w', '-t', '30'], { ...this.as(), stdio: 'pipe' });
    await exited;
  }

  /** SIGSTOP the postmaster first (no new backends), then every process under it. */
  freeze(): void {
    const pid = this.pid;
    if (!pid) throw new Error('PostgreSQL is not running');
    signal(pid, 'SIGSTOP');
    this.frozen = [pid, ...descendants(pid)];
    for (const p of this.frozen.slice(1)) signal(p, 'SIGSTOP');
  }

  thaw(): void {
    for (const p of this.frozen.reverse()) signal(p, 'SIGCONT');
    this.frozen = [];
  }

  /** Runs SQL on a fresh connection to the `parley` database (the instances' database). */
  async query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: this.url, connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  private async admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ host: '127.0.0.1', port: this.port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2000 });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  async close(): Promise<void> {
    try {
      if (running(this.proc)) {
        this.thaw();
        const exited = exitOf(this.proc);
        // Immediate: the instances are gone or going; nothing here needs a clean checkpoint.
        signal(this.proc.pid!, 'SIGQUIT');
        const timer = setTimeout(() => this.proc?.pid && signal(this.proc.pid, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      onExit.delete(this.cleanup);
    }
  }

  private killNow(): void {
    const pid = this.pid;
    if (pid) {
      const all = [pid, ...descendants(pid)];
      for (const p of all) signal(p, 'SIGCONT');
      for (const p of all) signal(p, 'SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class ThrowawayRedis {
  readonly url: string;
  private proc?: ChildProcess;
  private out: () => string = () => '';
  private readonly cleanup = () => {
    if (this.proc?.pid) {
      signal(this.proc.pid, 'SIGCONT');
      signal(this.proc.pid, 'SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  };

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  static async create(): Promise<ThrowawayRedis> {
    const r = new ThrowawayRedis(mkdtempSync(join(tmpdir(), 'parley-fault-redis-')), await freePort());
    onExit.add(r.cleanup);
    try {
      await r.start();
    } catch (err) {
      await r.close();
      throw err;
    }
    return r;
  }

  get pid(): number | undefined {
    return running(this.proc) ? this.proc.pid : undefined;
  }

  output(): string {
    return this.out();
  }

  async start(): Promise<void> {
    if (running(this.proc)) return;
    const proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    this.out = capture(proc);
    await waitUntil(
      'throwaway Redis',
      () => Promise.resolve(/Ready to accept connections/.test(this.out())),
      15_000,
      () => (running(proc) ? undefined : `exited:\n${this.out()}`),
    );
  }

  /** SIGTERM (a clean shutdown, no save) or SIGKILL (a crash); resolves once it has exited. */
  async stop(sig: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    if (!running(this.proc)) return;
    const exited = exitOf(this.proc);
    signal(this.proc.pid!, 'SIGCONT');
    signal(this.proc.pid!, sig);
    await exited;
  }

  freeze(): void {
    if (this.pid) signal(this.pid, 'SIGSTOP');
  }

  thaw(): void {
    if (this.pid) signal(this.pid, 'SIGCONT');
  }

  async close(): Promise<void> {
    try {
      await this.stop('SIGKILL');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      onExit.delete(this.cleanup);
    }
  }
}

export interface InstanceOptions {
  /** Extra environment; '' unsets a variable (e.g. REDIS_URL: ''). */
  env?: Record<string, string>;
  /** How long to wait for /health to answer 200 (default 60 s). */
  readyTimeoutMs?: number;
}

export class Instance {
  readonly exited: Promise<Exit>;
  readonly output: () => string;
  private readonly cleanup = () => this.pid && signal(this.pid, 'SIGKILL');

  constructor(
    readonly proc: ChildProcess,
    readonly url: string,
    private readonly secret: string,
  ) {
    this.output = capture(proc);
    this.exited = exitOf(proc);
    onExit.add(this.cleanup);
    void this.exited.then(() => onExit.delete(this.cleanup));
  }

  get pid(): number | undefined {
    return running(this.proc) ? this.proc.pid : undefined;
  }

  token(claims: Claims | string, opts: jwt.SignOptions = {}): string {
    const c = typeof claims === 'string' ? { sub: claims, name: claims } : { name: claims.sub, ...claims };
    return jwt.sign(c, this.secret, { algorithm: 'HS256', expiresIn: '1h', ...opts });
  }

  /** A request under /api/v1 (or at the root when `path` starts with `//`, e.g. '//health'). */
  async api(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<ApiResult> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const target = path.startsWith('//') ? `${this.url}${path.slice(1)}` : `${this.url}/api/v1${path}`;
    const started = performance.now();
    const res = await fetch(target, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body, headers: res.headers, ms: performance.now() - started };
  }

  kill(sig: 'SIGTERM' | 'SIGKILL' | 'SIGINT' = 'SIGTERM'): void {
    if (this.pid) signal(this.pid, sig);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it exited. */
  async stop(graceMs = 20_000): Promise<Exit> {
    if (!running(this.proc)) return this.exited;
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

let built = false;
/** `npm start`'s check: rebuild dist/ when the sources are newer (takes a while only when stale). */
export function ensureBuild(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.js')], { cwd: ROOT, stdio: 'pipe' });
  built = true;
}

/** Everything a fault test starts, torn down together by close(). */
export class Harness {
  private pg?: ThrowawayPostgres;
  private rd?: ThrowawayRedis;
  private readonly instances: Instance[] = [];

  /** The harness's PostgreSQL, started on first call. */
  async postgres(): Promise<ThrowawayPostgres> {
    this.pg ??= await ThrowawayPostgres.create();
    return this.pg;
  }

  /** The harness's Redis, started on first call. */
  async redis(): Promise<ThrowawayRedis> {
    this.rd ??= await ThrowawayRedis.create();
    return this.rd;
  }

  /** One instance of the compiled service; resolves once its /health answers 200. */
  async instance(opts: InstanceOptions = {}): Promise<Instance> {
    ensureBuild();
    const env = opts.env ?? {};
    const port = await freePort();
    const secret = env.JWT_SECRET || TEST_SECRET;
    const base: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      // Nothing from the test runner's own service configuration leaks in.
      if (v !== undefined && !/^(DATABASE_URL|REDIS_URL|JWT_|TOXICITY_|PARLEY_|PUBLIC_URL|METRICS_TOKEN|DB_|TRUST_PROXY)/.test(k)) base[k] = v;
    }
    const full: Record<string, string> = {
      ...base,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: secret,
      DATABASE_URL: env.DATABASE_URL ?? (await this.postgres()).url,
      ...(this.rd ? { REDIS_URL: this.rd.url } : {}),
      ...env,
    };
    for (const [k, v] of Object.entries(full)) if (v === '') delete full[k];
    const proc = spawn(process.execPath, [MAIN], { cwd: ROOT, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
    const inst = new Instance(proc, `http://127.0.0.1:${port}`, secret);
    this.instances.push(inst);
    await waitUntil(
      `instance on port ${port}`,
      async () => (await fetch(`${inst.url}/health`, { signal: AbortSignal.timeout(5000) })).status === 200,
      opts.readyTimeoutMs ?? 60_000,
      () => (running(proc) ? undefined : `exited before it was healthy:\n${inst.output()}`),
    );
    return inst;
  }

  /** Kills the instances, then the servers, and removes their folders; safe to call twice. */
  async close(): Promise<void> {
    const errors: unknown[] = [];
    await Promise.all(this.instances.splice(0).map((i) => i.stop(5000).catch((e: unknown) => errors.push(e))));
    for (const s of [this.rd, this.pg]) await s?.close().catch((e: unknown) => errors.push(e));
    this.rd = this.pg = undefined;
    if (errors.length) throw errors[0];
  }
}
