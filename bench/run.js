#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` (after `npm run build`): seeds or reuses the bench database, then starts the
 * service built for production and the raw reference server one after the other and measures each
 * with the same scenarios; prints a table with ratios and which targets are met, and writes
 * bench/results.json and the README's Benchmarks section. See bench/README.md.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const cfg = require('./lib/config');
const db = require('./lib/db');
const { sign } = require('./lib/jwt');
const load = require('./lib/load');
const { Room, settledRss } = require('./lib/live');
const { startServer, sleep, killAll } = require('./lib/procs');
const report = require('./lib/report');
const profileSummary = require('./lib/profile-summary');
const importBench = require('./lib/import');

const HTTP_SCENARIOS = ['first', 'ceiling', 'first-cold', 'page2', 'deep', 'replies', 'counts', 'post', 'post-hot'];
/** Scenarios only the service runs: the trivial route exists on it alone; two instances need its Redis adapter. */
const SERVICE_ONLY = ['ceiling', 'live2'];
const ALL_SCENARIOS = [...HTTP_SCENARIOS, 'live', 'live2', 'import'];
const PROFILE = process.env.BENCH_PROFILE || null;
/** Which server BENCH_PROFILE profiles: the service unless told (the reference, for comparison). */
const PROFILE_SERVER = process.env.BENCH_PROFILE_SERVER || 'service';
if (PROFILE && !ALL_SCENARIOS.includes(PROFILE)) throw new Error(`BENCH_PROFILE must be one of ${ALL_SCENARIOS.join(', ')}`);
const SCENARIOS = PROFILE ? [PROFILE] : (cfg.SCENARIOS ?? ALL_SCENARIOS);
const SERVERS = PROFILE ? [PROFILE_SERVER] : cfg.SERVERS;
for (const s of SCENARIOS) if (!ALL_SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}; known: ${ALL_SCENARIOS.join(', ')}`);
for (const s of SERVERS) if (!['service', 'reference'].includes(s)) throw new Error(`unknown server ${s}`);
const want = (s) => SCENARIOS.includes(s);
const CEILING_HOOK = path.join(cfg.BENCH_DIR, 'lib', 'ceiling-hook.js');

const log = (...a) => console.log(...a);
const WORDS = {
  // Word lists so the filters do real work on every post; no bench body contains any of them.
  bannedWords: [
    'scumbag',
    'moron',
    'idiot',
    'cretin',
    'imbecile',
    'halfwit',
    'nitwit',
    'dimwit',
    'numbskull',
    'bonehead',
    'pillock',
    'plonker',
    'muppet',
    'tosser',
    'wazzock',
    'nincompoop',
    'dunce',
    'buffoon',
    'clown',
    'dolt',
  ],
  suspectWords: [
    'traitor',
    'liar',
    'fraud',
    'crook',
    'thief',
    'scam',
    'rigged',
    'corrupt',
    'shill',
    'troll',
    'bot',
    'sheep',
    'puppet',
    'stooge',
    'hack',
    'grifter',
    'charlatan',
    'swindler',
    'con',
    'quack',
  ],
};

// ---- helpers -----------------------------------------------------------------------------------

async function getJson(url, init) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  if (!res.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url} -> ${res.status} ${typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body).slice(0, 300)}`);
  return body;
}

const tokens = Array.from({ length: cfg.WRITERS }, (_, i) =>
  sign({ sub: `${cfg.WRITER_PREFIX}${String(i).padStart(4, '0')}`, name: `Bench Writer ${i}`, role: 'reader' }, cfg.JWT_SECRET),
);
const adminToken = sign({ sub: 'bench-admin', name: 'Bench Admin', role: 'admin' }, cfg.JWT_SECRET);

function postComment(base, articleId, body, k) {
  return getJson(`${base}/api/v1/articles/${encodeURIComponent(articleId)}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[k % tokens.length]}` },
    body: JSON.stringify({ body }),
  });
}

