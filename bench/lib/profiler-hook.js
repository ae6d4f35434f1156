'use strict';
/**
 * Preloaded into a server under test (`node -r bench/lib/profiler-hook.js …`, spawned with an IPC
 * channel). The same V8 sampling profiler as `node --cpu-prof`, but started and stopped by the bench
 * around one scenario, so start-up and warm-up stay out of the profile.
 *   'profile:start' -> starts sampling;  { stop: file } -> writes the .cpuprofile, answers 'profile:written'
 *   { heap: file } -> writes a heap snapshot after a full GC, answers 'heap:written'
 *   'memory' -> answers { memory: process.memoryUsage() } (after a full GC)
 */
const fs = require('node:fs');
const inspector = require('node:inspector');

if (process.send) {
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  const send = process.send.bind(process);
  process.on('message', async (/** @type {any} */ msg) => {
    try {
      if (msg === 'profile:start') {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 200 });
        await post('Profiler.start');
        send('profile:started');
      } else if (msg === 'memory') {
        await post('HeapProfiler.collectGarbage');
        send({ memory: process.memoryUsage() });
      } else if (msg && msg.heap) {
        const out = fs.openSync(msg.heap, 'w');
        const onChunk = (m) => fs.writeSync(out, m.params.chunk);
        session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
        await post('HeapProfiler.collectGarbage');
        await post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
        session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
        fs.closeSync(out);
        send('heap:written');
      } else if (msg && msg.stop) {
        const { profile } = await post('Profiler.stop');
        fs.writeFileSync(msg.stop, JSON.stringify(profile));
        send('profile:written');
      }
    } catch (err) {
      send({ error: String(err && err.message) });
    }
  });
  // The channel must not keep the server alive once it is told to stop.
  process.channel && process.channel.unref();
}
