#!/usr/bin/env node
/**
 * `npm start` runs this first: it builds (`npm run build`) only when dist/ is older than what it is
 * built from, so starting a current build takes no time.
 *
 *   node scripts/build-if-stale.js           build if stale, else say the build is current
 *   node scripts/build-if-stale.js --stamp   write dist/.build-stamp (the last step of `npm run build`)
 *
 * The stamp's mtime is when the last successful build started (when this script ran it) or ended
 * (a plain `npm run build`). The build is stale when the stamp is missing, when dist/src/main.js or
 * dist/web/embed.js is, or when anything below is newer than the stamp: a file or a folder under
 * src/ or migrations/ (a folder's mtime moves when a file in it is added, removed or renamed),
 * scripts/build-web.js, a tsconfig*.json, nest-cli.json or package.json.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const outputs = [join(dist, 'src', 'main.js'), join(dist, 'web', 'embed.js')];

if (process.argv.includes('--stamp')) {
  writeFileSync(stamp, `built from the sources as they were at ${new Date().toISOString()}\n`);
  // Set by the build this script started: a source saved during the build is then newer than the stamp.
  const started = Number(process.env.PARLEY_BUILD_STARTED_AT);
  if (started > 0) utimesSync(stamp, started / 1000, started / 1000);
  process.exit(0);
}

/** The newest file or folder below `path` (itself included), as [mtimeMs, path]. */
function newest(path) {
  /** @type {[number, string]} */
  let best = [0, path];
  let st;
  try {
    st = statSync(path);
  } catch {
    return best;
  }
  best = [st.mtimeMs, path];
  if (st.isDirectory()) {
    for (const name of readdirSync(path)) {
      const found = newest(join(path, name));
      if (found[0] > best[0]) best = found;
    }
  }
  return best;
}

function staleReason() {
  if (!existsSync(stamp)) return 'no dist/.build-stamp (never built, or the last build failed)';
  const missing = outputs.find((f) => !existsSync(f));
  if (missing) return `${relative(root, missing)} is missing`;
  const built = statSync(stamp).mtimeMs;
  const inputs = [
    join(root, 'src'),
    join(root, 'migrations'),
    join(root, 'scripts', 'build-web.js'),
    join(root, 'nest-cli.json'),
    join(root, 'package.json'),
    ...readdirSync(root)
      .filter((f) => /^tsconfig.*\.json$/.test(f))
      .map((f) => join(root, f)),
  ];
  for (const input of inputs) {
    const [mtime, path] = newest(input);
    if (mtime > built) return `${relative(root, path)} changed since the last build`;
  }
  return null;
}

const reason = staleReason();
if (!reason) {
  console.log('build: dist/ is current, not rebuilding');
  process.exit(0);
}
console.log(`build: ${reason}; running npm run build`);
const env = { ...process.env, PARLEY_BUILD_STARTED_AT: String(Date.now()) };
const npm = process.env.npm_execpath;
const run = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: 'inherit', env })
  : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
process.exit(run.status ?? 1);
