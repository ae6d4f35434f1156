/**
 * Property-based fuzz of the HTTP API (fast-check): random and hostile bodies, ids, cursors,
 * query strings and headers against the write routes and the list routes. Whatever is sent:
 * never a 5xx, never a stall of the event loop, and a request that must be refused (no token, a
 * bad token, the wrong role, someone else's comment) changes no row.
 *
 * The run count is bounded (FUZZ_RUNS, default below) so the file takes well under a minute; a
 * failure prints fast-check's seed and path, and FUZZ_SEED=<seed> replays it.
 */
import fc from 'fast-check';
import { startApp, TestApp } from '../support/app';
import { must, patchSettings } from '../support/factories';
import { expectNoStall, leastLoopDelay } from './loop-delay';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** Tables whose content a refused request must leave as it was (users and staff are upserted or audited by design). */
const WATCHED = ['articles', 'comments', 'comment_revisions', 'reactions', 'reports', 'moderation_log', 'settings', 'site_counters', 'events'];

// ---- hostile values -------------------------------------------------------------------------

const TRICKY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'nul\u0000byte',
  '\ud800',
  'lone \udc00 low',
  '\u202eevil',
  '\u200b\u200d\ufeff',
  'e\u0301\u0301\u0301',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '[x](javascript:alert(1))',
  "1' OR '1'='1",
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '%00%2e%2e%2f',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '😀'.repeat(100),
  'x'.repeat(5001),
];

const trickyString = fc.oneof(
  fc.constantFrom(...TRICKY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.nat({ max: 6000 }).map((n) => 'y'.repeat(n)),
);

const FIELD_NAMES = [
  'body',
  'parentId',
  'articleTitle',
  'articleUrl',
  'reason',
  'note',
  'ids',
  'action',
  'closed',
  'title',
  'url',
  'name',
  'role',
  'days',
  'status',
  'authorId',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'rateLimits',
  'bannedWords',
];

const scalar = fc.oneof(trickyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.uuid());
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A JSON object text with keys from the DTOs and prototype keys, written raw so `__proto__` is an own key. */
const objectText = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 12 })), value), { maxLength: 6 })
  .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`);

/** A size: small (fast-check favours those), at the bounds, or far past them. */
const size = (...large: number[]) => fc.oneof(fc.nat({ max: 50 }), fc.constantFrom(19, 20, 21, 999, 1000, 1001, 4999, 5001), fc.constantFrom(...large));

/** Wide and deep shapes on both sides of the bounds, as a description (a counterexample prints short). */
type Shape = { shape: 'keys' | 'items' | 'arrays' | 'objects' | 'long'; n: number };
const shape = fc.oneof(
  size(20_000, 80_000).map((n): Shape => ({ shape: 'keys', n })),
  size(50_000, 200_000).map((n): Shape => ({ shape: 'items', n })),
  size(5000, 100_000).map((n): Shape => ({ shape: 'arrays', n })),
  size(5000, 50_000).map((n): Shape => ({ shape: 'objects', n })),
  fc.constantFrom(5001, 300_000, 1024 * 1024).map((n): Shape => ({ shape: 'long', n })),
);
function render(s: Shape): string {
  switch (s.shape) {
    case 'keys':
      return `{"body":"wide",${Array.from({ length: s.n }, (_, i) => `"${i.toString(36)}":0`).join(',') || '"k":0'}}`;
    case 'items':
      return `{"body":"items","ids":[${new Array(s.n).fill('0').join(',')}]}`;
    case 'arrays':
      return `{"body":"deep","x":${'['.repeat(s.n)}${']'.repeat(s.n)}}`;
    case 'objects':
      return `{"body":"deep","x":${'{"a":'.repeat(s.n)}1${'}'.repeat(s.n)}}`;
    case 'long':
      return JSON.stringify({ body: 'z'.repeat(s.n) });
  }
}

const rawText = fc.oneof(
  fc.constantFrom('', '{', '{"body":', 'null', '[]', '"str"', '42', 'true', '{"body":"x",}', '\u0000', '{"body":"x"} trailing'),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** A request body: JSON text, a shape to render, or nothing. */
const bodyArb = fc.oneof(
  { weight: 4, arbitrary: objectText },
  { weight: 2, arbitrary: value.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 3, arbitrary: shape },
  { weight: 2, arbitrary: rawText },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const bodyText = (b: string | Shape | undefined) => (typeof b === 'object' ? render(b) : b);

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as any client would send it). */
const pct = (s: string) =>
  Array.from(Buffer.from(s, 'utf8'), (b) =>
    /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');

/** A path segment: known ids, uuids, junk (URL-encoded, or one of a few raw nasties). */
function idArb(known: () => string[]) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(null).map(() => known()[0]) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 1000 }).map((i) => known()[i % known().length]) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: trickyString.map((s) => pct(s.slice(0, 1500))) },
    { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', '%', '%00', '..', '.', '%2e%2e', 'a%2Fb', 'f'.repeat(1200)) },
  );
}

const queryValue = fc.oneof(
  trickyString.map((s) => s.slice(0, 2000)),
  fc.integer().map(String),
  fc.base64String({ maxLength: 300 }),
  fc.constantFrom('newest', 'oldest', 'top', '0', '100', '101', '-1', '1e3'),
);
const queryString = fc
  .array(fc.tuple(fc.constantFrom('limit', 'cursor', 'sort', 'articleId', 'articleIds', 'action', 'userId', 'foo', '__proto__', 'constructor'), queryValue), {
    maxLength: 6,
  })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${pct(v)}`).join('&'));

