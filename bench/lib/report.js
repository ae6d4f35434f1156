'use strict';
/** The table, the targets, bench/results.json and the README's Benchmarks section. */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const fmt = {
  rps: (v) => (v == null ? '–' : Math.round(v).toLocaleString('en')),
  ms: (v) => (v == null ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1)),
  ms2: (v) => (v == null ? '–' : v >= 10 ? v.toFixed(1) : v.toFixed(2)),
  kb: (v) => (v == null ? '–' : (v / 1024).toFixed(1)),
};

const median = (xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

/** Rows of the table: [scenario, metric, unit kind, service value, reference value, better]. */
function rows(results) {
  const s = results.servers.service ?? {};
  const r = results.servers.reference ?? {};
  /** @type {{ scenario: string, metric: string, kind: string, service?: number, reference?: number, better: string, ratio?: number | null }[]} */
  const out = [];
  const http = (key, title, withP99 = true) => {
    if (!s[key] && !r[key]) return;
    out.push({ scenario: title, metric: 'req/s', kind: 'rps', service: s[key]?.rps, reference: r[key]?.rps, better: 'higher' });
    if (withP99) out.push({ scenario: title, metric: 'p99 ms', kind: 'ms', service: s[key]?.p99, reference: r[key]?.p99, better: 'lower' });
    out.push({
      scenario: title,
      metric: 'server CPU ms/req',
      kind: 'ms2',
      service: s[key]?.cpuMsPerRequest,
      reference: r[key]?.cpuMsPerRequest,
      better: 'lower',
    });
  };
  http('first', 'first page, hot article');
  http('ceiling', 'trivial route on the service (ceiling)');
  http('first-cold', 'first page, 10,000 articles in turn (cold)');
  http('page2', 'page 2 by cursor (not cached)');
  http('deep', `page ${results.config.deepPages + 1} by cursor (${(results.config.deepPages * results.config.pageLimit).toLocaleString('en')} deep)`);
  http('replies', 'replies of a busy comment');
  http('counts', 'counts for 100 ids');
  http('post', `post a comment (${results.config.postArticles} articles)`);
  http('post-hot', 'post a comment (all on one article)');
  for (const n of results.config.sockets) {
    const a = s.live?.rooms?.[n];
    const b = r.live?.rooms?.[n];
    if (!a && !b) continue;
    const title = `fan-out to ${n.toLocaleString('en')} sockets`;
    out.push({ scenario: title, metric: 'last delivery median ms', kind: 'ms', service: a?.lastMedian, reference: b?.lastMedian, better: 'lower' });
    out.push({ scenario: title, metric: 'last delivery max ms', kind: 'ms', service: a?.lastMax, reference: b?.lastMax, better: 'lower' });
  }
  if (s.live2) {
    const title = `fan-out to ${s.live2.sockets.toLocaleString('en')} sockets, two instances + Redis (${s.live2.perInstance.join(' + ')})`;
    // Beside the single instance's figures in the rows above; the reference has no two-instance setup.
    out.push({ scenario: title, metric: 'last delivery median ms', kind: 'ms', service: s.live2.lastMedian, better: 'lower' });
    out.push({ scenario: title, metric: 'last delivery max ms', kind: 'ms', service: s.live2.lastMax, better: 'lower' });
  }
  const big = Math.max(...results.config.sockets);
  if (s.live || r.live) {
    out.push({
      scenario: `memory per socket (${big.toLocaleString('en')} connected)`,
      metric: 'KiB',
      kind: 'kb',
      service: s.live?.rooms?.[big]?.bytesPerSocket,
      reference: r.live?.rooms?.[big]?.bytesPerSocket,
      better: 'lower',
    });
  }
  for (const row of out) row.ratio = row.service != null && row.reference ? row.service / row.reference : null;
  return out;
}

function targets(results) {
  const s = results.servers.service ?? {};
  const r = results.servers.reference ?? {};
  const big = 5000;
  const t = [];
  const add = (name, value, limit, met, detail) => t.push({ name, value, limit, met: value == null ? null : met, detail });
  const ratio = (a, b) => (a != null && b ? a / b : null);

  let v = ratio(s.first?.rps, r.first?.rps);
  add('first page req/s ≥ 1.0× reference', v, 1.0, v != null && v >= 1.0, v == null ? '' : `${v.toFixed(2)}×`);
  v = ratio(s.deep?.p99, s.first?.p99);
  add(
    'deep page p99 ≤ 1.5× first page p99',
    v,
    1.5,
    v != null && v <= 1.5,
    v == null
      ? ''
      : `${fmt.ms(s.deep.p99)} ms vs ${fmt.ms(s.first.p99)} ms = ${v.toFixed(2)}×` +
          (s.page2?.p99 ? `; vs page 2 by cursor, ${fmt.ms(s.page2.p99)} ms: ${(s.deep.p99 / s.page2.p99).toFixed(2)}×` : ''),
  );
  v = ratio(s.first?.rps, s.ceiling?.rps);
  add('cached first page req/s ≥ 0.6× a trivial route on the same server', v, 0.6, v != null && v >= 0.6, v == null ? '' : `${v.toFixed(2)}×`);
  v = s.counts?.p99 ?? null;
  add('counts for 100 ids p99 < 20 ms', v, 20, v != null && v < 20, v == null ? '' : `${fmt.ms(v)} ms`);
  v = ratio(s.counts?.rps, r.counts?.rps);
  add('counts for 100 ids req/s ≥ 3× reference', v, 3, v != null && v >= 3, v == null ? '' : `${v.toFixed(2)}×`);
  v = ratio(s.post?.rps, r.post?.rps);
  add('post req/s ≥ 0.6× reference', v, 0.6, v != null && v >= 0.6, v == null ? '' : `${v.toFixed(2)}×`);
  v = ratio(s.live?.rooms?.[big]?.lastMedian, r.live?.rooms?.[big]?.lastMedian);
  add('fan-out to 5,000 last-delivery median ≤ 1.5× reference', v, 1.5, v != null && v <= 1.5, v == null ? '' : `${v.toFixed(2)}×`);
  if (s.live2) {
    const one = s.live?.rooms?.[s.live2.sockets]?.lastMedian;
    t.push({
      name: `two instances + Redis, fan-out to ${s.live2.sockets.toLocaleString('en')}`,
      value: s.live2.lastMedian,
      limit: null,
      met: null,
      detail:
        `last delivery median ${fmt.ms(s.live2.lastMedian)} ms` +
        (one != null ? ` vs ${fmt.ms(one)} ms on one instance (${(s.live2.lastMedian / one).toFixed(2)}×)` : ''),
    });
  }
  v = ratio(s.live?.rooms?.[big]?.bytesPerSocket, r.live?.rooms?.[big]?.bytesPerSocket);
  add('memory per socket ≤ 1.3× reference', v, 1.3, v != null && v <= 1.3, v == null ? '' : `${v.toFixed(2)}×`);
  return t;
}

function table(results) {
  const head = ['scenario', 'metric', 'service', 'reference', 'service ÷ reference'];
  const body = rows(results).map((row) => [
    row.scenario,
    row.metric,
    fmt[row.kind](row.service),
    fmt[row.kind](row.reference),
    row.ratio == null ? '–' : `${row.ratio.toFixed(2)}× (${row.better} is better)`,
  ]);
  return { head, body };
}

function asText({ head, body }) {
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i >= 2 && i <= 3 ? String(c).padStart(w[i]) : String(c).padEnd(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}

function asMarkdown({ head, body }) {
  const esc = (c) => String(c).replace(/\|/g, '\\|');
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i >= 2 && i <= 3 ? '---:' : '---')).join(' | ')} |`,
    ...body.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

function targetLines(results, mark = (m) => (m == null ? 'not measured' : m ? 'met' : 'MISSED')) {
  return targets(results).map((t) => `${t.limit === null ? 'measured' : mark(t.met)}: ${t.name}${t.detail ? ` (${t.detail})` : ''}`);
}

function machineLine(results) {
  const m = results.machine;
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, ${results.postgres}`;
}

