'use strict';
/**
 * Compares two V8 heap snapshots by constructor: objects and self bytes added between them, per
 * `per` units (e.g. sockets). `node bench/lib/heap-diff.js before.heapsnapshot after.heapsnapshot [per]`
 */
const fs = require('node:fs');

function byConstructor(file) {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const f = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((k) => f.indexOf(k));
  const out = new Map();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += f.length) {
    const type = types[snap.nodes[i + iType]];
    const name = type === 'object' || type === 'closure' ? snap.strings[snap.nodes[i + iName]] : `(${type})`;
    const key = type === 'closure' ? `closure ${name || '(anonymous)'}` : name;
    const size = snap.nodes[i + iSize];
    total += size;
    const e = out.get(key) || { count: 0, size: 0 };
    e.count++;
    e.size += size;
    out.set(key, e);
  }
  return { out, total };
}

function diff(a, b, per = 1, top = 30) {
  const A = byConstructor(a);
  const B = byConstructor(b);
  const rows = [];
  for (const [k, e] of B.out) {
    const was = A.out.get(k) || { count: 0, size: 0 };
    rows.push({ what: k, count: (e.count - was.count) / per, bytes: (e.size - was.size) / per });
  }
  rows.sort((x, y) => y.bytes - x.bytes);
  return { totalBytesPer: (B.total - A.total) / per, rows: rows.slice(0, top) };
}

if (require.main === module) {
  const [a, b, per = '1'] = process.argv.slice(2);
  const d = diff(a, b, Number(per));
  console.log(`heap growth: ${(d.totalBytesPer / 1024).toFixed(2)} KiB per unit`);
  for (const r of d.rows) console.log(`  ${r.bytes.toFixed(0).padStart(7)} B  ${r.count.toFixed(2).padStart(7)} objects  ${r.what}`);
}

module.exports = { diff };