/** Printable ASCII only: what a client library lets through into a header. */
const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  fc.constantFrom('Bearer', 'Bearer ', 'Bearer a.b.c', 'Basic dXNlcjpwdw==', 'bearer  x y', 'Bearer ' + 'a'.repeat(4000)),
);

// ---- the service under fuzz ----------------------------------------------------------------

describe('fuzz: the HTTP API under random and hostile input', () => {
  let t: TestApp;
  let tokens: { readerA: string; readerB: string; mod: string; admin: string };
  const ownComments: string[] = [];
  const otherComments: string[] = [];
  const articles = ['fz-a', 'fz-b'];

  beforeAll(async () => {
    t = await startApp();
    tokens = {
      readerA: t.token({ sub: 'fz-a', name: 'Ana' }),
      readerB: t.token({ sub: 'fz-b', name: 'Ben' }),
      mod: t.token({ sub: 'fz-mod', name: 'Moe', role: 'moderator' }),
      admin: t.token({ sub: 'fz-admin', name: 'Adi', role: 'admin' }),
    };
    await patchSettings(t, tokens.admin, { rateLimits: { writesPerMinute: 1000, commentsPerMinute: 1000 } });
    for (let i = 0; i < 3; i++) {
      ownComments.push((await must(t.api('POST', `/articles/fz-a/comments`, { token: tokens.readerA, body: { body: `A's comment ${i}` } }), 201)).id);
      otherComments.push((await must(t.api('POST', `/articles/fz-b/comments`, { token: tokens.readerB, body: { body: `B's comment ${i}` } }), 201)).id);
    }
  });
  afterAll(() => t?.close());

  /** One digest per watched table: any insert, update or delete shows. */
  async function snapshot(): Promise<Record<string, string>> {
    const cols = WATCHED.map((table) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${table} x) AS ${table}`);
    const [row] = await t.ds.query(`SELECT ${cols.join(', ')}`);
    return row;
  }

  async function send(method: string, path: string, body: string | undefined, headers: Record<string, string>) {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
    const res = await fetch(`${t.url}/api/v1${path}`, { method, headers: h, body });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  /** Never a 5xx; any error in the contract's shape with a code. */
  function expectSane(what: unknown, res: { status: number; json: any; text: string }) {
    expect({ what, status: res.status, serverError: res.status >= 500 }).toEqual({ what, status: res.status, serverError: false });
    if (res.status >= 400) {
      expect({ what, code: typeof res.json?.code, statusCode: res.json?.statusCode }).toEqual({ what, code: 'string', statusCode: res.status });
    }
  }

  type Who = 'none' | 'garbage' | 'badToken' | 'readerA' | 'readerB' | 'mod';
  const WRITE_ROUTES: { method: string; path: (id: string, article: string) => string; refusedFor: Who[] }[] = [
    { method: 'POST', path: (_, a) => `/articles/${a}/comments`, refusedFor: ['none', 'garbage', 'badToken'] },
    { method: 'PATCH', path: (id) => `/comments/${id}`, refusedFor: ['none', 'garbage', 'badToken', 'readerB'] },
    { method: 'DELETE', path: (id) => `/comments/${id}`, refusedFor: ['none', 'garbage', 'badToken', 'readerB'] },
    { method: 'PUT', path: (id) => `/comments/${id}/reactions/like`, refusedFor: ['none', 'garbage', 'badToken'] },
    { method: 'DELETE', path: (id) => `/comments/${id}/reactions/like`, refusedFor: ['none', 'garbage', 'badToken'] },
    { method: 'POST', path: (id) => `/comments/${id}/reports`, refusedFor: ['none', 'garbage', 'badToken'] },
    { method: 'POST', path: (id) => `/moderation/comments/${id}/approve`, refusedFor: ['none', 'garbage', 'badToken', 'readerA', 'readerB'] },
    { method: 'POST', path: (id) => `/moderation/comments/${id}/reject`, refusedFor: ['none', 'garbage', 'badToken', 'readerA', 'readerB'] },
    { method: 'POST', path: () => `/moderation/bulk`, refusedFor: ['none', 'garbage', 'badToken', 'readerA', 'readerB'] },
    { method: 'POST', path: (id) => `/moderation/users/${id}/ban`, refusedFor: ['none', 'garbage', 'badToken', 'readerA', 'readerB'] },
    { method: 'PATCH', path: (_, a) => `/articles/${a}`, refusedFor: ['none', 'garbage', 'badToken', 'readerA', 'readerB'] },
    { method: 'PATCH', path: () => `/settings`, refusedFor: ['none', 'garbage', 'badToken', 'readerA', 'readerB', 'mod'] },
    { method: 'POST', path: () => `/moderation/recount`, refusedFor: ['none', 'garbage', 'badToken', 'readerA', 'readerB', 'mod'] },
  ];

  function authHeader(who: Who, garbage: string): Record<string, string> {
    switch (who) {
      case 'none':
        return {};
      case 'garbage':
        return { authorization: garbage };
      case 'badToken':
        return { authorization: `Bearer ${tokens.readerA.slice(0, -4)}AAAA` };
      default:
        return { authorization: `Bearer ${tokens[who]}` };
    }
  }

  it('found by the fuzz: a NUL byte in a path or query id names nothing, never a 500 from the driver', async () => {
    const mod = { authorization: `Bearer ${tokens.mod}` };
    for (const [path, status] of [
      ['/moderation/users/%00', 404],
      ['/moderation/users/fz-a%00', 404],
      ['/moderation/log?userId=%00', 200],
      ['/comments/%00', 404],
      ['/articles/nul%00id', 400],
    ] as const) {
      const res = await send('GET', path, undefined, mod);
      expect({ path, status: res.status }).toEqual({ path, status });
    }
    const before = await snapshot();
    const ban = await send('POST', '/moderation/users/fz-a%00/ban', '{"reason":"nul"}', mod);
    expect(ban.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('write routes: never a 5xx, never a stall; what must be refused changes nothing', async () => {
    // readerB's own comments are the ids readerA must not touch and the other way round: the
    // PATCH/DELETE refusal for readerB holds on A's comments.
    const ids = () => [...ownComments, ...otherComments];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          route: fc.nat({ max: WRITE_ROUTES.length - 1 }),
          who: fc.constantFrom<Who>('none', 'garbage', 'badToken', 'readerA', 'readerB', 'mod'),
          id: fc.oneof(
            idArb(() => ownComments),
            idArb(ids),
          ),
          article: fc.oneof(
            fc.constantFrom(...articles),
            idArb(() => articles),
          ),
          body: bodyArb,
          garbageAuth: headerValue,
          extra: fc.record(
            {
              'idempotency-key': headerValue,
              'content-type': fc.constantFrom(
                'application/json',
                'application/json; charset=utf-8',
                'text/plain',
                'application/x-www-form-urlencoded',
                'application/JSON',
                '*/*',
                '',
              ),
              origin: fc.constantFrom('https://news.example', 'null', 'http://evil.example'),
              'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'garbage', '10.0.0.1, 2.2.2.2'),
            },
            { requiredKeys: [] },
          ),
        }),
        async (c) => {
          const route = WRITE_ROUTES[c.route];
          const path = route.path(c.id, c.article);
          const headers = { ...Object.fromEntries(Object.entries(c.extra).filter(([, v]) => v !== '')), ...authHeader(c.who, c.garbageAuth) };
          // readerB's PATCH/DELETE is a refusal only on A's comments (or ids that are no comment).
          const mustRefuse = route.refusedFor.includes(c.who) && !(c.who === 'readerB' && otherComments.some((o) => path.includes(o)));
          const body = bodyText(c.body);
          const what = { method: route.method, path: path.slice(0, 120), who: c.who, body: typeof c.body === 'object' ? c.body : c.body?.slice(0, 120) };
          const before = mustRefuse ? await snapshot() : null;
          const run = () => send(route.method, path, body, headers);
          // Sent again only when it seems to stall (noise from the shared machine does not repeat);
          // a write sent twice is still fuzz data.
          const { result, maxMs } = await leastLoopDelay(run, 3);
          expectSane(what, result);
          expectNoStall(maxMs, what);
          if (before) {
            expect({ what, status: result.status, refused: result.status >= 400 }).toEqual({ what, status: result.status, refused: true });
            expect({ what, rows: await snapshot() }).toEqual({ what, rows: before });
          }
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 120_000);

  it('list and read routes: never a 5xx, never a stall, nothing changes', async () => {
    const READS: ((id: string, article: string) => string)[] = [
      (_, a) => `/articles/${a}/comments`,
      (id) => `/comments/${id}/replies`,
      (id) => `/comments/${id}`,
      (_, a) => `/articles/${a}`,
      () => `/counts`,
      (id) => `/moderation/queues/${id}`,
      () => `/moderation/log`,
      () => `/moderation/counts`,
      (id) => `/moderation/users/${id}`,
      () => `/settings`,
    ];
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          route: fc.nat({ max: READS.length - 1 }),
          who: fc.constantFrom<Who>('none', 'garbage', 'badToken', 'readerA', 'mod'),
          id: fc.oneof(
            idArb(() => ownComments),
            fc.constantFrom('pending', 'reported', 'unmoderated', 'approved', 'rejected'),
          ),
          article: idArb(() => articles),
          query: queryString,
          garbageAuth: headerValue,
          method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD'),
        }),
        async (c) => {
          const path = `${READS[c.route](c.id, c.article)}${c.query ? `?${c.query}` : ''}`;
          const what = { method: c.method, path: path.slice(0, 160), who: c.who };
          const { result, maxMs } = await leastLoopDelay(() => send(c.method, path, undefined, authHeader(c.who, c.garbageAuth)), 3);
          expectSane(what, c.method === 'HEAD' ? { ...result, json: { code: 'HEAD', statusCode: result.status } } : result);
          expectNoStall(maxMs, what);
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(await snapshot()).toEqual(before);
  }, 120_000);
});
