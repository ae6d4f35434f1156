import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { convertText, SourceText } from './text-worker';

interface Job {
  resolve: (out: { body: string; html: string }[]) => void;
  reject: (err: Error) => void;
}

/** Fewer texts than this are converted in place: a worker's round trip costs more. */
const IN_PLACE = 64;

/**
 * Converts imported texts (HTML to light markdown, then markdown to HTML as every comment is
 * rendered) on worker threads: the main thread goes on reading the file and the database writes
 * the batch before, so an import uses the machine's other cores. At most one worker per core but
 * one, at least one; started on the first import, stopped with the application.
 */
@Injectable()
export class TextPool implements OnModuleDestroy {
  private workers: Worker[] = [];
  private readonly jobs = new Map<number, Job>();
  private next = 0;
  private turn = 0;

  async convert(texts: SourceText[]): Promise<{ body: string; html: string }[]> {
    if (texts.length < IN_PLACE) return texts.map(convertText);
    const workers = this.start();
    // One job per worker: the batch split evenly.
    const size = Math.ceil(texts.length / workers.length);
    const parts: Promise<{ body: string; html: string }[]>[] = [];
    for (let i = 0; i < texts.length; i += size) parts.push(this.send(texts.slice(i, i + size)));
    return (await Promise.all(parts)).flat();
  }

  onModuleDestroy(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    return Promise.all(workers.map((w) => w.terminate())).then(() => undefined);
  }

  private send(texts: SourceText[]): Promise<{ body: string; html: string }[]> {
    const id = ++this.next;
    const workers = this.start();
    const worker = workers[this.turn++ % workers.length];
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      worker.postMessage({ id, texts });
    });
  }

  private start(): Worker[] {
    if (this.workers.length) return this.workers;
    const n = Math.max(1, Math.min(4, availableParallelism() - 1));
    // Compiled, the worker is the .js beside this file; run from the sources (tests), ts-node compiles it.
    const ts = __filename.endsWith('.ts');
    const file = join(__dirname, `text-worker${ts ? '.ts' : '.js'}`);
    for (let i = 0; i < n; i++) {
      const w = new Worker(file, ts ? { execArgv: ['-r', 'ts-node/register/transpile-only'] } : {});
      w.on('message', (m: { id: number; bodies?: string[]; htmls?: string[]; error?: string }) => {
        const job = this.jobs.get(m.id);
        if (!job) return;
        this.jobs.delete(m.id);
        if (m.error !== undefined || !m.bodies || !m.htmls) return job.reject(new Error(m.error ?? 'the text worker failed'));
        const htmls = m.htmls;
        job.resolve(m.bodies.map((body, k) => ({ body, html: htmls[k] })));
      });
      w.on('error', (err) => this.failAll(err));
      w.on('exit', (code) => {
        this.workers = this.workers.filter((x) => x !== w);
        if (code !== 0) this.failAll(new Error(`a text worker stopped (exit ${code})`));
      });
      this.workers.push(w);
    }
    return this.workers;
  }

  private failAll(err: Error): void {
    for (const job of this.jobs.values()) job.reject(err);
    this.jobs.clear();
  }
}
