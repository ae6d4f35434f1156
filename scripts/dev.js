#!/usr/bin/env node
/**
 * `npm run start:dev`: the server under `nest start --watch` and the browser bundles under
 * `node scripts/build-web.js --watch`, side by side in one terminal. Ctrl-C stops both; when one
 * exits, the other is stopped and its exit code is passed on.
 *
 * Nest empties dist/ once when it starts (deleteOutDir), so the web watcher starts only after the
 * server's first compile has written dist/src/main.js; otherwise its first bundles would be deleted.
 */
const { spawn } = require('node:child_process');
const { statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const mainJs = join(root, 'dist', 'src', 'main.js');
const startedAt = Date.now();
const extra = process.argv.slice(2); // e.g. npm run start:dev -- --debug

/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();
let stopping = false;

function run(name, args) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`dev: ${name} exited (${signal ?? `code ${code}`}); stopping the rest`);
      stop(code ?? 1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  return child;
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(code);
  }, 5000).unref();
}

for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => stop(0));

run('nest', [require.resolve('@nestjs/cli/bin/nest.js'), 'start', '--watch', ...extra]);

const deadline = startedAt + 120_000;
const timer = setInterval(() => {
  let fresh = false;
  try {
    fresh = statSync(mainJs).mtimeMs >= startedAt;
  } catch {
    // not written yet
  }
  if (stopping) clearInterval(timer);
  else if (fresh || Date.now() > deadline) {
    clearInterval(timer);
    run('web', [join(__dirname, 'build-web.js'), '--watch']);
  }
}, 250);
