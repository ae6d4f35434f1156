'use strict';
/** HTTP load with autocannon, summarised to the figures the bench reports. */
const autocannon = require('autocannon');
const { cpuMs } = require('./procs');

function run(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: 30, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

function summarize(res) {
  return {
    rps: res.requests.average,
    requests: res.requests.total,
    p50: res.latency.p50,
    p90: res.latency.p90,
    p99: res.latency.p99,
    max: res.latency.max,
    meanLatency: res.latency.average,
    non2xx: res.non2xx,
    errors: res.errors,
    timeouts: res.timeouts,
    statusCodes: res.statusCodeStats,
    duration: res.duration,
  };
}

/**
 * A warm-up run (not reported) and the measured one. With `pid`, also the server's CPU time per
 * request (user + system, /proc): steadier than req/s on a shared machine.
 */
async function measure({ url, connections, duration, warmup, request, pid }) {
  const base = { url, connections, ...request };
  if (warmup > 0) await run({ ...base, duration: warmup });
  const cpu0 = pid ? cpuMs(pid) : 0;
  const out = summarize(await run({ ...base, duration }));
  if (pid && out.requests) out.cpuMsPerRequest = (cpuMs(pid) - cpu0) / out.requests;
  return out;
}

module.exports = { run, measure, summarize };