const START = '<!-- bench:start (written by npm run bench) -->';
const END = '<!-- bench:end -->';

/** Replaces the README's Benchmarks section body between the markers (adds the section if missing). */
function updateReadme(readme, results) {
  if (!fs.existsSync(readme)) return false;
  const text = fs.readFileSync(readme, 'utf8');
  const block = [
    START,
    `Latest full run: ${results.date.slice(0, 16).replace('T', ' ')} UTC` +
      (results.build ? ` of ${results.build.commit}${results.build.dirty ? ' (with uncommitted changes)' : ''}` : '') +
      ` on ${machineLine(results)}` +
      (results.machine.loadAverageAtStart ? ` (load average ${results.machine.loadAverageAtStart[0]} at the start)` : '') +
      `; autocannon ${results.config.connections} connections × ${results.config.duration} s per scenario, the service and the ` +
      `reference one after the other on the same database, \`synchronous_commit=${results.config.synchronousCommit}\` ` +
      `(\`bench/results.json\` has every figure, \`bench/NOTES.md\` where the time goes).`,
    '',
    asMarkdown(table(results)),
    '',
    'Targets (ratios from the same run):',
    '',
    ...targetLines(results).map((l) => `- ${l}`),
    END,
  ].join('\n');
  let next;
  if (text.includes(START) && text.includes(END)) {
    next = text.slice(0, text.indexOf(START)) + block + text.slice(text.indexOf(END) + END.length);
  } else {
    const intro = [
      '## Benchmarks',
      '',
      '`npm run bench` builds, seeds its own database (`parley_bench`: a hot article with 100,000 top-level',
      'comments and 13,000 replies, 10,000 articles of 20) and measures the service built for production',
      'against `bench/reference/`, a plain `node:http` + `pg` + socket.io server running the same SQL: reads,',
      'posting, and socket.io fan-out and memory. See `bench/README.md` for what each scenario does, the',
      'environment overrides and profiling, and `bench/NOTES.md` for where the time goes.',
      '',
      block,
      '',
    ].join('\n');
    next = `${text.trimEnd()}\n\n${intro}`;
  }
  if (next !== text) {
    fs.writeFileSync(readme, next);
    // The format gate checks the README too: write the table as Prettier lays it out.
    execFileSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', '--log-level', 'warn', readme], { stdio: 'inherit' });
  }
  return true;
}

function save(file, results) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...results, table: rows(results), targets: targets(results) }, null, 2)}\n`);
}

module.exports = { machine, rows, targets, table, asText, asMarkdown, targetLines, updateReadme, save, median, fmt, machineLine };

/** `node bench/lib/report.js [results.json]`: prints the table and rewrites the README section from a saved run. */
if (require.main === module) {
  const file = process.argv[2] || path.join(__dirname, '..', 'results.json');
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  console.log(asText(table(results)));
  for (const l of targetLines(results)) console.log(l);
  if (updateReadme(path.join(__dirname, '..', '..', 'README.md'), results)) console.log('README.md: Benchmarks section updated');
}
