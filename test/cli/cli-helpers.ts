import { execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * Runs the real `bin/parley.js` as a child process (not a spec file). The build is brought up to
 * date once per test file (buildOnce); each run then skips the check (PARLEY_SKIP_BUILD=1) so a
 * source saved meanwhile does not start a build in the middle of a test.
 */

const ROOT = resolve(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'parley.js');

/** Variables of the test runner that would point the command line elsewhere: never inherited. */
const CLEARED = ['DATABASE_URL', 'JWT_SECRET', 'JWT_PUBLIC_KEY', 'REDIS_URL', 'TOXICITY_URL', 'PARLEY_DATA_DIR', 'PUBLIC_URL', 'NODE_ENV', 'PORT', 'DEMO'];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed (for --json runs). */
  json(): any;
}

export function buildOnce(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.js')], { cwd: ROOT, stdio: 'pipe' });
}

export function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !CLEARED.includes(k)) base[k] = v;
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...base, PARLEY_SKIP_BUILD: '1', ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  if (input !== undefined) child.stdin!.end(input);
  return new Promise((ok, fail) => {
    child.once('error', fail);
    child.once('close', (code) =>
      ok({
        code,
        stdout,
        stderr,
        json() {
          try {
            return JSON.parse(stdout);
          } catch {
            throw new Error(`not JSON (exit ${code}):\n${stdout}\n${stderr}`);
          }
        },
      }),
    );
  });
}
