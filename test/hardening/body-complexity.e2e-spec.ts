/**
 * One request must not stall the instance: a body with too many keys, items or levels is refused
 * at JSON parse time, before it is even parsed; a body within the bounds sent without a token is
 * refused by the writer check before any body work; nothing but JSON is parsed at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, TestApp } from '../support/app';
import { must, patchSettings } from '../support/factories';
import { expectNoStall, leastLoopDelay } from './loop-delay';

/** `{"body":"wide","1":0,"2":0,…}`: `keys` keys in all (80,000 take ~750 KB, under the 1 MiB body limit). */
function wideObject(keys: number): string {
  const parts = ['"body":"wide"'];
  for (let i = 1; i < keys; i++) parts.push(`"${i.toString(36)}":0`);
  return `{${parts.join(',')}}`;
}
const wideArray = (n: number) => `{"body":"wide","ids":[${new Array(n).fill('0').join(',')}]}`;
/** `n` objects of 80 keys: wide at the second level. */
function wideNested(n: number): string {
  const inner = `{${Array.from({ length: 80 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
  return `{"body":"nested","x":[${new Array(n).fill(inner).join(',')}]}`;
}
/** `n` levels in all, the top-level object included. */
const deepArrays = (n: number) => `{"body":"deep","x":${'['.repeat(n - 1)}${']'.repeat(n - 1)}}`;
const deepObjects = (n: number) => `{"body":"deep","x":${'{"a":'.repeat(n - 1)}0${'}'.repeat(n - 1)}}`;

/** Past the bounds: refused at parse time, whoever sends them. */
const HOSTILE: [string, () => string][] = [
  ['80,000 keys', () => wideObject(80_000)],
  ['300,000 array items', () => wideArray(300_000)],
  ['1,000 objects of 80 keys', () => wideNested(1000)],
  ['100,000 nested arrays', () => deepArrays(100_000)],
  ['50,000 nested objects', () => deepObjects(50_000)],
  ['5,000 empty objects', () => `{"body":"many","x":[${new Array(5000).fill('{}').join(',')}]}`],
];
/**
 * Just within the bounds (1,000 keys and nested values, 5,000 items, 20 levels): parsed, so the
 * writer check must come before the pipe, and the pipe's work on them stays short.
 */
const AT_THE_BOUNDS: [string, () => string][] = [
  ['1,000 keys', () => wideObject(1000)],
  ['5,000 array items', () => wideArray(5000)],
  ['12 objects of 80 keys', () => wideNested(12)],
  ['900 empty objects', () => `{"body":"many","x":[${new Array(900).fill('{}').join(',')}]}`],
  ['20 levels of arrays', () => deepArrays(20)],
  ['20 levels of objects', () => deepObjects(20)],
];

/**
 * Writes anyone may send without a token, by design: signing in and what leads to it, and the
 * composer's preview (stores nothing; its body is bounded and it is rate-limited per address).
 */
const ANONYMOUS_BY_DESIGN = new Set([
  'POST /api/v1/comments/preview',
  'POST /api/v1/staff/session',
  'DELETE /api/v1/staff/session',
  'POST /api/v1/staff/sso',
  'POST /api/v1/staff/invitations/{token}/accept',
  'POST /api/v1/staff/password-reset',
  'POST /api/v1/staff/password-reset/{token}',
]);

/** Every operation of the public contract that changes something (docs/openapi.json). */
function writeOperations(): { method: string; path: string }[] {
  const doc = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const ops: { method: string; path: string }[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods)) {
      if (['post', 'put', 'patch', 'delete'].includes(method)) ops.push({ method: method.toUpperCase(), path });
    }
  }
  return ops;
}

describe('request bodies cannot stall the event loop', () => {
  let t: TestApp;
  let reader: string;
  let admin: string;
  let existing: { id: string };
  const bodies = new Map<string, string>();
  const EDIT = 'a comment to edit';

  beforeAll(async () => {
    t = await startApp();
    reader = t.token({ sub: 'bc-reader', name: 'Bea' });
    admin = t.token({ sub: 'bc-admin', name: 'Ada', role: 'admin' });
    await patchSettings(t, admin, { rateLimits: { commentsPerMinute: 1000, writesPerMinute: 1000 } });
    existing = await must(t.api('POST', '/articles/bc-a/comments', { token: reader, body: { body: EDIT } }), 201);
    for (const [name, make] of [...HOSTILE, ...AT_THE_BOUNDS]) bodies.set(name, make());
    for (const raw of bodies.values()) expect(Buffer.byteLength(raw)).toBeLessThan(1024 * 1024);
    // Warm the paths once, so the measurement is of the request and not of first-call compilation.
    await t.api('POST', '/articles/bc-a/comments', { raw: '{"body":"warm","x":1}', token: reader });
    await t.api('POST', '/articles/bc-a/comments', { raw: '{"body":"warm"}' });
  });
  afterAll(() => t?.close());

  const commentCount = async () => Number((await t.ds.query(`SELECT count(*)::int AS n FROM comments`))[0].n);
  const WRITES = () => [
    ['POST', '/articles/bc-a/comments'],
    ['PATCH', `/comments/${existing.id}`],
  ];

  it.each(HOSTILE.map(([name]) => name))('POST and PATCH with %s, anonymous or signed in: 400 BODY_TOO_COMPLEX at once', async (name) => {
    const raw = bodies.get(name)!;
    const before = await commentCount();
    for (const token of [undefined, reader]) {
      for (const [method, path] of WRITES()) {
        const { result, maxMs } = await leastLoopDelay(() => t.api(method, path, { raw, token }));
        const who = token ? 'signed in' : 'anonymous';
        expect({ who, method, status: result.status, body: result.body }).toEqual({
          who,
          method,
          status: 400,
          body: { statusCode: 400, error: 'Bad Request', code: 'BODY_TOO_COMPLEX', message: expect.any(String) },
        });
        expectNoStall(maxMs, { who, method });
      }
    }
    expect(await commentCount()).toBe(before);
    expect((await t.api('GET', `/comments/${existing.id}`)).body.body).toBe(EDIT);
  });

  it.each(AT_THE_BOUNDS.map(([name]) => name))('POST and PATCH with %s: 401 anonymous, 400 VALIDATION_FAILED signed in, at once', async (name) => {
    const raw = bodies.get(name)!;
    const before = await commentCount();
    for (const [token, status, code] of [
      [undefined, 401, 'AUTH_REQUIRED'],
      [reader, 400, 'VALIDATION_FAILED'],
    ] as const) {
      for (const [method, path] of WRITES()) {
        const { result, maxMs } = await leastLoopDelay(() => t.api(method, path, { raw, token }));
        expect({ method, status: result.status, code: result.body?.code }).toEqual({ method, status, code });
        expectNoStall(maxMs, { method, code });
      }
    }
    expect(await commentCount()).toBe(before);
    expect((await t.api('GET', `/comments/${existing.id}`)).body.body).toBe(EDIT);
  });

  it('a form-encoded or text body is 415, never transformed', async () => {
    const form = `body=x&${Array.from({ length: 60_000 }, (_, i) => `${i.toString(36)}=0`).join('&')}`;
    for (const [type, raw] of [
      ['application/x-www-form-urlencoded', form],
      ['text/plain', JSON.stringify({ body: 'plain' })],
    ]) {
      const { result, maxMs } = await leastLoopDelay(() => t.api('POST', '/articles/bc-a/comments', { raw, token: reader, headers: { 'content-type': type } }));
      expect({ type, status: result.status, code: result.body?.code }).toEqual({ type, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expectNoStall(maxMs, type);
    }
  });

  it('a query string with thousands of keys is refused before it is transformed', async () => {
    const qs = Array.from({ length: 1500 }, (_, i) => `${i.toString(36)}=0`).join('&');
    const { result, maxMs } = await leastLoopDelay(() => t.api('GET', `/articles/bc-a/comments?${qs}`));
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('QUERY_TOO_COMPLEX');
    expectNoStall(maxMs, 'query');
  });

  it('every write operation of the contract but signing in refuses an anonymous request before transforming its body', async () => {
    const raw = bodies.get('1,000 keys')!;
    const ops = writeOperations();
    expect(ops.length).toBeGreaterThanOrEqual(15);
    for (const op of ops) {
      const path = op.path
        .replace(/^\/api\/v1/, '')
        .replace('{articleId}', 'bc-a')
        .replace('{id}', existing.id)
        .replace('{kind}', 'like')
        .replace('{userId}', 'bc-reader')
        .replace('{action}', 'unban')
        .replace('{token}', 'no-such-token');
      const { result, maxMs } = await leastLoopDelay(() => t.api(op.method, path, { raw }));
      if (ANONYMOUS_BY_DESIGN.has(`${op.method} ${op.path}`)) {
        // Signing out without a session is a no-op (204); the rest refuse this body.
        expect({ ...op, status: result.status, ok: result.status < 500 }).toEqual({ ...op, status: result.status, ok: true });
      } else {
        expect({ ...op, status: result.status, code: result.body?.code }).toEqual({ ...op, status: 401, code: 'AUTH_REQUIRED' });
      }
      expectNoStall(maxMs, op);
    }
  });

  it('the largest legitimate bodies still pass: both word lists full, a full bulk decision', async () => {
    const words = (p: string) => Array.from({ length: 2000 }, (_, i) => `${p}${i.toString(36)}`);
    const settings = await patchSettings(t, admin, { bannedWords: words('zqb'), suspectWords: words('zqs') });
    expect(settings.bannedWords).toHaveLength(2000);
    expect(settings.suspectWords).toHaveLength(2000);
    const mod = t.token({ sub: 'bc-mod', name: 'Mo', role: 'moderator' });
    const ids = Array.from({ length: 200 }, (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    const bulk = await t.api('POST', '/moderation/bulk', { token: mod, body: { ids, action: 'approve' } });
    expect(bulk.status).toBeLessThan(500);
    expect(bulk.body?.code).not.toBe('BODY_TOO_COMPLEX');
  });
});
