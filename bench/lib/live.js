'use strict';
/**
 * socket.io fan-out and memory: N reader sockets join one article room; comments are posted one at
 * a time and each is timed from the start of its POST to the moment the last socket received it.
 * Memory per socket is the server's RSS growth (VmRSS) over the sockets connected.
 */
const { performance } = require('node:perf_hooks');
const { io } = require('socket.io-client');
const { rss, sleep } = require('./procs');

class Room {
  /** `url`: one server, or a list whose servers take the sockets in turn (one room over several instances). */
  constructor(url, articleId) {
    this.urls = Array.isArray(url) ? url : [url];
    this.turn = 0;
    this.articleId = articleId;
    this.sockets = [];
    /** body -> { want, got, last } for the comment being timed. */
    this.waiting = new Map();
    this.onCreated = (e) => {
      const w = this.waiting.get(e?.comment?.body);
      if (!w) return;
      w.got++;
      if (w.got === w.want) {
        w.last = performance.now();
        w.done();
      }
    };
  }

  connectOne() {
    return new Promise((resolve, reject) => {
      const url = this.urls[this.turn++ % this.urls.length];
      const s = io(url, { path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
      const timer = setTimeout(() => {
        s.close();
        reject(new Error('socket did not connect and join within 30 s'));
      }, 30_000);
      s.once('connect_error', (err) => {
        clearTimeout(timer);
        s.close();
        reject(new Error(`socket connect_error: ${err.message}`));
      });
      s.on('comment.created', this.onCreated);
      s.once('connect', () => {
        s.emit('join', { articleId: this.articleId }, (ack) => {
          clearTimeout(timer);
          if (ack && ack.ok) resolve(Object.assign(s, { benchUrl: url }));
          else {
            s.close();
            reject(new Error(`join refused: ${JSON.stringify(ack)}`));
          }
        });
      });
    });
  }

  /** Grows the room to n sockets, `batch` handshakes at a time. */
  async grow(n, batch = 100) {
    while (this.sockets.length < n) {
      const k = Math.min(batch, n - this.sockets.length);
      const added = await Promise.all(Array.from({ length: k }, () => this.connectOne()));
      this.sockets.push(...added);
    }
  }

  async shrink(n) {
    const gone = this.sockets.splice(n);
    for (const s of gone) s.close();
    await sleep(50);
  }

  /** Posts `count` comments one by one; returns last-delivery latencies (ms) and POST latencies. */
  async fanout({ count, post, label, timeoutMs = 30_000 }) {
    const last = [];
    const postMs = [];
    let missing = 0;
    for (let k = 0; k < count; k++) {
      const body = `fan-out ${label} to ${this.sockets.length} sockets, comment ${k + 1} (${Date.now().toString(36)})`;
      const w = { want: this.sockets.length, got: 0, last: 0 };
      const delivered = new Promise((r) => (w.done = r));
      this.waiting.set(body, w);
      const t0 = performance.now();
      await post(body, k);
      postMs.push(performance.now() - t0);
      let timer;
      const ok = await Promise.race([delivered.then(() => true), new Promise((r) => (timer = setTimeout(() => r(false), timeoutMs)))]);
      clearTimeout(timer);
      this.waiting.delete(body);
      if (!ok) {
        missing += w.want - w.got;
        continue;
      }
      last.push(w.last - t0);
      await sleep(150);
    }
    return { last, postMs, missing };
  }

  /** Sockets connected to each of the room's servers, in the order given. */
  countsPerUrl() {
    return this.urls.map((u) => this.sockets.filter((s) => s.benchUrl === u).length);
  }

  async close() {
    await this.shrink(0);
  }
}

/** RSS of pid after letting the process settle; the minimum of a few reads. */
async function settledRss(pid, waitMs = 1500) {
  await sleep(waitMs);
  const reads = [];
  for (let i = 0; i < 3; i++) {
    reads.push(rss(pid));
    await sleep(200);
  }
  return Math.min(...reads);
}

module.exports = { Room, settledRss };
