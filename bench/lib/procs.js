'use strict';
/**
 * Child servers: started on a free loopback port, waited for until /health answers, and always
 * stopped — on a normal stop, on failure, on Ctrl-C and when the bench exits for any reason.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const children = new Set();

function killAll(signal = 'SIGKILL') {
  for (const c of children) {
    try {
      c.kill(signal);
    } catch {}
  }
}
process.on('exit', () => killAll('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\nbench: ${sig}, stopping servers`);
    killAll('SIGKILL');
    process.exit(130);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts `node [nodeArgs] script` with env, logging to logFile; resolves once GET /health is 200.
 * `ipc` opens a message channel (the profiler hook listens on it).
 */
async function startServer({ name, script, nodeArgs = /** @type {string[]} */ ([]), env, logFile, ipc = false, timeoutMs = 90_000 }) {
  const port = await freePort();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: /** @type {import('node:child_process').StdioOptions} */ (['ignore', log, log, ...(ipc ? ['ipc'] : [])]),
  });
  fs.closeSync(log);
  children.add(child);
  let exited = /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */ (null);
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    children.delete(child);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${name} exited during start (${exited.signal || `code ${exited.code}`}); last lines of ${logFile}:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer /health within ${timeoutMs / 1000} s; last lines of ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(250);
  }
  return {
    name,
    url,
    port,
    pid: child.pid,
    child,
    logFile,
    get alive() {
      return !exited;
    },
    /** SIGTERM, then SIGKILL after graceMs. */
    async stop(graceMs = 8000) {
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await done;
      clearTimeout(t);
    },
  };
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (VmRSS). */
function rss(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat. */
const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux
function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime (fields 14 and 15)
}

module.exports = { startServer, rss, cpuMs, sleep, killAll, tail };