/** The same reads against both servers must give the same answers; fingerprints are compared at the end. */
async function sanity(base, fx, deepCursor) {
  const first = await getJson(`${base}/api/v1/articles/${fx.hotArticle}/comments?limit=${cfg.PAGE_LIMIT}`);
  if (first.items?.length !== cfg.PAGE_LIMIT || !first.nextCursor) throw new Error(`first page is not a full page: ${JSON.stringify(first).slice(0, 300)}`);
  const deep = await getJson(`${base}/api/v1/articles/${fx.hotArticle}/comments?limit=${cfg.PAGE_LIMIT}&cursor=${encodeURIComponent(deepCursor)}`);
  const replies = await getJson(`${base}/api/v1/comments/${fx.busyComment}/replies?limit=${cfg.PAGE_LIMIT}`);
  const counts = await getJson(`${base}/api/v1/counts?articleIds=${countIdSets[0].join(',')}`);
  return {
    firstPage: first.items.map((c) => c.id).join(','),
    total: first.total,
    deepPage: deep.items.map((c) => c.id).join(','),
    replies: replies.items.map((c) => c.id).join(','),
    counts: JSON.stringify(counts.counts),
  };
}

/**
 * Follows nextCursor `pages` times from the first page. Returns the cursor of page 2 (the same
 * uncached keyset path as a deep page, one page down) and of page pages+1.
 */
async function walkCursor(base, fx, pages) {
  let cursor = null;
  let page2 = null;
  for (let p = 0; p < pages; p++) {
    const q = `limit=${cfg.PAGE_LIMIT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await getJson(`${base}/api/v1/articles/${fx.hotArticle}/comments?${q}`);
    if (!page.nextCursor) throw new Error(`cursor chain ended after ${p + 1} pages`);
    cursor = page.nextCursor;
    if (p === 0) page2 = cursor;
  }
  return { page2, deep: cursor };
}

/** 50 sets of 100 article ids (of the 10,000 seeded), rotated per request. */
const countIdSets = Array.from({ length: 50 }, (_, s) =>
  Array.from({ length: 100 }, (_, i) => `bench-a-${String(1 + ((s * 100 + i * 97) % cfg.SEED.articles)).padStart(5, '0')}`),
);

function httpRequest(scenario, fx, cursors, serverName) {
  const list = `/api/v1/articles/${fx.hotArticle}/comments?limit=${cfg.PAGE_LIMIT}`;
  switch (scenario) {
    case 'first':
      return { requests: [{ method: 'GET', path: list }] };
    case 'ceiling':
      // The trivial route bench/lib/ceiling-hook.js adds to the service: what any answer on this server costs at least.
      return { requests: [{ method: 'GET', path: '/bench/ceiling' }] };
    case 'first-cold': {
      // The first page of each of the 10,000 seeded articles in turn: more than the service's cache
      // holds, so each is read from the database as a cold article's is.
      const paths = Array.from(
        { length: cfg.SEED.articles },
        (_, i) => `/api/v1/articles/bench-a-${String(i + 1).padStart(5, '0')}/comments?limit=${cfg.PAGE_LIMIT}`,
      );
      let i = 0;
      return { requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }] };
    }
    case 'page2':
      return { requests: [{ method: 'GET', path: `${list}&cursor=${encodeURIComponent(cursors.page2)}` }] };
    case 'deep':
      return { requests: [{ method: 'GET', path: `${list}&cursor=${encodeURIComponent(cursors.deep)}` }] };
    case 'replies':
      return { requests: [{ method: 'GET', path: `/api/v1/comments/${fx.busyComment}/replies?limit=${cfg.PAGE_LIMIT}` }] };
    case 'counts': {
      const paths = countIdSets.map((ids) => `/api/v1/counts?articleIds=${ids.join(',')}`);
      let i = 0;
      return { requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }] };
    }
    case 'post':
    case 'post-hot': {
      // post: spread over POST_ARTICLES articles; post-hot: every post on one article (one hot row).
      const articles =
        scenario === 'post-hot'
          ? [`${cfg.RUN_ARTICLE_PREFIX}hot-${serverName}`]
          : Array.from({ length: cfg.POST_ARTICLES }, (_, a) => `${cfg.RUN_ARTICLE_PREFIX}post-${serverName}-${a}`);
      const run = Date.now().toString(36);
      let i = 0;
      return {
        requests: [
          {
            method: 'POST',
            path: `/api/v1/articles/${articles[0]}/comments`,
            setupRequest: (req) => {
              const k = i++;
              return {
                ...req,
                path: `/api/v1/articles/${articles[k % articles.length]}/comments`,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[k % tokens.length]}` },
                body: JSON.stringify({ body: `Comment ${k} of run ${run}: the second half of the piece changes the picture, read it before replying.` }),
              };
            },
          },
        ],
      };
    }
    default:
      throw new Error(scenario);
  }
}

