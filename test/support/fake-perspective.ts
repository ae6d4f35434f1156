import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake scorer received, as it arrived. */
export interface ScorerRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  /** The parsed JSON body, or undefined when it was not JSON. */
  json: any;
  raw: string;
}

/**
 * A local stand-in for Perspective's `POST /v1alpha1/comments:analyze`. It answers according to a
 * marker in `comment.text`:
 *   `[[tox:0.91]]`          → TOXICITY summaryScore 0.91 (PROBABILITY)
 *   `[[slow:1500]]`         → sleeps that many ms, then answers 0.10
 *   `[[garbage:nonjson]]`   → 200 with a body that is not JSON
 *   `[[garbage:500]]`       → 500 with a Perspective-style error body
 *   `[[garbage:noscore]]`   → 200 JSON with attributeScores but no TOXICITY score
 *   `[[garbage:range]]`     → 200 JSON whose score is outside 0..1
 *   `[[huge:100]]`          → 200 JSON of that many MB (a score, then padding), streamed as the
 *                             client reads it; stops when the client hangs up
 * Text without a marker scores 0.05. A request that is not a well-formed analyze call gets a 400,
 * like the real API, so a client that sends the wrong shape sees "unavailable".
 */
export class FakePerspective {
  readonly requests: ScorerRequest[] = [];
  private server: Server | null = null;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/v1alpha1/comments:analyze`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** Requests whose comment text contained `needle`. */
  received(needle: string): ScorerRequest[] {
    return this.requests.filter((r) => typeof r.json?.comment?.text === 'string' && r.json.comment.text.includes(needle));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'http://local');
    let json: any;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    this.requests.push({ method: req.method ?? '', path: u.pathname, query: u.searchParams, contentType: req.headers['content-type'], json, raw });

    const send = (status: number, body: unknown, type = 'application/json') => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const text = json?.comment?.text;
    if (req.method !== 'POST' || u.pathname !== '/v1alpha1/comments:analyze' || typeof text !== 'string' || !json?.requestedAttributes?.TOXICITY) {
      return send(400, { error: { code: 400, message: 'Invalid request', status: 'INVALID_ARGUMENT' } });
    }
    const score = (value: unknown) => ({
      attributeScores: {
        TOXICITY: {
          spanScores: [{ begin: 0, end: text.length, score: { value, type: 'PROBABILITY' } }],
          summaryScore: { value, type: 'PROBABILITY' },
        },
      },
      languages: ['en'],
      detectedLanguages: ['en'],
    });

    const huge = /\[\[huge:(\d+)\]\]/.exec(text);
    if (huge) return sendHugeReply(res, Number(huge[1]) * 1024 * 1024, score(0.1));
    const slow = /\[\[slow:(\d+)\]\]/.exec(text);
    if (slow) {
      await new Promise((r) => setTimeout(r, Number(slow[1])));
      return send(200, score(0.1));
    }
    const garbage = /\[\[garbage:(\w+)\]\]/.exec(text);
    if (garbage) {
      switch (garbage[1]) {
        case 'nonjson':
          return send(200, '<html>Service Unavailable</html>', 'text/html');
        case '500':
          return send(500, { error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } });
        case 'noscore':
          return send(200, { attributeScores: { SEVERE_TOXICITY: { summaryScore: { value: 0.99, type: 'PROBABILITY' } } }, languages: ['en'] });
        case 'range':
          return send(200, score(7));
      }
    }
    const tox = /\[\[tox:([0-9.]+)\]\]/.exec(text);
    return send(200, score(tox ? Number(tox[1]) : 0.05));
  }
}

/**
 * A valid reply padded to `bytes` with a long `padding` string, written a 64 KiB chunk at a time
 * as the socket drains, so the fake itself never holds more than a chunk.
 */
async function sendHugeReply(res: ServerResponse, bytes: number, reply: object): Promise<void> {
  const head = JSON.stringify(reply).slice(0, -1) + ',"padding":"';
  const tail = '"}';
  const chunk = 'x'.repeat(64 * 1024);
  res.writeHead(200, { 'content-type': 'application/json' });
  let gone = false;
  res.on('close', () => (gone = true));
  res.write(head);
  for (let sent = head.length + tail.length; sent < bytes && !gone; sent += chunk.length) {
    if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
  }
  if (!gone) res.end(tail);
}

/** A port that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
