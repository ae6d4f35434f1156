#!/usr/bin/env node
/**
 * Bundles the browser code in src/web/client into dist/web (embed widget, dashboard, demo page)
 * with esbuild, type-checks it, and prints embed.js's gzipped size against its 30 KB budget (and the size of
 * embed-extras.js, which the widget fetches only for a signed-in reader: src/web/client/embed/extras-api.ts).
 * `--no-check` skips the type check (esbuild itself does not check types).
 * `--watch` builds, then rebuilds on every change under src/web/client (no type check, no size
 * report: `npm run typecheck` checks the client); `npm run start:dev` runs it beside `nest start --watch`.
 */
const { build, context } = require('esbuild');
const { execFileSync } = require('node:child_process');
const { copyFileSync, mkdirSync, readdirSync, readFileSync, watch, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { gzipSync } = require('node:zlib');

const root = resolve(__dirname, '..');
const client = join(root, 'src/web/client');
const out = join(root, 'dist/web');
const EMBED_BUDGET = 30 * 1024;

const entries = {
  embed: 'embed/main.ts',
  'embed-extras': 'embed/extras.ts',
  count: 'count/main.ts',
  moderate: 'moderate/main.ts',
  demo: 'demo/main.ts',
};

async function main() {
  if (process.argv.includes('--watch')) return watchMode();
  if (!process.argv.includes('--no-check')) {
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(client, 'tsconfig.json')], { stdio: 'inherit' });
    } catch {
      console.error('web: type errors in src/web/client');
      process.exit(1);
    }
  }
  mkdirSync(out, { recursive: true });
  await build(options);
  copyPages();
  const locales = copyLocales();

  const rows = [];
  for (const name of Object.keys(entries)) {
    const buf = readFileSync(join(out, `${name}.js`));
    rows.push({ name: `${name}.js`, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length });
  }
  for (const r of rows) console.log(`web: ${r.name.padEnd(16)} ${kb(r.raw).padStart(9)}  gzipped ${kb(r.gzip).padStart(8)}`);
  for (const [name, buf] of locales)
    console.log(`web: locales/${name} ${kb(buf.length)}, gzipped ${kb(gzipSync(buf, { level: 9 }).length)} (fetched only by a widget in that language)`);
  const embed = /** @type {{ name: string, raw: number, gzip: number }} */ (rows.find((r) => r.name === 'embed.js'));
  const extras = /** @type {{ name: string, raw: number, gzip: number }} */ (rows.find((r) => r.name === 'embed-extras.js'));
  console.log(
    `web: embed.js gzipped ${embed.gzip} bytes (${kb(embed.gzip)}) of the ${kb(EMBED_BUDGET)} budget, socket.io-client included;` +
      ` embed-extras.js ${extras.gzip} bytes (${kb(extras.gzip)}) more for a signed-in reader, fetched on demand`,
  );
  if (embed.gzip > EMBED_BUDGET) {
    console.error('web: embed.js is over its budget');
    process.exit(1);
  }
}

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, join(client, file)])),
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  logLevel: 'warning',
};

function copyPages() {
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(join(client, 'pages'))) copyFileSync(join(client, 'pages', f), join(out, f));
}

/** The widget's translations (src/web/client/embed/locales/*.json), minified into dist/web/locales/, fetched on demand. */
function copyLocales() {
  const from = join(client, 'embed', 'locales');
  const to = join(out, 'locales');
  mkdirSync(to, { recursive: true });
  const written = [];
  for (const f of readdirSync(from).filter((n) => n.endsWith('.json'))) {
    const buf = Buffer.from(JSON.stringify(JSON.parse(readFileSync(join(from, f), 'utf8'))));
    writeFileSync(join(to, f), buf);
    written.push([f, buf]);
  }
  return written;
}

async function watchMode() {
  const announce = {
    name: 'announce',
    setup(b) {
      b.onEnd((r) => {
        if (r.errors.length) return;
        copyPages();
        copyLocales();
        console.log(`web: bundles written to dist/web (${new Date().toLocaleTimeString()})`);
      });
    },
  };
  const ctx = await context({ ...options, plugins: [announce] });
  await ctx.watch();
  // The pages are copied, not bundled: esbuild does not see them change.
  watch(join(client, 'pages'), () => copyPages());
  console.log('web: watching src/web/client');
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
