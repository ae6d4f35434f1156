'use strict';
/**
 * The import scenario: a Disqus export generated as a stream to a temporary file (threads, then
 * posts: a quarter of them replies to an earlier post of the same thread, some spam, some
 * deleted), imported into a site of its own through the command line (`parley import disqus`,
 * the service's TransferService, as an operator runs it), timed, its peak RSS read from
 * /proc/<pid>/status (VmHWM), then the site's rows removed.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { once } = require('node:events');
const cfg = require('./config');

const SENTENCES = [
  'I think the council got this one wrong, and the numbers in the third paragraph show why.',
  'Great reporting, thanks for covering this when nobody else would.',
  'My neighbourhood has had the same problem for years and nothing changes.',
  'Does anyone know whether the consultation is still open for comments?',
  'The interview with the minister raised more questions than it answered.',
  'Read the whole piece before replying, the second half changes the picture.',
  'We tried something similar in our town and it worked better than expected.',
  'Honestly this is the first sensible proposal I have seen on the subject.',
];

/** Writes a Disqus export of `comments` posts over `threads` threads to `file`, streaming; returns its size. */
async function generate(file, comments, threads) {
  const out = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
  let buf = '';
  const write = async (s) => {
    buf += s;
    if (buf.length < 1 << 20) return;
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  };
  const t0 = Date.UTC(2015, 0, 1);
  await write(
    '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n' +
      '<category dsq:id="1"><forum>bench</forum><title>General</title><isDefault>true</isDefault></category>\n',
  );
  for (let t = 1; t <= threads; t++) {
    await write(
      `<thread dsq:id="${t}"><id>story-${t}</id><forum>bench</forum><category dsq:id="1"/><link>https://news.example/${2015 + (t % 10)}/story-${t}</link>` +
        `<title>Story number ${t} &amp; its follow-up</title><message/><createdAt>${new Date(t0 + t * 3_600_000).toISOString().slice(0, 19)}Z</createdAt>` +
        `<author><name>Newsroom</name><isAnonymous>false</isAnonymous><username>newsroom</username></author><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n`,
    );
  }
  const perThread = Math.ceil(comments / threads);
  for (let i = 0; i < comments; i++) {
    const thread = 1 + (i % threads);
    const k = Math.floor(i / threads); // the k-th post of its thread
    const id = 1_000_000 + i;
    // A quarter are replies to the thread's post before (same thread: i - threads).
    const parent = k > 0 && i % 4 === 1 ? `<parent dsq:id="${id - threads}"/>` : '';
    const spam = i % 97 === 0;
    const deleted = !spam && i % 89 === 0;
    const user = 1 + ((i * 7919) % 20_000);
    const text = `${SENTENCES[i % SENTENCES.length]} ${SENTENCES[(i * 3 + 1) % SENTENCES.length]}`;
    const created = new Date(t0 + thread * 3_600_000 + (k + 1) * 60_000 + (i % 1000)).toISOString().slice(0, 19);
    await write(
      `<post dsq:id="${id}"><id/><message><![CDATA[<p>${text}</p><p>Comment ${i} of ${perThread * threads}, <b>bold</b> and <a href="https://news.example/${i}">a link</a>.</p>]]></message>` +
        `<createdAt>${created}Z</createdAt><isDeleted>${deleted}</isDeleted><isSpam>${spam}</isSpam>` +
        `<author><email>reader${user}@example.com</email><name>Reader ${user}</name><isAnonymous>false</isAnonymous><username>reader-${user}</username></author>` +
        `<ipAddress>127.0.0.1</ipAddress><thread dsq:id="${thread}"/>${parent}</post>\n`,
    );
  }
  await write('</disqus>\n');
  out.end(buf);
  await once(out, 'finish');
  return fs.statSync(file).size;
}

/** The peak and current RSS of a process, from /proc (bytes). */
function memory(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return null;
  }
}

