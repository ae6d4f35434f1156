/**
 * Errors raised below our handlers (Node's HTTP parser, Fastify's router and body parser) answer
 * in the contract's shape with a stable `code`, like every other error: a client can always read
 * `code`, whatever it sent.
 */
import { STATUS_CODES } from 'node:http';
import { startApp, TestApp } from '../support/app';
import { rawRequest, RawResponse } from './raw-http';

describe('framework-level errors carry a code', () => {
  let t: TestApp;
  let host: string;
  let token: string;
  beforeAll(async () => {
    t = await startApp();
    host = new URL(t.url).host;
    token = t.token('fe-reader');
  });
  afterAll(() => t?.close());

  function expectContract(res: RawResponse, status: number, code: string) {
    expect({ status: res.status, body: res.json }).toEqual({
      status,
      body: { statusCode: status, error: STATUS_CODES[status], code, message: expect.any(String) },
    });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  }

  it('headers over the size limit: 431 HEADERS_TOO_LARGE', async () => {
    const res = await rawRequest(t.url, `GET /api/v1/counts?articleIds=a HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`);
    expectContract(res, 431, 'HEADERS_TOO_LARGE');
  });

  it('a NUL byte in the path: 400 INVALID_URL', async () => {
    const res = await rawRequest(
      t.url,
      Buffer.concat([Buffer.from('GET /api/v1/comments/a'), Buffer.from([0]), Buffer.from(`b HTTP/1.1\r\nHost: ${host}\r\n\r\n`)]),
    );
    expectContract(res, 400, 'INVALID_URL');
  });

  it('a request line or header the HTTP parser refuses: 400 MALFORMED_REQUEST', async () => {
    for (const req of [
      `GET /health HTTP/1.1\r\nHost: ${host}\r\nBad Header Name: x\r\n\r\n`,
      `GET /health HTTP/9.9\r\nHost: ${host}\r\n\r\n`,
      `POST /api/v1/articles/a/comments HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n`,
      // A JSON body, so the broken chunk is read (without a content type the 415 comes first).
      `POST /api/v1/articles/a/comments HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
    ]) {
      expectContract(await rawRequest(t.url, req), 400, 'MALFORMED_REQUEST');
    }
  });

  it('a percent-escape that decodes to nothing valid: 400 INVALID_URL', async () => {
    const res = await rawRequest(t.url, `GET /api/v1/comments/%E0%A4%A HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expectContract(res, 400, 'INVALID_URL');
  });

  it('a path segment over the router limit: 414 URI_TOO_LONG', async () => {
    const res = await rawRequest(t.url, `GET /api/v1/comments/${'f'.repeat(2000)} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expectContract(res, 414, 'URI_TOO_LONG');
  });

  it('a body shorter than its Content-Length, once the request times out: 408 REQUEST_TIMEOUT', async () => {
    const req = `POST /api/v1/articles/a/comments HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"body":"x"}`;
    const t2 = await startApp({ REQUEST_TIMEOUT_MS: '1000' });
    try {
      const res = await rawRequest(t2.url, req.replace(host, new URL(t2.url).host), 8000);
      expectContract(res, 408, 'REQUEST_TIMEOUT');
    } finally {
      await t2.close();
    }
  });

  it('body parser errors: 400 INVALID_JSON, 413 PAYLOAD_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const post = (type: string, body: string, extra = '') =>
      rawRequest(
        t.url,
        `POST /api/v1/articles/a/comments HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${extra}\r\n${body}`,
      );
    expectContract(await post('application/json', '{"body":'), 400, 'INVALID_JSON');
    const poisoned = await post('application/json', '{"body":"x","__proto__":{"a":1}}');
    expectContract(poisoned, 400, 'INVALID_JSON');
    expect(JSON.parse(poisoned.body).message).toMatch(/__proto__/);
    const constructor = await post('application/json', '{"body":"x","constructor":{"prototype":{"a":1}}}');
    expectContract(constructor, 400, 'INVALID_JSON');
    expect(JSON.parse(constructor.body).message).toMatch(/constructor/);
    expect(JSON.parse((await post('application/json', '{"body":')).body).message).not.toMatch(/__proto__/);
    expectContract(await post('text/plain', 'hello'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectContract(await post('application/x-www-form-urlencoded', 'body=hello'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const big = 'x'.repeat(1024 * 1024 + 10);
    expectContract(await post('application/json', `{"body":"${big}"}`), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unknown route or method: 404 NOT_FOUND', async () => {
    const get = (line: string) => rawRequest(t.url, `${line}\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expectContract(await get('GET /api/v1/nothing-here HTTP/1.1'), 404, 'NOT_FOUND');
    expectContract(await get('PROPFIND /api/v1/counts HTTP/1.1'), 404, 'NOT_FOUND');
    expectContract(await get('GET /api/v1/%00 HTTP/1.1'), 404, 'NOT_FOUND');
  });
});