// ---- profiling ---------------------------------------------------------------------------------

function ipc(srv, msg, answer) {
  return new Promise((resolve, reject) => {
    const on = (m) => {
      if (m === answer) {
        srv.child.off('message', on);
        resolve(undefined);
      } else if (m && m.error) {
        srv.child.off('message', on);
        reject(new Error(m.error));
      }
    };
    srv.child.on('message', on);
    srv.child.send(msg);
  });
}

async function profiled(srv, scenario, work) {
  if (!PROFILE || srv.name !== PROFILE_SERVER) return work();
  const file = path.join(cfg.TMP_DIR, `profile-${scenario}${srv.name === 'service' ? '' : `-${srv.name}`}.cpuprofile`);
  await ipc(srv, 'profile:start', 'profile:started');
  const out = await work();
  await ipc(srv, { stop: file }, 'profile:written');
  log(`\nCPU profile of the ${srv.name} during ${scenario}: ${path.relative(cfg.ROOT, file)}`);
  profileSummary.print(profileSummary.summarize(file));
  return out;
}

// ---- one server --------------------------------------------------------------------------------

async function liveScenario(srv, name) {
  const article = `${cfg.RUN_ARTICLE_PREFIX}live-${name}`;
  const room = new Room(srv.url, article);
  const post = (body, k) => postComment(srv.url, article, body, k);
  const out = { rooms: {} };
  try {
    // Warm the socket and post paths, then let the process settle before the baseline.
    await room.grow(200);
    await room.fanout({ count: 5, post, label: `${name} warm-up` });
    await room.shrink(0);
    const base = await settledRss(srv.pid, 2500);
    out.rssBaseline = base;
    const sizes = [...cfg.SOCKETS].sort((a, b) => a - b);
    // Memory first, with nothing else going on: RSS after each room size is reached.
    for (const n of sizes) {
      const t0 = performance.now();
      await room.grow(n);
      const connectSeconds = (performance.now() - t0) / 1000;
      const now = await settledRss(srv.pid);
      out.rooms[n] = { sockets: n, rss: now, bytesPerSocket: (now - base) / n, connectSeconds };
      log(`  ${name}: ${n} sockets joined, RSS ${(now / 2 ** 20).toFixed(0)} MiB (+${((now - base) / n / 1024).toFixed(1)} KiB/socket)`);
    }
    // Fan-out, biggest room first, then smaller rooms by disconnecting sockets.
    for (const n of [...sizes].reverse()) {
      await room.shrink(n);
      if (n !== sizes[sizes.length - 1]) await sleep(2000);
      const fan = () => room.fanout({ count: cfg.FANOUT_POSTS, post, label: name });
      const f = n === sizes[sizes.length - 1] ? await profiled(srv, 'live', fan) : await fan();
      Object.assign(out.rooms[n], {
        lastMedian: report.median(f.last),
        lastMax: f.last.length ? Math.max(...f.last) : null,
        postMedian: report.median(f.postMs),
        samples: f.last,
        missing: f.missing,
      });
      if (f.missing) log(`  ${name}: WARNING ${f.missing} deliveries missing at ${n} sockets`);
      log(`  ${name}: fan-out to ${n}: last delivery median ${report.fmt.ms(out.rooms[n].lastMedian)} ms, max ${report.fmt.ms(out.rooms[n].lastMax)} ms`);
    }
  } finally {
    await room.close();
  }
  return out;
}

/**
 * Raises the per-user limits so 1,000 writers at full speed trip neither the flood check nor
 * (where the build has one) the per-reader write limit; the pipeline still runs every check.
 */
