#!/usr/bin/env node
/**
 * `npx parley <command>`: the operators' command line (`npx parley help` lists the commands).
 * It runs the compiled dist/src/cli/main.js. In a source checkout the build is brought up to date
 * first, as `npm start` does (scripts/build-if-stale.js; its messages go to standard error so
 * the command's output stays clean); PARLEY_SKIP_BUILD=1 runs dist as it is.
 */
'use strict';
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const entry = join(root, 'dist', 'src', 'cli', 'main.js');
const buildIfStale = join(root, 'scripts', 'build-if-stale.js');
const checkout = existsSync(join(root, 'src')) && existsSync(buildIfStale);

/** Runs build-if-stale; resolves with its exit code. Its "dist/ is current" line is not repeated. */
function build() {
  return new Promise((done) => {
    const child = spawn(process.execPath, [buildIfStale], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      const text = String(chunk).replace(/^build: dist\/ is current, not rebuilding\n?/m, '');
      if (text) process.stderr.write(text);
    });
    child.on('error', (err) => {
      process.stderr.write(`parley: could not check the build: ${err.message}\n`);
      done(1);
    });
    child.on('close', (code) => done(code ?? 1));
  });
}

async function start() {
  if (checkout && process.env.PARLEY_SKIP_BUILD !== '1') {
    const code = await build();
    if (code !== 0) {
      process.stderr.write('parley: the build failed (see above); fix it or run `npm run build`, then try again\n');
      process.exit(1);
    }
  }
  if (!existsSync(entry)) {
    process.stderr.write(`parley: ${entry} is missing: build Parley first (npm run build)\n`);
    process.exit(1);
  }
  require(entry).main(process.argv.slice(2));
}

void start();
