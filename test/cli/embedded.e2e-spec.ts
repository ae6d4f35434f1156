/**
 * The command line on the embedded default: no DATABASE_URL, PGlite in PARLEY_DATA_DIR (a temp
 * folder here). A fresh folder has no schema until `parley migrate`; what a command writes is
 * there for the next one.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/schema';
import { buildOnce, runCli } from './cli-helpers';

jest.setTimeout(180_000);

describe('parley command line on the embedded database', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    buildOnce();
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    env = { PARLEY_DATA_DIR: dir, NODE_ENV: 'development' };
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sites:list asks for migrations first; migrate applies them; sites:list and sites:create then work across runs', async () => {
    const before = await runCli(['sites:list'], env);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('run `parley migrate` first');

    const migrated = await runCli(['migrate'], env);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout.trimEnd().split('\n')).toEqual(MIGRATIONS.map((m) => `applied ${m.name}`));
    expect((await runCli(['migrate'], env)).stdout).toBe('no pending migrations\n');

    const listed = await runCli(['sites:list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+ORIGINS\s+SECRETS\ndefault\s+/);

    const created = await runCli(['sites:create', 'local-news', '--name', 'Local News', '--json'], env);
    expect(created.code).toBe(0);
    expect(created.json().site).toMatchObject({ id: 'local-news', name: 'Local News', origins: [] });
    const after = (await runCli(['sites:list', '--json'], env)).json();
    expect(after.items.map((s: any) => s.id)).toEqual(['default', 'local-news']);
    expect((await runCli(['sites:create', 'local-news', '--name', 'Again'], env)).code).toBe(1);
  });

  it('refuses a data folder another live process holds, and takes over a lock its holder left behind', async () => {
    const lock = join(dir, 'pglite', 'pglite.lock');
    // This test's own process stands for a running service holding the folder.
    writeFileSync(lock, String(process.pid));
    const refused = await runCli(['sites:list'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Another Parley process (pid ${process.pid}) uses the embedded database`);
    expect(refused.stderr).not.toContain('    at ');
    // A pid no process has: the lock is stale, taken over, and released after the command.
    writeFileSync(lock, '2147483646');
    const listed = await runCli(['sites:list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(listed.json().items.map((s: any) => s.id)).toEqual(['default', 'local-news']);
    expect(existsSync(lock)).toBe(false);
  });
});
