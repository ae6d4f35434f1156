/**
 * The sites API (owners create, a site's admins configure), key rotation, allowed origins, and the
 * `site` parameter itself: an unknown or malformed site is a 404 before anything else happens.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { startApp, TEST_SECRET, TestApp } from '../support/app';
import { article, commentRowCount, enc, must, text } from '../support/factories';
import type { Browser } from '../staff/staff-helpers';
import { createSite, logOf, signedInOwner, signedInStaff, signWith, SiteSockets, TestSite, testSite } from './site-helpers';

const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 12);

describe('sites API, keys and origins', () => {
  let t: TestApp;
  let owner: Browser;
  let ownerId: string;
  let sockets: SiteSockets;

  beforeAll(async () => {
    t = await startApp();
    owner = await signedInOwner(t);
    ownerId = (await owner.call('GET', '/staff/me')).body.staff.id;
    sockets = new SiteSockets(t);
  });
  afterAll(async () => {
    sockets.closeAll();
    await t.close();
  });

  const siteRows = async (): Promise<string[]> => (await t.ds.query(`SELECT id FROM sites ORDER BY id`)).map((r: any) => r.id);
  /** Posts as a reader of the site with `token`; answers the status code (and stores nothing unless 201). */
  const tryPost = async (site: string, token: string, headers: Record<string, string> = {}) =>
    t.api('POST', `/articles/${enc(article('k'))}/comments?site=${site}`, { token, body: { body: text() }, headers });

  it('an owner creates a site: its first secret is shown once, signs its readers’ tokens, and the creation is in its log only', async () => {
    const res = await owner.call('POST', '/sites', { body: { id: 'evening-post', name: '  The Evening Post ', origins: ['https://eveningpost.example'] } });
    expect(res.status).toBe(201);
    expect(res.body.secret).toEqual(expect.any(String));
    expect(res.body.site).toEqual({
      id: 'evening-post',
      name: 'The Evening Post',
      origins: ['https://eveningpost.example'],
      secrets: [{ id: fingerprint(res.body.secret), source: 'site', signing: true }],
      rsPublicKey: null,
      createdAt: expect.any(String),
    });
    const site = testSite(t, 'evening-post', res.body.secret);
    const shown = await must(owner.call('GET', '/sites/evening-post'));
    expect(JSON.stringify(shown)).not.toContain(res.body.secret);
    expect(shown.secrets).toEqual(res.body.site.secrets);
    expect((await tryPost(site.id, site.reader('r1'))).status).toBe(201);
    // Its settings start at the defaults.
    expect(await must(site.api('GET', '/config'))).toEqual(await must(t.api('GET', '/config')));

    const log = await logOf(site);
    expect(log).toEqual([
      expect.objectContaining({ action: 'site.created', actorId: `staff:${ownerId}`, reason: expect.stringContaining('The Evening Post') }),
    ]);
    const defaultLog = await must(t.api('GET', '/moderation/log?limit=100', { token: t.token({ sub: 'm', role: 'moderator' }) }));
    expect(defaultLog.items.filter((e: any) => e.action.startsWith('site.'))).toEqual([]);
  });

  it('only owners create sites; a taken id, a bad id or origin, or a missing CSRF token creates nothing', async () => {
    const { browser: admin } = await signedInStaff(t, { default: 'admin' });
    const before = await siteRows();
    const notOwner = await admin.call('POST', '/sites', { body: { id: 'by-admin', name: 'By an admin' } });
    expect([notOwner.status, notOwner.body.code]).toEqual([403, 'NOT_OWNER']);

    const first = await createSite(t, owner, 'taken');
    const again = await owner.call('POST', '/sites', { body: { id: 'taken', name: 'Another' } });
    expect([again.status, again.body.code]).toEqual([409, 'SITE_EXISTS']);
    const kept = await must(owner.call('GET', '/sites/taken'));
    expect([kept.name, kept.secrets.map((s: any) => s.id)]).toEqual(['Site taken', [fingerprint(first.secret)]]);
    const defaultTaken = await owner.call('POST', '/sites', { body: { id: 'default', name: 'Mine now' } });
    expect([defaultTaken.status, defaultTaken.body.code]).toEqual([409, 'SITE_EXISTS']);

    const badIds = ['Upper', '-dash-first', 'under_score', 'a'.repeat(64), '', 'dot.ted', 'sp ace', 'pipe|x', 'é', 42, null, ['x']];
    for (const id of badIds) {
      const bad = await owner.call('POST', '/sites', { body: { id, name: 'Bad' } });
      expect([JSON.stringify(id), bad.status, bad.body.code]).toEqual([JSON.stringify(id), 400, 'VALIDATION_FAILED']);
    }
    const badOrigins = [
      ['https://a.example/'],
      ['https://a.example/path'],
      ['HTTPS://A.EXAMPLE'],
      ['ftp://a.example'],
      ['a.example'],
      ['*'],
      'https://a.example',
      [1],
    ];
    for (const origins of badOrigins) {
      const bad = await owner.call('POST', '/sites', { body: { id: 'bad-origin', name: 'Bad', origins } });
      expect([JSON.stringify(origins), bad.status, bad.body.code]).toEqual([JSON.stringify(origins), 400, 'VALIDATION_FAILED']);
    }
    for (const body of [{ id: 'no-name' }, { id: 'long-name', name: 'n'.repeat(101) }, { id: 'extra', name: 'x', hsSecrets: ['mine'] }]) {
      expect((await owner.call('POST', '/sites', { body })).status).toBe(400);
    }
    const noCsrf = await owner.call('POST', '/sites', { body: { id: 'no-csrf', name: 'No CSRF' }, csrf: null });
    expect([noCsrf.status, noCsrf.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const wrongCsrf = await owner.call('POST', '/sites', { body: { id: 'no-csrf', name: 'No CSRF' }, csrf: 'x'.repeat(43) });
    expect([wrongCsrf.status, wrongCsrf.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const noSession = await owner.call('POST', '/sites', { body: { id: 'no-session', name: 'x' }, noCookie: true });
    expect(noSession.status).toBe(401);
    // A publisher's admin token is no staff session.
    const byToken = await t.api('POST', '/sites', { token: t.token({ sub: 'a', role: 'admin' }), body: { id: 'by-token', name: 'x' } });
    expect(byToken.status).toBe(401);
    expect(await siteRows()).toEqual([...before, 'taken'].sort());
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM settings WHERE site_id NOT IN (SELECT id FROM sites)`))[0].n).toBe(0);
  });

  it('an admin of B manages B only: A cannot be read, changed or rotated by them, and each change is in the changed site’s log', async () => {
    const a = await createSite(t, owner, 'admin-a');
    const b = await createSite(t, owner, 'admin-b');
    const { browser: adminB, id: adminBId } = await signedInStaff(t, { [b.id]: 'admin' }, 'Bea Admin');
    const { browser: modB } = await signedInStaff(t, { [b.id]: 'moderator' });

    expect((await must(adminB.call('GET', '/sites'))).items.map((s: any) => s.id)).toEqual([b.id]);
    const ownerList = (await must(owner.call('GET', '/sites'))).items.map((s: any) => s.id);
    expect(ownerList).toEqual(expect.arrayContaining(['default', a.id, b.id]));

    const before = await must(owner.call('GET', `/sites/${a.id}`));
    const attempts = [
      await adminB.call('GET', `/sites/${a.id}`),
      await adminB.call('PATCH', `/sites/${a.id}`, { body: { name: 'Taken over', origins: ['https://evil.example'] } }),
      await adminB.call('POST', `/sites/${a.id}/secrets`),
      await adminB.call('DELETE', `/sites/${a.id}/secrets/${fingerprint(a.secret)}`),
      await modB.call('GET', `/sites/${b.id}`),
      await modB.call('PATCH', `/sites/${b.id}`, { body: { name: 'By a moderator' } }),
    ];
    expect(attempts.map((r) => [r.status, r.body.code])).toEqual(Array(6).fill([403, 'NOT_SITE_ADMIN']));
    expect(await must(owner.call('GET', `/sites/${a.id}`))).toEqual(before);
    expect((await tryPost(a.id, a.reader('r'))).status).toBe(201);

    const missing = await owner.call('GET', '/sites/no-such-site');
    expect([missing.status, missing.body.code]).toEqual([404, 'SITE_NOT_FOUND']);
    expect((await owner.call('PATCH', '/sites/no-such-site', { body: { name: 'x' } })).status).toBe(404);
    expect((await owner.call('POST', '/sites/no-such-site/secrets')).status).toBe(404);
    const noField = await adminB.call('PATCH', `/sites/${b.id}`, { body: {} });
    expect([noField.status, noField.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const badOrigin = await adminB.call('PATCH', `/sites/${b.id}`, { body: { origins: ['https://b.example/x'] } });
    expect([badOrigin.status, badOrigin.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const badKey = await adminB.call('PATCH', `/sites/${b.id}`, { body: { rsPublicKey: 'not a key' } });
    expect([badKey.status, badKey.body.code]).toEqual([400, 'INVALID_PUBLIC_KEY']);
    const noCsrf = await adminB.call('PATCH', `/sites/${b.id}`, { body: { name: 'No CSRF' }, csrf: null });
    expect([noCsrf.status, noCsrf.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    expect((await adminB.call('POST', `/sites/${b.id}/secrets`, { csrf: null })).status).toBe(403);
    expect((await adminB.call('DELETE', `/sites/${b.id}/secrets/${fingerprint(b.secret)}`, { csrf: null })).status).toBe(403);
    expect((await must(owner.call('GET', `/sites/${b.id}`))).secrets).toHaveLength(1);

    // B's admin changes B: name, origins, a secret added and the first removed.
    const renamed = await must(adminB.call('PATCH', `/sites/${b.id}`, { body: { name: 'The B Times', origins: ['https://b.example'] } }));
    expect([renamed.name, renamed.origins]).toEqual(['The B Times', ['https://b.example']]);
    const added = await adminB.call('POST', `/sites/${b.id}/secrets`);
    expect(added.status).toBe(201);
    await must(adminB.call('DELETE', `/sites/${b.id}/secrets/${fingerprint(b.secret)}`));
    const b2 = testSite(t, b.id, added.body.secret);
    const logB = await logOf(b2);
    expect(logB.map((e) => [e.action, e.actorId, e.reason])).toEqual([
      ['site.secret_removed', `staff:${adminBId}`, fingerprint(b.secret)],
      ['site.secret_added', `staff:${adminBId}`, fingerprint(added.body.secret)],
      ['site.changed', `staff:${adminBId}`, 'name: Site admin-b → The B Times; origins: +https://b.example'],
      ['site.created', `staff:${ownerId}`, 'Site admin-b'],
    ]);
    expect((await logOf(a)).map((e) => e.action)).toEqual(['site.created']);
    // A PATCH that changes nothing writes no entry.
    await must(adminB.call('PATCH', `/sites/${b.id}`, { body: { name: 'The B Times' } }));
    expect(await logOf(b2)).toHaveLength(4);
  });

  it('rotation: a new secret and the old one both work until the old is removed; the last key and the environment’s stay', async () => {
    const s = await createSite(t, owner, 'rotating');
    const oldToken = s.reader('r-old');
    const added = await must(owner.call('POST', `/sites/${s.id}/secrets`), 201);
    const newSecret: string = added.secret;
    expect(added.site.secrets).toEqual([
      { id: fingerprint(newSecret), source: 'site', signing: true },
      { id: fingerprint(s.secret), source: 'site', signing: false },
    ]);
    const newToken = signWith(newSecret, { sub: 'r-new', name: 'New' });
    expect((await tryPost(s.id, oldToken)).status).toBe(201);
    expect((await tryPost(s.id, newToken)).status).toBe(201);

    const unknown = await owner.call('DELETE', `/sites/${s.id}/secrets/000000000000`);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'SECRET_NOT_FOUND']);
    const removed = await must(owner.call('DELETE', `/sites/${s.id}/secrets/${fingerprint(s.secret)}`));
    expect(removed.secrets).toEqual([{ id: fingerprint(newSecret), source: 'site', signing: true }]);
    const refused = await tryPost(s.id, oldToken);
    expect([refused.status, refused.body.code]).toEqual([401, 'TOKEN_INVALID']);
    expect((await s.api('GET', '/config', { token: oldToken })).status).toBe(401);
    expect(await sockets.refused({ site: s.id, token: oldToken })).toBe('TOKEN_INVALID');
    expect((await tryPost(s.id, newToken)).status).toBe(201);
    const { socket } = await sockets.connect({ site: s.id, token: newToken });
    socket.close();

    const last = await owner.call('DELETE', `/sites/${s.id}/secrets/${fingerprint(newSecret)}`);
    expect([last.status, last.body.code]).toEqual([400, 'LAST_SECRET']);
    expect((await tryPost(s.id, newToken)).status).toBe(201);

    // With an RS256 key the site may let its last HS256 secret go; RS256 tokens then verify.
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await must(owner.call('PATCH', `/sites/${s.id}`, { body: { rsPublicKey: pem } }));
    const rsToken = jwt.sign({ sub: 'r-rs', name: 'RS reader' }, privateKey, { algorithm: 'RS256', expiresIn: '1h' });
    expect((await tryPost(s.id, rsToken)).status).toBe(201);
    // That key is this site's only: the default site and others refuse the token.
    expect((await tryPost('default', rsToken)).status).toBe(401);
    await must(owner.call('DELETE', `/sites/${s.id}/secrets/${fingerprint(newSecret)}`));
    expect((await tryPost(s.id, newToken)).status).toBe(401);
    expect((await tryPost(s.id, rsToken)).status).toBe(201);
    // Nor may the key then go: the site would verify no token at all.
    const noKey = await owner.call('PATCH', `/sites/${s.id}`, { body: { rsPublicKey: null } });
    expect([noKey.status, noKey.body.code]).toEqual([400, 'LAST_SECRET']);
    expect((await tryPost(s.id, rsToken)).status).toBe(201);

    // The default site: JWT_SECRET of the deployment is listed and cannot be removed here.
    const def = await must(owner.call('GET', '/sites/default'));
    expect(def.secrets).toEqual([{ id: fingerprint(TEST_SECRET), source: 'environment', signing: true }]);
    const env = await owner.call('DELETE', `/sites/default/secrets/${fingerprint(TEST_SECRET)}`);
    expect([env.status, env.body.code]).toEqual([400, 'SECRET_FROM_ENVIRONMENT']);
    expect((await tryPost('default', t.token('env-reader'))).status).toBe(201);
    // A secret added to the default site works next to the environment's.
    const extra = await must(owner.call('POST', '/sites/default/secrets'), 201);
    expect((await tryPost('default', signWith(extra.secret, 'extra-reader'))).status).toBe(201);
    expect((await tryPost('default', t.token('env-reader'))).status).toBe(201);
    await must(owner.call('DELETE', `/sites/default/secrets/${fingerprint(extra.secret)}`));
    expect((await tryPost('default', signWith(extra.secret, 'extra-reader'))).status).toBe(401);
  });

  it('origins: a site that lists its origins refuses pages of others (HTTP and sockets), storing nothing; the default site takes any', async () => {
    const s = await createSite(t, owner, 'guarded', { origins: ['https://a.example'] });
    const reader = s.reader('r-origin');
    const evil = { origin: 'https://evil.example' };
    const before = await commentRowCount(t, 'site_id = $1', [s.id]);
    const refused = await tryPost(s.id, reader, evil);
    expect([refused.status, refused.body.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    for (const origin of ['https://a.example.evil.example', 'http://a.example', 'https://a.example:444', 'null']) {
      expect([origin, (await tryPost(s.id, reader, { origin })).status]).toEqual([origin, 403]);
    }
    const read = await s.api('GET', `/articles/x/comments`, { headers: evil });
    expect([read.status, read.body.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    expect((await s.api('GET', '/config', { headers: evil })).status).toBe(403);
    expect(await commentRowCount(t, 'site_id = $1', [s.id])).toBe(before);
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM users WHERE site_id = $1`, [s.id]))[0].n).toBe(0);

    expect((await tryPost(s.id, reader, { origin: 'https://a.example' })).status).toBe(201);
    // The service's own pages (the dashboard) and requests without an Origin (servers) are allowed.
    expect((await tryPost(s.id, reader, { origin: t.url })).status).toBe(201);
    expect((await tryPost(s.id, reader)).status).toBe(201);
    expect((await tryPost('default', t.token('anyone'), evil)).status).toBe(201);

    expect(await sockets.refused({ site: s.id, headers: evil })).toBe('ORIGIN_NOT_ALLOWED');
    expect(await sockets.refused({ site: s.id, token: reader, headers: evil })).toBe('ORIGIN_NOT_ALLOWED');
    expect(await sockets.refused({ site: s.id, token: s.mod(), namespace: '/moderation', headers: evil })).toBe('ORIGIN_NOT_ALLOWED');
    const ok = await sockets.connect({ site: s.id, headers: { origin: 'https://a.example' } });
    ok.socket.close();
    const anyOnDefault = await sockets.connect({ headers: evil });
    anyOnDefault.socket.close();

    // Emptying the list lets any page in again.
    await must(owner.call('PATCH', `/sites/${s.id}`, { body: { origins: [] } }));
    expect((await tryPost(s.id, reader, evil)).status).toBe(201);
  });

  it('an unknown or malformed site is a 404 SITE_NOT_FOUND on every route and socket, before the token is looked at', async () => {
    const x = enc(article('nowhere'));
    const token = t.token('r-unknown');
    const before = await commentRowCount(t);
    const cases: [string, string, string?][] = [
      ['GET', `/articles/${x}/comments?site=no-such-site`],
      ['GET', `/config?site=no-such-site`],
      ['GET', `/articles/${x}/config?site=no-such-site`],
      ['GET', `/counts?articleIds=${x}&site=no-such-site`],
      ['POST', `/articles/${x}/comments?site=no-such-site`, token],
      ['POST', `/articles/${x}/comments?site=no-such-site`, 'not-a-token'],
      ['GET', `/moderation/queues/pending?site=no-such-site`, t.token({ sub: 'm', role: 'moderator' })],
      ['GET', `/articles/${x}/comments?site=default&site=default`],
      ['POST', `/articles/${x}/comments?site=default&site=other`, token],
      ['GET', `/articles/${x}/comments?site=`],
      ['GET', `/articles/${x}/comments?site=DEFAULT`],
      ['GET', `/articles/${x}/comments?site=%00`],
      ['GET', `/articles/${x}/comments?site=default%7Cx`],
      ['GET', `/articles/${x}/comments?site=${'a'.repeat(5000)}`],
    ];
    for (const [method, path, tok] of cases) {
      const res = await t.api(method, path, { token: tok, body: method === 'POST' ? { body: text() } : undefined });
      expect([method, path.slice(0, 80), res.status, res.body?.code]).toEqual([method, path.slice(0, 80), 404, 'SITE_NOT_FOUND']);
    }
    expect(await commentRowCount(t)).toBe(before);
    for (const site of ['no-such-site', ['default'], 7, '', { id: 'default' }]) {
      expect([JSON.stringify(site), await sockets.refused({ site })]).toEqual([JSON.stringify(site), 'SITE_NOT_FOUND']);
    }
    expect(await sockets.refused({ query: { site: 'no-such-site' } })).toBe('SITE_NOT_FOUND');
    expect(await sockets.refused({ namespace: '/moderation', site: 'no-such-site', token: t.token({ sub: 'm', role: 'moderator' }) })).toBe('SITE_NOT_FOUND');
  });

  it('the handshake names its site by auth.site or ?site=; without either it is the default site', async () => {
    const s: TestSite = await createSite(t, owner, 'by-query');
    const x = article('handshake');
    const byQuery = await sockets.connect({ query: { site: s.id }, token: s.reader('q') });
    const plain = await sockets.connect({ token: t.token('p') });
    await byQuery.socket.emitWithAck('join', { articleId: x });
    await plain.socket.emitWithAck('join', { articleId: x });
    const onS = await must(s.api('POST', `/articles/${enc(x)}/comments`, { token: s.reader('w'), body: { body: text() } }), 201);
    await byQuery.inbox.waitFor('comment.created', (e) => e.comment.id === onS.id);
    const onDefault = await must(t.api('POST', `/articles/${enc(x)}/comments`, { token: t.token('w'), body: { body: text() } }), 201);
    await plain.inbox.waitFor('comment.created', (e) => e.comment.id === onDefault.id);
    expect(plain.inbox.of('comment.created').map((e) => e.comment.id)).toEqual([onDefault.id]);
    // The default site's token on the named site is refused.
    expect(await sockets.refused({ query: { site: s.id }, token: t.token('p') })).toBe('TOKEN_INVALID');
  });
});
