import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { simpleParser } from 'mailparser';
import type { TestApp } from '../support/app';

/**
 * Helpers for the notification specs (not a spec file itself): a real SMTP server in a child
 * process (smtp-sink.js, the smtp-server package) whose accepted messages are parsed with
 * mailparser, and waits on the job queue.
 */

export interface Mail {
  to: string[];
  /** The From header, as text. */
  from: string;
  /** The SMTP envelope sender (MAIL FROM): where bounces go. */
  envelopeFrom: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  /** The header lines as sent, unfolded (one line per header). */
  raw: string;
}

export class SmtpSink {
  readonly mails: Mail[] = [];
  /** Each recipient the server refused (one entry per attempt), with its reply code. */
  readonly refusals: { address: string; code: number }[] = [];
  port = 0;
  private child!: ChildProcessWithoutNullStreams;
  private parsing: Promise<void>[] = [];

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    sink.child = spawn(process.execPath, [join(__dirname, 'smtp-sink.js')], { stdio: 'pipe' });
    const lines = createInterface({ input: sink.child.stdout });
    await new Promise<void>((ready, fail) => {
      sink.child.once('exit', (code) => fail(new Error(`the SMTP server exited (${code})`)));
      lines.on('line', (line) => {
        const msg = JSON.parse(line);
        if (msg.port) {
          sink.port = msg.port;
          ready();
        } else if (msg.refused) sink.refusals.push({ address: msg.refused, code: msg.code });
        else sink.parsing.push(sink.add(msg));
      });
    });
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  private async add(msg: { from: string; to: string[]; raw: string }): Promise<void> {
    const raw = Buffer.from(msg.raw, 'base64');
    const parsed = await simpleParser(raw);
    this.mails.push({
      to: msg.to,
      from: parsed.from?.text ?? '',
      envelopeFrom: msg.from,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      headers: parsed.headers,
      raw: raw
        .toString('utf8')
        .split(/\r?\n\r?\n/)[0]
        .replace(/\r?\n(?=[ \t])/g, ''),
    });
  }

  /** Mails to this address (each parsed once received). */
  async to(address: string): Promise<Mail[]> {
    await Promise.all(this.parsing);
    return this.mails.filter((m) => m.to.includes(address));
  }

  close(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((done) => {
      this.child.once('exit', () => done());
      this.child.kill('SIGTERM');
    });
  }
}

/** Env for quick jobs: polls every 50 ms; a failed email is retried twice after 50 ms. */
export const FAST_JOBS: Record<string, string> = { JOBS_POLL_MS: '50', EMAIL_RETRY_SCHEDULE: '0.05,0.05', JOBS_SHUTDOWN_GRACE_MS: '200' };

/** Resolves once every domain event so far is dispatched and no job but future digests waits or runs. */
export async function settled(t: TestApp): Promise<void> {
  await eventually(
    async () => {
      const [row] = await t.ds.query(
        `SELECT (SELECT count(*) FROM domain_events WHERE dispatched_at IS NULL)::int
            + (SELECT count(*) FROM jobs WHERE state = 'queued' AND (run_at <= now() OR locked_until IS NOT NULL))::int AS n`,
      );
      return row.n === 0;
    },
    20_000,
    'events dispatched and jobs done',
  );
}

/** Polls `check` until it holds (or throws its last error past `ms`). Only a bound on waiting, never a timing assertion. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== false && v !== undefined && v !== null) return v;
      last = new Error(`${what} not met`);
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw last;
    await new Promise((r) => setTimeout(r, 50));
  }
}
