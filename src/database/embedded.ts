import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AddressInfo } from 'node:net';

/** PGlite behind its Postgres wire-protocol server, so TypeORM's pg driver works unchanged. */
export interface EmbeddedDatabase {
  url: string;
  close(): Promise<void>;
}

/** Thrown when another live process has the data folder open. */
export class DataDirInUseError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite keeps no lock of its own, and two processes on one folder corrupt it (the first aborts
 * when the second closes). So the folder gets `pglite.lock` with the holder's pid, made
 * exclusively; a lock left by a process that is gone is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = join(dir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new DataDirInUseError(`Another Parley process (pid ${holder}) uses the embedded database in ${dir}; stop it first`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not lock the embedded database in ${dir}`);
}

export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const dir = resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  try {
    const db = await PGlite.create(join(dir));
    // PGlite is one session: one connection, and the pool is sized to match.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
    await server.start();
    const port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async close() {
        await server.stop();
        await db.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
