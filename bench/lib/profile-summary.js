'use strict';
/**
 * Where the time goes in a .cpuprofile: self time by package / source file, and the top functions,
 * as shares of the non-idle samples. `node bench/lib/profile-summary.js file.cpuprofile`
 */
const fs = require('node:fs');

function where(url) {
  if (!url) return null;
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const src = url.indexOf('/dist/src/');
  if (src !== -1) return `parley ${url.slice(src + '/dist/'.length).replace(/\.js$/, '')}`;
  if (url.startsWith('node:')) return 'node core';
  return url.replace(/^file:\/\//, '');
}

/**
 * Layers of the service named by where their code lives (first match wins, nearest frame first).
 * @type {[string, RegExp][]}
 */
const LAYERS = [
  ['parley validation pipe', /dist\/src\/common\/validation\.pipe/],
  ['parley auth guard', /dist\/src\/auth\/auth\.guard/],
  ['parley metrics', /dist\/src\/(metrics\/|common\/metrics)|node_modules\/prom-client\//],
  ['parley drain', /dist\/src\/shutdown/],
  ['parley security headers', /dist\/src\/http-edge/],
  ['cors', /node_modules\/@fastify\/cors\//],
  ['request logging (pino-http, nestjs-pino, pino)', /node_modules\/(pino-http|nestjs-pino|pino|@pinojs\/[^/]+)\//],
  ['middie', /node_modules\/@fastify\/middie\//],
  ['class-validator / class-transformer', /node_modules\/(class-validator|class-transformer)\//],
  ['typeorm', /node_modules\/typeorm\//],
  ['pg', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[^/]+)\//],
  ['nest core', /node_modules\/@nestjs\/(core|common|platform-fastify)\//],
  ['fastify', /node_modules\/(fastify|find-my-way|fast-querystring|light-my-request|avvio|@fastify\/[^/]+)\//],
  ['socket.io', /node_modules\/(socket\.io[^/]*|engine\.io[^/]*|ws)\//],
];

function summarize(file, { top = 25 } = {}) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) || 0) + (p.timeDeltas[i] || 0));
  // Parent links, to attribute native/builtin frames to the package that called them.
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const owner = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const w = where(byId.get(cur).callFrame.url);
      if (w && w !== 'node core') return w;
    }
    return 'node core';
  };
  // Native socket writes: on this kind of machine the thread is mostly preempted inside them by the
  // process it woke (the database backend), so their samples are wall time, not CPU. Kept apart.
  const SOCKET_WRITES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString']);
  let writes = 0;
  let total = 0;
  let idle = 0;
  const byPkg = new Map();
  const byFn = new Map();
  for (const [id, us] of self) {
    const f = byId.get(id).callFrame;
    if (f.functionName === '(idle)') {
      idle += us;
      continue;
    }
    if (!f.url && SOCKET_WRITES.has(f.functionName)) {
      writes += us;
      continue;
    }
    total += us;
    const special = /^\((garbage collector|program)\)$/.test(f.functionName) ? f.functionName : null;
    const pkg = special || (f.url ? where(f.url) : `${owner(id)} (native)`);
    byPkg.set(pkg, (byPkg.get(pkg) || 0) + us);
    const fn = `${f.functionName || '(anonymous)'} ${f.url ? `${where(f.url)}:${f.lineNumber + 1}` : `[${owner(id)}]`}`;
    byFn.set(fn, (byFn.get(fn) || 0) + us);
  }
  // Inclusive: a sample counts for every package on its stack (so nest, typeorm, pg overlap).
  const stackPkgs = new Map();
  const pkgsOf = (id) => {
    if (stackPkgs.has(id)) return stackPkgs.get(id);
    const up = parent.get(id);
    const set = new Set(up === undefined ? [] : pkgsOf(up));
    const w = where(byId.get(id).callFrame.url);
    if (w && w !== 'node core') set.add(w.startsWith('parley ') ? 'parley (src)' : w);
    stackPkgs.set(id, set);
    return set;
  };
  const incl = new Map();
  const counted = (id) => {
    const f = byId.get(id).callFrame;
    return f.functionName !== '(idle)' && !(!f.url && SOCKET_WRITES.has(f.functionName));
  };
  for (const [id, us] of self) {
    if (!counted(id)) continue;
    for (const k of pkgsOf(id)) incl.set(k, (incl.get(k) || 0) + us);
  }
  // Inclusive by function (outside node core): what each layer's entry points cost with callees.
  const fnKey = (f) => `${f.functionName || '(anonymous)'} ${where(f.url)}:${f.lineNumber + 1}`;
  const fnsOfCache = new Map();
  const fnsOf = (id) => {
    if (fnsOfCache.has(id)) return fnsOfCache.get(id);
    const up = parent.get(id);
    const set = new Set(up === undefined ? [] : fnsOf(up));
    const f = byId.get(id).callFrame;
    const w = where(f.url);
    if (w && w !== 'node core' && f.functionName) set.add(fnKey(f));
    fnsOfCache.set(id, set);
    return set;
  };
  const inclFn = new Map();
  for (const [id, us] of self) {
    if (!counted(id)) continue;
    for (const k of fnsOf(id)) inclFn.set(k, (inclFn.get(k) || 0) + us);
  }
  // By layer: each sample goes to the nearest frame on its stack that names a layer. Unlike the
  // inclusive views this adds up to 100 %: Fastify runs its hooks as a chain of callbacks, so a
  // hook's inclusive time also holds every later hook and the handler.
  const layerOf = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      if (/^\((garbage collector|program)\)$/.test(f.functionName)) return f.functionName;
      for (const [name, re] of LAYERS) if (re.test(f.url)) return name;
      const w = where(f.url);
      if (w && w.startsWith('parley ')) return w;
    }
    const f = byId.get(id).callFrame;
    return `${f.functionName || '(anonymous)'} [${where(f.url) || 'native'}]`;
  };
  const byLayer = new Map();
  for (const [id, us] of self) {
    if (!counted(id)) continue;
    const k = layerOf(id);
    byLayer.set(k, (byLayer.get(k) || 0) + us);
  }
  const wall = (p.endTime - p.startTime) / 1e6;
  const rows = (m, n = top) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => ({ what: k, ms: us / 1000, share: us / total }));
  return {
    file,
    wallSeconds: wall,
    busySeconds: total / 1e6,
    socketWriteSeconds: writes / 1e6,
    idleSeconds: idle / 1e6,
    byPackage: rows(byPkg),
    byLayer: rows(byLayer),
    inclusive: rows(incl),
    inclusiveFunctions: rows(inclFn, 40),
    topFunctions: rows(byFn),
  };
}

function print(s) {
  const pct = (x) => `${(x * 100).toFixed(1).padStart(5)}%`;
  console.log(
    `${s.file}: ${s.wallSeconds.toFixed(1)} s sampled: ${s.busySeconds.toFixed(1)} s running JS and the runtime, ` +
      `${s.socketWriteSeconds.toFixed(1)} s in native socket writes (mostly preempted by the woken peer; shares below exclude it), ${s.idleSeconds.toFixed(1)} s idle`,
  );
  console.log('  by layer (each sample to the nearest frame that names one):');
  for (const r of s.byLayer) console.log(`    ${pct(r.share)}  ${r.ms.toFixed(0).padStart(7)} ms  ${r.what}`);
  console.log('  self time by package / file:');
  for (const r of s.byPackage) console.log(`    ${pct(r.share)}  ${r.ms.toFixed(0).padStart(7)} ms  ${r.what}`);
  console.log('  inclusive (on the stack) by package:');
  for (const r of s.inclusive) console.log(`    ${pct(r.share)}  ${r.ms.toFixed(0).padStart(7)} ms  ${r.what}`);
  console.log('  inclusive by function:');
  for (const r of s.inclusiveFunctions) console.log(`    ${pct(r.share)}  ${r.ms.toFixed(0).padStart(7)} ms  ${r.what}`);
  console.log('  top functions (self):');
  for (const r of s.topFunctions) console.log(`    ${pct(r.share)}  ${r.ms.toFixed(0).padStart(7)} ms  ${r.what}`);
}

if (require.main === module) {
  for (const f of process.argv.slice(2)) print(summarize(f));
}

module.exports = { summarize, print };
