import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One built file held in memory with what a response needs. */
export interface Asset {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  hash: string;
  type: string;
}

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The bundles `scripts/build-web.js` writes to dist/web/. The compiled server runs from
 * dist/src/web and the tests from src/web: both reach the same folder.
 */
export function webDir(): string {
  const compiled = resolve(__dirname, '..', '..', 'web');
  const source = resolve(__dirname, '..', '..', 'dist', 'web');
  const candidates = __dirname.split(/[\\/]/).includes('dist') ? [compiled, source] : [source, compiled];
  return candidates.find((d) => existsSync(join(d, 'embed.js'))) ?? candidates[0];
}

/** Reads built files once and again only when they change on disk (a rebuild while running). */
export class AssetStore {
  private readonly cache = new Map<string, { mtimeMs: number; asset: Asset }>();

  constructor(private readonly dir?: string) {}

  /** `name` is one of the few known file names; never a path from the request. */
  get(name: string): Asset | null {
    // Looked up each time: a build that runs after the server started still gets found.
    const file = join(this.dir ?? webDir(), name);
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return null;
    }
    const hit = this.cache.get(name);
    if (hit && hit.mtimeMs === mtimeMs) return hit.asset;
    const body = readFileSync(file);
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
    const ext = name.slice(name.lastIndexOf('.'));
    const asset: Asset = { body, gzip: gzipSync(body, { level: 9 }), etag: `"${hash}"`, hash, type: TYPES[ext] ?? 'application/octet-stream' };
    this.cache.set(name, { mtimeMs, asset });
    return asset;
  }
}
