/**
 * Bad input: every request gets a clear 4xx in the contract's error shape, never a 5xx, and
 * nothing is written.
 */
import { STATUS_CODES } from 'node:http';
import { startApp, TestApp } from './support/app';
import { NO_FLOOD_LIMIT, patchSettings } from './support/factories';

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

describe('errors on bad input', () => {
  let t: TestApp;
  let token: string;
  let other: string;
  let mod: string;
  let existing: any;
  let seq = 0;

  const rows = async () => {
    const [r] = await t.ds.query(
      `SELECT (SELECT count(*) FROM comments)::int AS comments, (SELECT count(*) FROM articles)::int AS articles,
              (SELECT count(*) FROM comment_revisions)::int AS revisions, (SELECT count(*) FROM reports)::int AS reports,
              (SELECT count(*) FROM reactions)::int AS reactions`,
    );
    return r;
  };

  function expectError(res: { status: number; body: any }, status: number, code?: string) {
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ statusCode: status, error: STATUS_CODES[status], code: code ?? expect.any(String), message: expect.anything() });
    expect(typeof res.body.code).toBe('string');
    expect(res.body.code).toMatch(/^[A-Z_]+$/);
  }

  /** Runs `req`, expects the error, and checks that no table changed. */
  async function refused(req: () => Promise<{ status: number; body: any }>, status: number, code?: string) {
    const before = await rows();
    const res = await req();
    expectError(res, status, code);
    expect(await rows()).toEqual(before);
    return res;
  }

  const postRaw = (raw: string, headers?: Record<string, string>) => t.api('POST', '/articles/err-a/comments', { token, raw, headers });
  const post = (body: unknown, headers?: Record<string, string>) => t.api('POST', '/articles/err-a/comments', { token, body, headers });

  beforeAll(async () => {
    t = await startApp();
    token = t.token({ sub: 'u-err', name: 'Erin' });
    other = t.token({ sub: 'u-other', name: 'Otto' });
    mod = t.token({ sub: 'u-mod', name: 'Mod', role: 'moderator' });
    const admin = t.token({ sub: 'u-admin', name: 'Admin', role: 'admin' });
    await patchSettings(t, admin, NO_FLOOD_LIMIT);
    const res = await post({ body: 'an existing comment' });
    expect(res.status).toBe(201);
    existing = res.body;
  });
  afterAll(() => t?.close());

  describe('request bodies', () => {
    it('malformed JSON is 400 INVALID_JSON', async () => {
      for (const raw of ['{"body": ', '{body: "x"}', "{'body': 'x'}", '{"body": "x",}', '{"body": "x"} trailing', '\u0000']) {
        await refused(() => postRaw(raw), 400, 'INVALID_JSON');
      }
    });

    it('a JSON array, string, number or null body is 400 INVALID_BODY', async () => {
      for (const raw of ['[{"body":"x"}]', '[]', '"just a string"', '42', 'true', 'null']) {
        await refused(() => postRaw(raw), 400, 'INVALID_BODY');
      }
    });

    it('an empty request body is a 400', async () => {
      await refused(() => postRaw(''), 400);
      await refused(() => t.api('POST', '/articles/err-a/comments', { token }), 400);
    });

    it('wrong types are 400 VALIDATION_FAILED', async () => {
      for (const body of [
        { body: 5 },
        { body: null },
        { body: ['text'] },
        { body: { text: 'x' } },
        { body: true },
        {},
        { body: 'x', parentId: 5 },
        { body: 'x', parentId: 'not-a-uuid' },
      ]) {
        await refused(() => post(body), 400, 'VALIDATION_FAILED');
      }
    });

    it('unknown fields are 400 VALIDATION_FAILED', async () => {
      for (const body of [
        { body: 'x', foo: 1 },
        { body: 'x', status: 'approved' },
        { body: 'x', authorId: 'u-admin' },
        { body: 'x', featured: true },
        { body: 'x', id: UNKNOWN_ID },
      ]) {
        const res = await refused(() => post(body), 400, 'VALIDATION_FAILED');
        expect(String(res.body.message)).toMatch(/should not exist/);
      }
      await refused(() => t.api('PATCH', `/comments/${existing.id}`, { token, body: { body: 'x', status: 'approved' } }), 400, 'VALIDATION_FAILED');
      await refused(() => t.api('PATCH', '/articles/err-a', { token: mod, body: { closed: true, commentCount: 1000 } }), 400, 'VALIDATION_FAILED');
    });

    it('prototype pollution keys are refused', async () => {
      await refused(() => postRaw('{"body":"x","__proto__":{"admin":true}}'), 400);
      await refused(() => postRaw('{"body":"x","constructor":{"prototype":{"admin":true}}}'), 400);
      expect(({} as any).admin).toBeUndefined();
    });

    it('absurdly nested JSON is a 400, not a crash', async () => {
      const deep = (n: number) => `{"body":"deep","x":${'['.repeat(n)}${']'.repeat(n)}}`;
      for (const n of [100, 5000]) await refused(() => postRaw(deep(n)), 400);
    });

    it('an empty or whitespace-only comment is 400 COMMENT_EMPTY', async () => {
      for (const body of ['', ' ', '   \n\t  \r\n ', '\u0000', '\u00a0\u3000', '\u200b', '\u200b\u200d\ufeff \u2060', '\u202e']) {
        await refused(() => post({ body }), 400, 'COMMENT_EMPTY');
      }
      await refused(() => t.api('PATCH', `/comments/${existing.id}`, { token, body: { body: ' \n ' } }), 400, 'COMMENT_EMPTY');
    });

    it('a comment over 5000 characters is 400 COMMENT_TOO_LONG; 5000 is fine, counted after trimming and by character', async () => {
      await refused(() => post({ body: 'a'.repeat(5001) }), 400, 'COMMENT_TOO_LONG');
      await refused(() => post({ body: '😀'.repeat(5001) }), 400, 'COMMENT_TOO_LONG');
      await refused(() => post({ body: 'x'.repeat(200_000) }), 400);
      for (const body of ['b'.repeat(5000), `   ${'c'.repeat(5000)}   \n`, '😀'.repeat(5000)]) {
        const res = await post({ body });
        expect(res.status).toBe(201);
        expect([...res.body.body]).toHaveLength(5000);
      }
    });

    it('NUL bytes are removed, never a 5xx', async () => {
      const res = await post({ body: 'before\u0000after \u0000 end' });
      expect(res.status).toBe(201);
      expect(res.body.body).toBe('beforeafter  end');
      const [row] = await t.ds.query(`SELECT body, html FROM comments WHERE id = $1`, [res.body.id]);
      expect(row.body).toBe('beforeafter  end');
      expect(row.html).not.toContain('\u0000');

      const edit = await t.api('PATCH', `/comments/${res.body.id}`, { token, body: { body: 'edited\u0000text' } });
      expect(edit.status).toBe(200);
      expect(edit.body.body).toBe('editedtext');

      const report = await t.api('POST', `/comments/${existing.id}/reports`, { token: other, body: { reason: 'other', note: 'note\u0000with nul' } });
      expect(report.status).toBe(202);
      const [rep] = await t.ds.query(`SELECT note FROM reports WHERE comment_id = $1 AND user_id = 'u-other'`, [existing.id]);
      expect(rep.note).toBe('notewith nul');
    });

    it('NUL bytes and lone surrogates in article titles are no 5xx either', async () => {
      const res = await t.api('POST', '/articles/err-title/comments', { token, body: { body: 'titled', articleTitle: 'Tit\u0000le' } });
      expect(res.status).toBe(201);
      expect((await t.api('GET', '/articles/err-title')).body.title).toBe('Title');
      const patched = await t.api('PATCH', '/articles/err-title', { token: mod, body: { title: 'New\u0000 title' } });
      expect(patched.status).toBe(200);
      expect(patched.body.title).toBe('New title');
      const lone = await t.api('POST', '/articles/err-a/comments', { token, raw: '{"body":"lone \\ud800 surrogate"}' });
      expect(lone.status).toBe(201);
      expect(lone.body.body).toBe('lone \ufffd surrogate');
    });

    it('a 3 MB body is 413', async () => {
      const big = 'x'.repeat(3 * 1024 * 1024);
      await refused(() => post({ body: big }), 413, 'PAYLOAD_TOO_LARGE');
      await refused(() => t.api('PATCH', `/comments/${existing.id}`, { token, body: { body: big } }), 413, 'PAYLOAD_TOO_LARGE');
      expect((await t.api('GET', `/comments/${existing.id}`)).body.body).toBe('an existing comment');
    });

    it('bad article title or url on first comment is a 400', async () => {
      await refused(
        () => t.api('POST', '/articles/err-new/comments', { token, body: { body: 'x', articleUrl: 'javascript:alert(1)' } }),
        400,
        'VALIDATION_FAILED',
      );
      await refused(() => t.api('POST', '/articles/err-new/comments', { token, body: { body: 'x', articleTitle: 't'.repeat(301) } }), 400, 'VALIDATION_FAILED');
      await refused(() => t.api('PATCH', '/articles/err-new', { token: mod, body: { closed: 'yes' } }), 400, 'VALIDATION_FAILED');
      await refused(() => t.api('PATCH', '/articles/err-new', { token: mod, body: {} }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('article ids', () => {
    const bad: [string, string][] = [
      ['201 characters', 'a'.repeat(201)],
      ['a space', 'bad id'],
      ['angle brackets', '<script>'],
      ['a question mark', 'what?'],
      ['non-ASCII', 'café'],
      ['a NUL byte', 'nul\u0000id'],
      ['a quote', "o'brien"],
    ];
    it.each(bad)('refuses %s with 400 INVALID_ARTICLE_ID on every article route', async (_, id) => {
      const p = encodeURIComponent(id);
      await refused(() => t.api('POST', `/articles/${p}/comments`, { token, body: { body: `bad article ${++seq}` } }), 400, 'INVALID_ARTICLE_ID');
      await refused(() => t.api('GET', `/articles/${p}/comments`), 400, 'INVALID_ARTICLE_ID');
      await refused(() => t.api('GET', `/articles/${p}`), 400, 'INVALID_ARTICLE_ID');
      await refused(() => t.api('PATCH', `/articles/${p}`, { token: mod, body: { closed: true } }), 400, 'INVALID_ARTICLE_ID');
    });

    it('accepts exactly 200 characters and every allowed punctuation mark', async () => {
      for (const id of ['a'.repeat(200), 'A-z_0.9:~/x']) {
        const res = await t.api('POST', `/articles/${encodeURIComponent(id)}/comments`, { token, body: { body: `good article ${++seq}` } });
        expect(res.status).toBe(201);
        expect(res.body.articleId).toBe(id);
      }
    });
  });

  describe('comment ids', () => {
    const ids: [string, string][] = [
      ['an unknown uuid', UNKNOWN_ID],
      ['a non-uuid', 'not-a-uuid'],
      ['a number', '12345'],
      ['SQL', "1' OR '1'='1"],
      ['a 300-character id', 'f'.repeat(300)],
    ];
    it.each(ids)('%s is 404 everywhere', async (_, id) => {
      const p = encodeURIComponent(id);
      await refused(() => t.api('GET', `/comments/${p}`), 404);
      await refused(() => t.api('GET', `/comments/${p}/replies`), 404);
      await refused(() => t.api('PATCH', `/comments/${p}`, { token, body: { body: `edit ${++seq}` } }), 404);
      await refused(() => t.api('DELETE', `/comments/${p}`, { token }), 404);
      await refused(() => t.api('PUT', `/comments/${p}/reactions/like`, { token }), 404);
      await refused(() => t.api('DELETE', `/comments/${p}/reactions/like`, { token }), 404);
      await refused(() => t.api('POST', `/comments/${p}/reports`, { token, body: { reason: 'spam' } }), 404);
    });

    it('a path segment over the router limit is 414, and a broken URL escape 400, in the contract shape', async () => {
      await refused(() => t.api('GET', `/comments/${'f'.repeat(2000)}`), 414, 'URI_TOO_LONG');
      await refused(() => t.api('PATCH', `/comments/${'f'.repeat(2000)}`, { token, body: { body: 'long id' } }), 414, 'URI_TOO_LONG');
      await refused(() => t.api('GET', `/comments/%E0%A4%A`), 400, 'INVALID_URL');
      await refused(() => t.api('POST', `/articles/%E0%A4%A/comments`, { token, body: { body: 'bad escape' } }), 400, 'INVALID_URL');
    });

    it('a reply to an unknown parent is 404 and writes nothing', async () => {
      await refused(() => post({ body: 'orphan', parentId: UNKNOWN_ID }), 404, 'PARENT_NOT_FOUND');
    });
  });

  describe('query parameters', () => {
    const P = '/articles/err-a/comments';
    it('unknown query params are 400', async () => {
      await refused(() => t.api('GET', `${P}?foo=bar`), 400, 'VALIDATION_FAILED');
      await refused(() => t.api('GET', `${P}?offset=20`), 400, 'VALIDATION_FAILED');
      await refused(() => t.api('GET', `/comments/${existing.id}/replies?sort=newest`), 400, 'VALIDATION_FAILED');
      await refused(() => t.api('GET', `/counts?articleIds=err-a&extra=1`), 400, 'VALIDATION_FAILED');
    });

    it('limit outside 1-100 or not a whole number is 400', async () => {
      for (const limit of ['0', '101', 'abc', '-1', '1.5', '', '1e3']) {
        await refused(() => t.api('GET', `${P}?limit=${encodeURIComponent(limit)}`), 400, 'VALIDATION_FAILED');
        await refused(() => t.api('GET', `/comments/${existing.id}/replies?limit=${encodeURIComponent(limit)}`), 400, 'VALIDATION_FAILED');
      }
      await refused(() => t.api('GET', `${P}?limit=1&limit=2`), 400);
      for (const limit of ['1', '100']) expect((await t.api('GET', `${P}?limit=${limit}`)).status).toBe(200);
    });

    it('an unknown sort is 400', async () => {
      for (const sort of ['best', 'NEWEST', '', 'newest;drop']) {
        await refused(() => t.api('GET', `${P}?sort=${encodeURIComponent(sort)}`), 400, 'VALIDATION_FAILED');
      }
    });

    it('a malformed cursor is 400', async () => {
      await refused(() => t.api('GET', `${P}?cursor=%00`), 400, 'INVALID_CURSOR');
      await refused(() => t.api('GET', `${P}?cursor=a&cursor=b`), 400);
    });
  });

  describe('Idempotency-Key', () => {
    it('over 200 characters or with invalid characters is 400 INVALID_IDEMPOTENCY_KEY', async () => {
      for (const key of ['k'.repeat(201), 'has space', '']) {
        await refused(() => post({ body: `keyed ${++seq}` }, { 'Idempotency-Key': key }), 400, 'INVALID_IDEMPOTENCY_KEY');
      }
      const ok = await post({ body: `keyed ${++seq}` }, { 'Idempotency-Key': 'k'.repeat(200) });
      expect(ok.status).toBe(201);
    });
  });

  describe('other requests', () => {
    it('a non-JSON content type is a 4xx, never a 5xx', async () => {
      const before = await rows();
      const res = await postRaw('body=hello', { 'content-type': 'text/plain' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: res.status, code: expect.any(String) }));
      expect(await rows()).toEqual(before);
    });

    it('an unknown route is a 404 in the same shape', async () => {
      expectError(await t.api('GET', '/no-such-thing'), 404, 'NOT_FOUND');
    });

    it('an unknown reaction kind is 404', async () => {
      await refused(() => t.api('PUT', `/comments/${existing.id}/reactions/dislike`, { token }), 404);
    });

    it('the service is still healthy after all of this', async () => {
      const res = await fetch(`${t.url}/health`);
      expect(res.status).toBe(200);
      expect((await t.api('GET', `/comments/${existing.id}`)).body.body).toBe('an existing comment');
    });
  });
});
