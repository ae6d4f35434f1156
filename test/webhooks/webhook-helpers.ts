import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * Helpers for the webhook specs (not a spec file itself): a real HTTP receiver on 127.0.0.1 that
 * records what it is sent and answers as a test tells it, and a Standard Webhooks verifier written
 * from the specification alone (it shares no code with src/webhooks), checked against the
 * specification's published test vector in the spec.
 */

/** Env that makes delivery quick: polls every 50 ms, retries after 50 ms (four retries, five attempts). */
export const FAST_WEBHOOKS: Record<string, string> = {
  JOBS_POLL_MS: '50',
  WEBHOOK_RETRY_SCHEDULE: '0.05,0.05,0.05,0.05',
  JOBS_SHUTDOWN_GRACE_MS: '200',
};

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  json: any;
  /** The status it was answered with (null: never answered, e.g. held until the sender gave up). */
  answered: number | null;
  headers: IncomingMessage['headers'];
}

/** What the receiver answers a request: a status, or `hold` (no answer until released or the client leaves). */
export type Answer = number | 'hold';

export class Receiver {
  readonly requests: Received[] = [];
  private server!: Server;
  private held: (() => void)[] = [];
  /** Decides each answer; `n` counts this receiver's requests from 1. */
  answer: (r: Received, n: number) => Answer = () => 200;
  url = '';

  static async start(answer?: (r: Received, n: number) => Answer): Promise<Receiver> {
    const r = new Receiver();
    if (answer) r.answer = answer;
    r.server = createServer((req, res) => void r.handle(req, res));
    await new Promise<void>((ok) => r.server.listen(0, '127.0.0.1', ok));
    r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hook`;
    return r;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: any = null;
    try {
      json = JSON.parse(body);
    } catch {
      /* kept as text */
    }
    const rec: Received = {
      id: String(req.headers['webhook-id'] ?? ''),
      timestamp: String(req.headers['webhook-timestamp'] ?? ''),
      signature: String(req.headers['webhook-signature'] ?? ''),
      body,
      json,
      answered: null,
      headers: req.headers,
    };
    this.requests.push(rec);
    const answer = this.answer(rec, this.requests.length);
    if (answer === 'hold') {
      await new Promise<void>((release) => {
        this.held.push(release);
        res.once('close', release);
      });
      if (res.destroyed || res.writableEnded) return;
      rec.answered = 200;
      res.writeHead(200).end('ok');
      return;
    }
    rec.answered = answer;
    res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'nope');
  }

  /** Answers 200 to every held request still open. */
  release(): void {
    for (const r of this.held.splice(0)) r();
  }

  /** Requests answered with a 2xx. */
  get acknowledged(): Received[] {
    return this.requests.filter((r) => r.answered !== null && r.answered < 300);
  }

  ofType(type: string): Received[] {
    return this.requests.filter((r) => r.json?.type === type);
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((ok) => this.server.close(() => ok()));
  }
}

/**
 * Verifies a delivery as the Standard Webhooks specification says: the base64 HMAC-SHA256, keyed
 * with the base64-decoded part of the secret after `whsec_`, of `id.timestamp.body`, must equal one
 * of the space-separated `v1,<signature>` entries of the header.
 */
export function verifyStandardWebhook(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((entry) => {
    const [version, sig] = entry.split(',');
    if (version !== 'v1' || !sig) return false;
    const given = Buffer.from(sig, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/**
 * The Standard Webhooks project's own TypeScript verifier (the `standardwebhooks` package, as a
 * publisher would use it): the delivery's parsed body when its signature and timestamp verify, else it throws.
 */
export function verifyWithLibrary(secret: string, req: Received): unknown {
  return new Webhook(secret).verify(req.body, { 'webhook-id': req.id, 'webhook-timestamp': req.timestamp, 'webhook-signature': req.signature });
}

/** Polls `check` until it holds (or throws its last error past `ms`). Never a timing assertion: only a bound on waiting. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 15_000, what = 'condition'): Promise<T> {
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
    if (Date.now() > deadline) throw last instanceof Error ? last : new Error(String(last));
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const distinct = (list: Received[]) => new Set(list.map((r) => r.id));
