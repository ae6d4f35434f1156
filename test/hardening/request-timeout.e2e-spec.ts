/**
 * A client that sends its request slowly (a trickle of body bytes, or of headers) is cut off at
 * REQUEST_TIMEOUT_MS with a 408 in the contract's shape, instead of holding a connection and its
 * buffers for as long as it likes.
 */
import { connect, Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { startApp, TestApp } from '../support/app';
import { parseResponse, RawResponse } from './raw-http';

const TIMEOUT_MS = 1000;

/**
 * Opens a connection, writes `head`, then one byte of `drip` every `everyMs` until the server
 * answers or closes, or `giveUpMs` passes. Reports what came back and when.
 */
function trickle(
  url: string,
  head: string,
  drip: string,
  everyMs: number,
  giveUpMs: number,
): Promise<{ res: RawResponse | null; afterMs: number; sent: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.writable && sent < drip.length) socket.write(drip[sent++]);
    }, everyMs);
    const stop = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(stop);
      resolve({ res: parseResponse(Buffer.concat(chunks).toString('latin1')), afterMs: Date.now() - started, sent });
    });
    socket.write(head);
  });
}

describe('slow requests are timed out', () => {
  let t: TestApp;
  let host: string;
  let token: string;
  beforeAll(async () => {
    t = await startApp({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
    host = new URL(t.url).host;
    token = t.token('slow-reader');
  });
  afterAll(() => t?.close());

  function expect408(r: { res: RawResponse | null; afterMs: number }) {
    expect(r.res).not.toBeNull();
    expect({ status: r.res!.status, body: r.res!.json }).toEqual({
      status: 408,
      body: { statusCode: 408, error: STATUS_CODES[408], code: 'REQUEST_TIMEOUT', message: expect.any(String) },
    });
    // Cut at the timeout, give or take Node's check interval; never left to run on.
    expect(r.afterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(r.afterMs).toBeLessThan(TIMEOUT_MS * 3);
  }

  it('a body trickled in a byte at a time: 408 REQUEST_TIMEOUT, connection closed, nothing written', async () => {
    const [{ n: before }] = await t.ds.query(`SELECT count(*)::int AS n FROM comments`);
    const body = JSON.stringify({ body: 'a comment sent very slowly, one byte at a time' });
    const head = `POST /api/v1/articles/slow/comments HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const r = await trickle(t.url, head, body, 100, 6000);
    expect408(r);
    expect(r.sent).toBeLessThan(body.length);
    const [{ n: after }] = await t.ds.query(`SELECT count(*)::int AS n FROM comments`);
    expect(after).toBe(before);
  });

  it('headers trickled in a byte at a time: 408 REQUEST_TIMEOUT', async () => {
    const rest = `Host: ${host}\r\nX-Slow: ${'s'.repeat(200)}\r\n\r\n`;
    const r = await trickle(t.url, 'GET /api/v1/counts?articleIds=a HTTP/1.1\r\n', rest, 100, 6000);
    expect408(r);
  });

  it('other clients are served meanwhile, and a request that arrives in time is not cut', async () => {
    const body = JSON.stringify({ body: 'slow but in time' });
    const head = `POST /api/v1/articles/slow/comments HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const slow = trickle(t.url, head, body, 20, 6000);
    const fast = await fetch(`${t.url}/health`);
    expect(fast.status).toBe(200);
    const r = await slow;
    expect(r.res?.status).toBe(201);
  });
});