async function benchSettings(url) {
  const auth = { authorization: `Bearer ${adminToken}` };
  const current = await getJson(`${url}/api/v1/settings`, { headers: auth });
  const rateLimits = { commentsPerMinute: 1000, duplicateWindowSeconds: 0 };
  if (current.rateLimits && 'writesPerMinute' in current.rateLimits) rateLimits.writesPerMinute = 100_000;
  return getJson(`${url}/api/v1/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ rateLimits, ...WORDS }),
  });
}

/**
 * Two service instances sharing PostgreSQL and Redis (the Redis adapter, as a deployment of more
 * than one instance runs), half of the biggest room on each; comments posted on the first, each
 * timed until the last socket of either instance has it.
 */
async function liveTwoInstances(dist) {
  const sockets = Math.max(...cfg.SOCKETS);
  const env = {
    DATABASE_URL: cfg.DATABASE_URL,
    JWT_SECRET: cfg.JWT_SECRET,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    REDIS_URL: cfg.REDIS_URL,
    REDIS_PREFIX: `parley-bench-${process.pid}-${Date.now().toString(36)}`,
    TOXICITY_URL: '',
  };
  const script = path.join(dist, 'src', 'main.js');
  log(`\n== two service instances with Redis (${cfg.REDIS_URL}): ${sockets / 2} sockets on each, posts on the first`);
  const a = await startServer({ name: 'service-a', script, env, logFile: path.join(cfg.TMP_DIR, 'service-a.log') });
  const b = await startServer({ name: 'service-b', script, env, logFile: path.join(cfg.TMP_DIR, 'service-b.log') });
  const article = `${cfg.RUN_ARTICLE_PREFIX}live2`;
  const room = new Room([a.url, b.url], article);
  const post = (body, k) => postComment(a.url, article, body, k);
  try {
    await benchSettings(a.url);
    await room.grow(200);
    await room.fanout({ count: 5, post, label: 'two instances warm-up' });
    await room.shrink(0);
    await sleep(1000);
    const t0 = performance.now();
    await room.grow(sockets);
    const connectSeconds = (performance.now() - t0) / 1000;
    await sleep(2000);
    const f = await room.fanout({ count: cfg.FANOUT_POSTS, post, label: 'two instances' });
    const out = {
      sockets,
      perInstance: room.countsPerUrl(),
      connectSeconds,
      lastMedian: report.median(f.last),
      lastMax: f.last.length ? Math.max(...f.last) : null,
      postMedian: report.median(f.postMs),
      samples: f.last,
      missing: f.missing,
    };
    if (f.missing) log(`  two instances: WARNING ${f.missing} deliveries missing`);
    log(
      `  two instances: fan-out to ${sockets} (${out.perInstance.join(' + ')}): last delivery median ${report.fmt.ms(out.lastMedian)} ms, max ${report.fmt.ms(out.lastMax)} ms`,
    );
    return out;
  } finally {
    await room.close();
    await a.stop();
    await b.stop();
  }
}

async function benchServer(name, fx, dist) {
  const env = { DATABASE_URL: cfg.DATABASE_URL, JWT_SECRET: cfg.JWT_SECRET, NODE_ENV: 'production', LOG_LEVEL: 'warn', REDIS_URL: '', TOXICITY_URL: '' };
  const spec =
    name === 'service'
      ? { script: path.join(dist, 'src', 'main.js'), nodeArgs: ['-r', CEILING_HOOK] }
      : { script: path.join(cfg.BENCH_DIR, 'reference', 'server.js'), nodeArgs: /** @type {string[]} */ ([]) };
  if (PROFILE) spec.nodeArgs.push('-r', path.join(cfg.BENCH_DIR, 'lib', 'profiler-hook.js'));
  if (process.env.BENCH_NODE_ARGS) spec.nodeArgs.push(...process.env.BENCH_NODE_ARGS.split(/\s+/).filter(Boolean));
  log(`\n== ${name}: starting ${path.relative(cfg.ROOT, spec.script)} (NODE_ENV=production, LOG_LEVEL=warn)`);
  const srv = await startServer({ name, ...spec, env, logFile: path.join(cfg.TMP_DIR, `${name}.log`), ipc: !!PROFILE });
  const out = { pid: srv.pid };
  try {
    if (name === 'service') out.settings = await benchSettings(srv.url);
    let t0 = performance.now();
    const cursors = await walkCursor(srv.url, fx, cfg.DEEP_PAGES);
    out.cursorWalkSeconds = (performance.now() - t0) / 1000;
    log(`  ${name}: walked ${cfg.DEEP_PAGES} pages for the deep cursor in ${out.cursorWalkSeconds.toFixed(1)} s`);
    out.check = await sanity(srv.url, fx, cursors.deep);
    // A short sequential warm-up of the write path before the socket scenario uses it.
    for (let k = 0; k < 50; k++) await postComment(srv.url, `${cfg.RUN_ARTICLE_PREFIX}warm-${name}`, `warm-up comment ${k} ${Date.now()}`, k);

    if (want('live')) out.live = await liveScenario(srv, name);

    for (const scenario of HTTP_SCENARIOS.filter(want)) {
      if (SERVICE_ONLY.includes(scenario) && name !== 'service') continue;
      const request = httpRequest(scenario, fx, cursors, name);
      t0 = performance.now();
      const r = await profiled(srv, scenario, async () => {
        const warm = PROFILE ? cfg.WARMUP : 0;
        if (warm) await load.run({ url: srv.url, connections: cfg.CONNECTIONS, duration: warm, ...request });
        return load.measure({ url: srv.url, connections: cfg.CONNECTIONS, duration: cfg.DURATION, warmup: PROFILE ? 0 : cfg.WARMUP, request, pid: srv.pid });
      });
      out[scenario] = r;
      const bad = r.non2xx + r.errors + r.timeouts;
      log(
        `  ${name}: ${scenario.padEnd(8)} ${report.fmt.rps(r.rps).padStart(7)} req/s  p50 ${report.fmt.ms(r.p50)} ms  p99 ${report.fmt.ms(r.p99)} ms  CPU ${report.fmt.ms2(r.cpuMsPerRequest)} ms/req` +
          (bad ? `  (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts: ${JSON.stringify(r.statusCodes)})` : ''),
      );
      if (!srv.alive) throw new Error(`${name} died during ${scenario}; see ${srv.logFile}`);
    }
  } finally {
    await srv.stop();
  }
  return out;
}

/** The commit under test, and whether src/ or migrations/ had uncommitted changes when it was built. */
function gitState() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: cfg.ROOT, encoding: 'utf8' }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain', '--', 'src', 'migrations') !== '' };
  } catch {
    return null;
  }
}

// ---- main --------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  fs.mkdirSync(cfg.TMP_DIR, { recursive: true });
  // The build under test, copied: a rebuild elsewhere in the tree (npm test builds) cannot pull
  // dist/ from under a running server. Dependencies still resolve from the repository's node_modules.
  // BENCH_DIST: another build of the same tree (e.g. `npx tsc -p tsconfig.build.json --outDir …` plus dist/web).
  const built = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(cfg.ROOT, 'dist');
  if (!fs.existsSync(path.join(built, 'src', 'main.js')))
    throw new db.BenchError('dist/src/main.js is missing: run `npm run build` first (npm run bench does)');
  const dist = path.join(cfg.TMP_DIR, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  fs.cpSync(built, dist, { recursive: true });

  const client = await db.ensureDatabase();
  let results;
  try {
    db.migrate(dist);
    await db.setSynchronousCommit(client, cfg.SYNCHRONOUS_COMMIT);
    await db.seed(client);
    const fx = await db.fixtures(client);
    const pg = (await client.query('SHOW server_version')).rows[0].server_version;
    results = {
      date: new Date().toISOString(),
      machine: { ...report.machine(), loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))) },
      build: gitState(),
      postgres: `PostgreSQL ${pg}`,
      config: {
        duration: cfg.DURATION,
        connections: cfg.CONNECTIONS,
        warmup: cfg.WARMUP,
        sockets: cfg.SOCKETS,
        fanoutPosts: cfg.FANOUT_POSTS,
        synchronousCommit: cfg.SYNCHRONOUS_COMMIT,
        postArticles: cfg.POST_ARTICLES,
        pageLimit: cfg.PAGE_LIMIT,
        deepPages: cfg.DEEP_PAGES,
        writers: cfg.WRITERS,
        scenarios: SCENARIOS,
        servers: SERVERS,
        profile: PROFILE,
      },
      seed: { ...cfg.SEED, hotTotal: fx.hotTotal, busyComment: fx.busyComment, busyReplies: fx.busyReplies },
      servers: {},
      sameAnswers: /** @type {boolean | undefined} */ (undefined),
      /** The import scenario's figures (bench/lib/import.js), when it ran. */
      import: /** @type {any} */ (undefined),
    };
    log(
      `bench database ${db.describe(cfg.DATABASE_URL)}: ${fx.hotArticle} has ${fx.hotTotal.toLocaleString('en')} comments; ` +
        `busy comment ${fx.busyComment} has ${fx.busyReplies} replies`,
    );
    log(`autocannon: ${cfg.CONNECTIONS} connections, ${cfg.WARMUP} s warm-up + ${cfg.DURATION} s per scenario; machine: ${report.machineLine(results)}`);

    // Only the import scenario: no server to start.
    for (const name of SCENARIOS.every((s) => s === 'import') ? [] : SERVERS) {
      await db.cleanup(client);
      results.servers[name] = await benchServer(name, fx, dist);
      if (name === 'service' && want('live2') && !PROFILE) results.servers[name].live2 = await liveTwoInstances(dist);
      // What it wrote: every post published (the pipeline let them through) and counters in step.
      const statuses = await db.posted(client);
      results.servers[name].posted = statuses;
      const held = Object.entries(statuses).filter(([st]) => st !== 'approved');
      if (held.length) log(`  WARNING: ${name} did not publish every post: ${JSON.stringify(statuses)}`);
      await db.check(client);
      log(`  ${name}: ${statuses.approved ?? 0} comments posted and published; counters consistent with the rows`);
    }
    await db.cleanup(client);
    if (want('import') && !PROFILE) {
      // The same importer at a tenth of the size first: peak memory must not grow with the file.
      const n = importBench.COMMENTS;
      const threads = importBench.THREADS;
      log(`\n== import: Disqus exports of ${(n / 10).toLocaleString('en')} and ${n.toLocaleString('en')} comments through \`parley import\``);
      const small = await importBench.runImport({ db: client, dist, comments: n / 10, threads: threads / 10, label: 'small', log });
      const large = await importBench.runImport({ db: client, dist, comments: n, threads, label: 'large', log });
      const postRps = results.servers.service?.post?.rps ?? null;
      results.import = { small, large, postRps, ratioToPost: postRps ? large.commentsPerSecond / postRps : null };
    }
  } finally {
    await client.end();
  }
  if (PROFILE) return;

  // Both servers answered the same reads the same way?
  const [a, b] = SERVERS.map((n) => results.servers[n]?.check);
  if (a && b) {
    const differ = Object.keys(a).filter((k) => a[k] !== b[k]);
    results.sameAnswers = differ.length === 0;
    if (differ.length) log(`\nWARNING: service and reference answered differently: ${differ.join(', ')}`);
  }

  if (Object.keys(results.servers).length) {
    const t = report.table(results);
    log(`\n${report.asText(t)}\n`);
    for (const line of report.targetLines(results)) log(line);
  }
  for (const line of importLines(results.import)) log(line);

  const complete = SERVERS.length === 2 && ALL_SCENARIOS.every(want);
  const official = complete && cfg.DURATION === 10 && cfg.CONNECTIONS === 50;
  const file = official ? path.join(cfg.BENCH_DIR, 'results.json') : path.join(cfg.TMP_DIR, 'results.json');
  report.save(file, results);
  log(`\nresults: ${path.relative(cfg.ROOT, file)}${official ? '' : ' (not a full run: bench/results.json and the README are left alone)'}`);
  if (official && report.updateReadme(path.join(cfg.ROOT, 'README.md'), results)) log('README.md: Benchmarks section updated');
  log(`bench took ${((Date.now() - started) / 60000).toFixed(1)} min`);
}

/** The import scenario's figures and its target (≥ 20× the service's post req/s of the same run). */
function importLines(r) {
  if (!r) return [];
  const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const rate = (x) => `${Math.round(x.commentsPerSecond).toLocaleString('en')} comments/s`;
  return [
    `import ${r.large.imported.toLocaleString('en')} comments (${mib(r.large.bytes)} Disqus XML): ${rate(r.large)}, peak RSS ${mib(r.large.peakRss)}; ` +
      `at ${r.small.imported.toLocaleString('en')}: ${rate(r.small)}, peak RSS ${mib(r.small.peakRss)}`,
    r.ratioToPost == null
      ? 'import ≥ 20× post req/s: not measured (run the post scenario in the same run)'
      : `import ≥ 20× post req/s: ${r.ratioToPost >= 20 ? 'met' : 'MISSED'} (${r.ratioToPost.toFixed(1)}× of ${r.postRps.toFixed(0)} posts/s)`,
  ];
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    killAll('SIGKILL');
    console.error(err instanceof db.BenchError ? `\nbench: ${err.message}` : `\nbench failed: ${err.stack || err}`);
    process.exit(1);
  });