function cli(dist, args, env) {
  return execFileSync(process.execPath, [path.join(dist, 'src', 'cli', 'main.js'), ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Removes the scenario's sites and everything in them. */
async function cleanup(db, prefix) {
  const site = `${prefix}%`;
  // Every row of these sites goes, so the foreign keys are not checked row by row (a million
  // comments' authors each looked up among the dead comments took minutes).
  await db.query(`SET session_replication_role = replica`);
  await db.query(`DELETE FROM events WHERE article_id LIKE $1`, [`${prefix}%|%`]);
  for (const table of ['import_sources', 'reactions', 'reports', 'comments', 'articles', 'users', 'moderation_log', 'site_counters', 'settings']) {
    await db.query(`DELETE FROM ${table} WHERE site_id LIKE $1`, [site]);
  }
  await db.query(`SET session_replication_role = DEFAULT`);
  await db.query(`DELETE FROM sites WHERE id LIKE $1`, [site]);
}

/**
 * One import of `comments` posts over `threads` threads: generate, create the site, import through
 * the command line, measure. Returns the figures.
 */
async function runImport({ db, dist, comments, threads, label, log }) {
  const prefix = 'bench-import-';
  const site = `${prefix}${label}`;
  const file = path.join(cfg.TMP_DIR, `import-${label}.xml`);
  const env = { ...process.env, DATABASE_URL: cfg.DATABASE_URL, JWT_SECRET: cfg.JWT_SECRET, NODE_ENV: 'production', LOG_LEVEL: 'warn', REDIS_URL: '' };
  await cleanup(db, prefix);
  let t = Date.now();
  const bytes = await generate(file, comments, threads);
  log(
    `  import ${label}: generated ${(bytes / 2 ** 20).toFixed(0)} MiB of Disqus XML (${comments.toLocaleString('en')} posts, ${threads.toLocaleString('en')} threads) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
  try {
    cli(dist, ['sites:create', site, '--name', `Bench import ${label}`, '--json'], env);
    t = Date.now();
    const child = spawn(process.execPath, [path.join(dist, 'src', 'cli', 'main.js'), 'import', 'disqus', file, '--site', site, '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    let peak = 0;
    const samples = [];
    const poll = setInterval(() => {
      const m = memory(child.pid);
      if (!m) return;
      peak = Math.max(peak, m.hwm);
      samples.push(m.rss);
    }, 250);
    const [code] = await once(child, 'close');
    clearInterval(poll);
    const seconds = (Date.now() - t) / 1000;
    if (code !== 0) throw new Error(`parley import exited ${code}: ${err.slice(-2000)}`);
    const report = JSON.parse(out);
    const c = report.comments;
    const rate = c.imported / (report.durationMs / 1000);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM comments WHERE site_id = $1`, [site]);
    if (rows[0].n !== c.imported) throw new Error(`the report says ${c.imported} imported, the table holds ${rows[0].n}`);
    const out_ = {
      comments,
      threads,
      bytes,
      imported: c.imported,
      skipped: c.skipped,
      statuses: c.statuses,
      replies: c.replies,
      importSeconds: report.durationMs / 1000,
      processSeconds: seconds,
      commentsPerSecond: rate,
      peakRss: peak,
      rssSamples: samples.length,
    };
    log(
      `  import ${label}: ${c.imported.toLocaleString('en')} comments in ${out_.importSeconds.toFixed(1)} s (${Math.round(rate).toLocaleString('en')} comments/s; process ${seconds.toFixed(1)} s), ` +
        `peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
    );
    return out_;
  } finally {
    fs.rmSync(file, { force: true });
    const t1 = Date.now();
    await cleanup(db, prefix);
    log(`  import ${label}: rows removed in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  }
}

/** The size of the scenario (the issue's: 1,000,000 comments over 50,000 threads); the first run is a tenth of it. */
const COMMENTS = Number(process.env.BENCH_IMPORT_COMMENTS || 1_000_000);
const THREADS = Number(process.env.BENCH_IMPORT_THREADS || 50_000);

module.exports = { generate, runImport, cleanup, COMMENTS, THREADS };
