/**
 * Identity: publisher-signed JWTs with a pinned algorithm (HS256, or RS256 when a public key is
 * configured), claims checked, users upserted from claims, reading anonymous.
 */
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { startApp, TEST_SECRET, TestApp } from './support/app';
import { commentRowCount } from './support/factories';

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Builds a JWT by hand so that any header, algorithm or key can be tried. */
function jwt(payload: Record<string, unknown>, opts: { alg?: string; key?: string; header?: Record<string, unknown> } = {}): string {
  const alg = opts.alg ?? 'HS256';
  const head = `${b64url({ alg, typ: 'JWT', ...(opts.header ?? {}) })}.${b64url(payload)}`;
  let sig = '';
  if (/^HS/.test(alg))
    sig = createHmac(`sha${alg.slice(2)}`, opts.key ?? TEST_SECRET)
      .update(head)
      .digest('base64url');
  else if (/^RS/.test(alg))
    sig = createSign(`RSA-SHA${alg.slice(2)}`)
      .update(head)
      .sign(opts.key!, 'base64url');
  return `${head}.${sig}`;
}

const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'u-auth', name: 'Auth User', exp: now() + 3600, ...extra });

describe('authentication', () => {
  let t: TestApp;
  let seq = 0;
  const rsa = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const otherRsa = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  const commentRows = () => commentRowCount(t);
  const write = (token: string) => t.api('POST', '/articles/auth-a/comments', { token, body: { body: `auth test comment ${++seq}` } });

  /** The token is refused on a write (nothing stored) and on a read. */
  async function expectRefused(token: string, code = 'TOKEN_INVALID') {
    const before = await commentRows();
    const w = await write(token);
    expect(w.status).toBe(401);
    expect(w.body).toEqual({ statusCode: 401, error: 'Unauthorized', code, message: expect.any(String) });
    expect(await commentRows()).toBe(before);
    const r = await t.api('GET', '/articles/auth-a/comments', { token });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe(code);
  }

  beforeAll(async () => {
    t = await startApp();
    expect((await write(t.token({ sub: 'seed', name: 'Seed' }))).status).toBe(201);
  });
  afterAll(() => t?.close());

  it('a well-formed HS256 token with the site secret is accepted', async () => {
    const res = await write(jwt(claims()));
    expect(res.status).toBe(201);
    expect(res.body.author).toEqual({ id: 'u-auth', name: 'Auth User' });
  });

  it('reading needs no token', async () => {
    const list = await t.api('GET', '/articles/auth-a/comments');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect((await t.api('GET', `/comments/${list.body.items[0].id}`)).status).toBe(200);
    expect((await t.api('GET', '/articles/auth-a')).status).toBe(200);
    expect((await t.api('GET', '/counts?articleIds=auth-a')).status).toBe(200);
  });

  describe('the algorithm is pinned', () => {
    it('refuses alg "none" (unsigned)', async () => {
      await expectRefused(jwt(claims({ role: 'admin' }), { alg: 'none' }));
      await expectRefused(jwt(claims(), { alg: 'None' }));
      // An unsigned admin token must not reach admin settings either.
      const res = await t.api('GET', '/settings', { token: jwt(claims({ role: 'admin' }), { alg: 'none' }) });
      expect(res.status).toBe(401);
    });

    it('refuses HS384 / HS512 signed with the same secret', async () => {
      await expectRefused(jwt(claims(), { alg: 'HS512' }));
      await expectRefused(jwt(claims(), { alg: 'HS384' }));
    });

    it('refuses RS256 when no public key is configured', async () => {
      await expectRefused(jwt(claims(), { alg: 'RS256', key: rsa.privateKey }));
    });

    it('refuses a token whose header lies about the algorithm', async () => {
      // Signed HS256 but labelled HS512.
      const good = jwt(claims());
      const [, payload, sig] = good.split('.');
      await expectRefused(`${b64url({ alg: 'HS512', typ: 'JWT' })}.${payload}.${sig}`);
    });
  });

  describe('signatures and time', () => {
    it('refuses a token signed with another secret', async () => {
      await expectRefused(jwt(claims(), { key: 'another-secret-that-is-long-enough-987654' }));
    });

    it('refuses a token whose payload was changed after signing', async () => {
      const [head, , sig] = jwt(claims()).split('.');
      await expectRefused(`${head}.${b64url(claims({ role: 'admin' }))}.${sig}`);
    });

    it('refuses garbage and truncated tokens', async () => {
      await expectRefused('not-a-jwt');
      await expectRefused(jwt(claims()).split('.').slice(0, 2).join('.'));
      await expectRefused(`${jwt(claims())}x`);
    });

    it('refuses an expired token with TOKEN_EXPIRED', async () => {
      await expectRefused(jwt(claims({ exp: now() - 60 })), 'TOKEN_EXPIRED');
      await expectRefused(t.token('u-expired', { expiresIn: -30 }), 'TOKEN_EXPIRED');
    });

    it('a token that was accepted is refused once it expires (verified tokens are kept only until exp)', async () => {
      const exp = now() + 4;
      const token = jwt(claims({ sub: 'u-short', name: 'Short', exp }));
      expect((await write(token)).status).toBe(201);
      expect((await write(token)).status).toBe(201);
      await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 300));
      await expectRefused(token, 'TOKEN_EXPIRED');
    });

    it('refuses a token that is not valid yet (nbf)', async () => {
      await expectRefused(jwt(claims({ nbf: now() + 3600 })));
    });

    it('accepts a token without exp (exp is honoured when present)', async () => {
      const { exp, ...noExp } = claims({ sub: 'u-noexp', name: 'No Exp' });
      expect(exp).toBeGreaterThan(0);
      expect((await write(jwt(noExp))).status).toBe(201);
    });
  });

  describe('claims', () => {
    it('refuses a missing or malformed sub', async () => {
      const { sub, ...noSub } = claims();
      expect(sub).toBe('u-auth');
      await expectRefused(jwt(noSub));
      await expectRefused(jwt(claims({ sub: '' })));
      await expectRefused(jwt(claims({ sub: 42 })));
      await expectRefused(jwt(claims({ sub: 'x'.repeat(201) })));
      await expectRefused(jwt(claims({ sub: 'line\nbreak' })));
    });

    it('refuses a missing, empty or over-long name', async () => {
      const { name, ...noName } = claims();
      expect(name).toBe('Auth User');
      await expectRefused(jwt(noName));
      await expectRefused(jwt(claims({ name: '' })));
      await expectRefused(jwt(claims({ name: '   ' })));
      await expectRefused(jwt(claims({ name: 7 })));
      await expectRefused(jwt(claims({ name: 'n'.repeat(51) })));
    });

    it('accepts names of exactly 1 and 50 characters, counted as characters', async () => {
      for (const name of ['N', 'n'.repeat(50), 'é'.repeat(50), '😀'.repeat(25), '😀'.repeat(40), 'Олена Шевченко']) {
        const res = await write(jwt(claims({ sub: `u-name-${++seq}`, name })));
        expect(res.status).toBe(201);
        expect(res.body.author.name).toBe(name);
      }
    });

    it('refuses an unknown role', async () => {
      for (const role of ['superuser', 'ADMIN', 'Moderator', '', 5, ['admin']]) await expectRefused(jwt(claims({ role })));
    });
  });

  describe('the Authorization header', () => {
    it('must be `Bearer <token>`', async () => {
      const token = jwt(claims());
      for (const authorization of [`Basic ${Buffer.from('a:b').toString('base64')}`, 'Bearer', `Bearer ${token} extra`, token]) {
        const res = await t.api('POST', '/articles/auth-a/comments', { headers: { authorization }, body: { body: `header ${++seq}` } });
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('TOKEN_INVALID');
      }
      const ok = await t.api('POST', '/articles/auth-a/comments', {
        headers: { authorization: `bearer ${token}` },
        body: { body: `lowercase scheme ${++seq}` },
      });
      expect(ok.status).toBe(201);
    });

    it('a missing token on a write is AUTH_REQUIRED', async () => {
      const res = await t.api('POST', '/articles/auth-a/comments', { body: { body: 'no token' } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'AUTH_REQUIRED', message: expect.any(String) });
    });
  });

  describe('users come from the claims', () => {
    const userRow = async (id: string) => (await t.ds.query(`SELECT id, name, email, role, status FROM users WHERE id = $1`, [id]))[0];

    it('a write upserts the user row with name, email and role from the token', async () => {
      expect(await userRow('u-upsert')).toBeUndefined();
      const res = await write(jwt({ sub: 'u-upsert', name: 'First Name', email: 'first@example.com', role: 'moderator', exp: now() + 60 }));
      expect(res.status).toBe(201);
      expect(await userRow('u-upsert')).toEqual({ id: 'u-upsert', name: 'First Name', email: 'first@example.com', role: 'moderator', status: 'active' });

      const again = await write(jwt({ sub: 'u-upsert', name: 'Second Name', exp: now() + 60 }));
      expect(again.status).toBe(201);
      expect(again.body.author).toEqual({ id: 'u-upsert', name: 'Second Name' });
      expect(await userRow('u-upsert')).toEqual({ id: 'u-upsert', name: 'Second Name', email: null, role: 'reader', status: 'active' });
      expect((await t.ds.query(`SELECT count(*)::int AS n FROM users WHERE id = 'u-upsert'`))[0].n).toBe(1);
    });

    it('the role claim decides what the token may do', async () => {
      const asReader = await t.api('PATCH', '/articles/auth-a', { token: jwt(claims({ sub: 'u-role' })), body: { title: 'x' } });
      expect(asReader.status).toBe(403);
      expect(asReader.body.code).toBe('WRONG_ROLE');
      const asMod = await t.api('PATCH', '/articles/auth-a', { token: jwt(claims({ sub: 'u-role', role: 'moderator' })), body: { title: 'Titled' } });
      expect(asMod.status).toBe(200);
      expect(asMod.body.title).toBe('Titled');
      expect((await userRow('u-role')).role).toBe('moderator');
      expect((await t.api('GET', '/settings', { token: jwt(claims({ sub: 'u-role', role: 'moderator' })) })).status).toBe(403);
      expect((await t.api('GET', '/settings', { token: jwt(claims({ sub: 'u-admin', role: 'admin' })) })).status).toBe(200);
    });

    it('control characters in name and email never reach the database as an error', async () => {
      const res = await write(jwt({ sub: 'u-ctrl', name: 'Con\u0000trol\u0007', email: 'ctrl\u0000@example.com', exp: now() + 60 }));
      expect(res.status).toBe(201);
      const row = await userRow('u-ctrl');
      expect(row.name).toBe('Control');
      expect(row.email ?? '').not.toContain('\u0000');
    });
  });

  describe('RS256 with a configured public key', () => {
    let rs: TestApp;
    beforeAll(async () => {
      rs = await startApp({ JWT_PUBLIC_KEY: rsa.publicKey }, t.databaseUrl);
    });
    afterAll(() => rs?.close());

    const rsWrite = (token: string) => rs.api('POST', '/articles/auth-rs/comments', { token, body: { body: `rs comment ${++seq}` } });

    it('accepts RS256 signed by the matching private key', async () => {
      const res = await rsWrite(jwt(claims({ sub: 'u-rs' }), { alg: 'RS256', key: rsa.privateKey }));
      expect(res.status).toBe(201);
      expect(res.body.author.id).toBe('u-rs');
    });

    it('still accepts HS256 with the site secret', async () => {
      expect((await rsWrite(jwt(claims({ sub: 'u-hs' })))).status).toBe(201);
    });

    it('refuses RS256 signed by another key', async () => {
      const res = await rsWrite(jwt(claims(), { alg: 'RS256', key: otherRsa.privateKey }));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TOKEN_INVALID');
    });

    it('refuses HS256 signed with the public key as the HMAC secret (algorithm confusion)', async () => {
      const res = await rsWrite(jwt(claims({ role: 'admin' }), { alg: 'HS256', key: rsa.publicKey }));
      expect(res.status).toBe(401);
      const settings = await rs.api('GET', '/settings', { token: jwt(claims({ role: 'admin' }), { alg: 'HS256', key: rsa.publicKey }) });
      expect(settings.status).toBe(401);
    });

    it('refuses RS512 with the right key', async () => {
      expect((await rsWrite(jwt(claims(), { alg: 'RS512', key: rsa.privateKey }))).status).toBe(401);
    });
  });
});
