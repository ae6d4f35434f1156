import jwt from 'jsonwebtoken';
import { Browser, makeStaff } from '../staff/staff-helpers';
import type { TestApp } from '../support/app';
import { Actors, article, must, patchSettings, postComment, startAppWithActors, text, NO_FLOOD_LIMIT } from '../support/factories';
import { eventually, FAST_WEBHOOKS, Receiver } from './webhook-helpers';

/** The webhooks admin API: who may use it, what it refuses (storing nothing), and sites kept apart. */
describe('webhooks admin API', () => {
  let t: TestApp;
  let a: Actors;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    ({ t, a } = await startAppWithActors(FAST_WEBHOOKS));
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  const stored = async () => (await t.ds.query(`SELECT count(*)::int AS n FROM webhook_endpoints`))[0].n as number;

  it('needs the admin role: readers and moderators are refused, anonymous callers too', async () => {
    const body = { url: 'https://hooks.example/x', events: ['comment.created'] };
    expect((await t.api('GET', '/webhooks')).status).toBe(401);
    expect((await t.api('POST', '/webhooks', { body })).status).toBe(401);
    expect((await t.api('GET', '/webhooks', { token: a.reader('r') })).body.code).toBe('WRONG_ROLE');
    expect((await t.api('POST', '/webhooks', { token: a.mod, body })).status).toBe(403);
    expect(await stored()).toBe(0);
  });

  it('refuses bad input with a 4xx and stores nothing', async () => {
    const cases: [unknown, number, string?][] = [
      [{ url: 'ftp://hooks.example/x', events: ['comment.created'] }, 400, 'INVALID_URL'],
      [{ url: 'javascript:alert(1)', events: ['comment.created'] }, 400, 'INVALID_URL'],
      [{ url: 'file:///etc/passwd', events: ['comment.created'] }, 400, 'INVALID_URL'],
      [{ url: 'not a url', events: ['comment.created'] }, 400, 'INVALID_URL'],
      [{ url: 'https://user:pass@hooks.example/x', events: ['comment.created'] }, 400, 'INVALID_URL'],
      [{ url: `https://hooks.example/${'x'.repeat(2100)}`, events: ['comment.created'] }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example/x', events: ['comment.exploded'] }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example/x', events: [] }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example/x' }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example/x', events: ['comment.created', 'comment.created'] }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example/x', events: 'comment.created' }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example/x', kind: 'teams', events: ['comment.created'] }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example/x', kind: 'slack', events: ['comment.created'] }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example/x', events: ['comment.created'], description: 'd'.repeat(201) }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example/x', events: ['comment.created'], secret: 'whsec_mine' }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example/x', events: ['comment.created'], description: 'x'.repeat(2_000_000) }, 413],
    ];
    for (const [body, status, code] of cases) {
      const res = await t.api('POST', '/webhooks', { token: a.admin, body });
      expect({ body, status: res.status }).toEqual({ body, status });
      if (code) expect(res.body.code).toBe(code);
    }
    expect((await t.api('POST', '/webhooks', { token: a.admin, raw: 'url=x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect(await stored()).toBe(0);

    const ok = await must(t.api('POST', '/webhooks', { token: a.admin, body: { url: 'https://hooks.example/ok', events: ['comment.created'] } }), 201);
    const id = ok.endpoint.id;
    for (const [body, code] of [
      [{}, 'VALIDATION_FAILED'],
      [{ url: 'gopher://x' }, 'INVALID_URL'],
      [{ events: ['nope'] }, 'VALIDATION_FAILED'],
      [{ enabled: 'yes' }, 'VALIDATION_FAILED'],
    ] as const) {
      const res = await t.api('PATCH', `/webhooks/${id}`, { token: a.admin, body });
      expect([res.status, res.body.code]).toEqual([400, code]);
    }
    expect(await must(t.api('GET', `/webhooks/${id}`, { token: a.admin }))).toMatchObject({
      url: 'https://hooks.example/ok',
      events: ['comment.created'],
      enabled: true,
    });
    for (const path of [
      '/webhooks/not-a-uuid',
      '/webhooks/00000000-0000-4000-8000-000000000000',
      '/webhooks/00000000-0000-4000-8000-000000000000/deliveries',
    ]) {
      expect((await t.api('GET', path, { token: a.admin })).body.code).toBe('WEBHOOK_NOT_FOUND');
    }
    expect((await t.api('GET', `/webhooks/${id}/deliveries?cursor=nonsense`, { token: a.admin })).status).toBe(400);
    expect((await t.api('GET', `/webhooks/${id}/deliveries?limit=1000`, { token: a.admin })).status).toBe(400);
    await must(t.api('DELETE', `/webhooks/${id}`, { token: a.admin }), 204);
    expect((await t.api('DELETE', `/webhooks/${id}`, { token: a.admin })).status).toBe(404);
    expect(await stored()).toBe(0);
  });

  it('lists endpoints without their secrets, names the event types, and logs every change', async () => {
    const made = await must(
      t.api('POST', '/webhooks', { token: a.admin, body: { url: 'https://hooks.example/list', events: ['user.banned'], description: ' ops ' } }),
      201,
    );
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await must(t.api('GET', '/webhooks', { token: a.admin }));
    expect(list.items).toEqual([expect.objectContaining({ id: made.endpoint.id, kind: 'standard', description: 'ops', previousSecretExpiresAt: null })]);
    expect(JSON.stringify(list)).not.toContain(made.secret);
    expect((await must(t.api('GET', '/webhooks/event-types', { token: a.admin }))).items).toContain('comment.held');
    await must(t.api('DELETE', `/webhooks/${made.endpoint.id}`, { token: a.admin }), 204);
    const log = await must(t.api('GET', '/moderation/log?limit=10', { token: a.admin }));
    expect(log.items.map((e: any) => e.action)).toEqual(expect.arrayContaining(['webhook.created', 'webhook.deleted']));
  });

  it("another site's events never reach this site's endpoints; a staff session administers its own site's", async () => {
    const owner = await makeStaff(t.ds, { owner: true });
    const b = new Browser(t);
    await b.signIn(owner.email);
    const site = await b.call('POST', '/sites', { body: { id: 'other-paper', name: 'The Other Paper' } });
    expect(site.status).toBe(201);
    const otherSecret: string = site.body.secret;
    const other = (claims: object) => jwt.sign(claims, otherSecret, { algorithm: 'HS256', expiresIn: '1h' });
    const otherAdmin = other({ sub: 'admin-other', name: 'Other Admin', role: 'admin' });
    await patchSettings({ ...t, api: (m, p, o) => t.api(m, `${p}?site=other-paper`, o) }, otherAdmin, NO_FLOOD_LIMIT);

    const here = await Receiver.start();
    const there = await Receiver.start();
    receivers.push(here, there);
    await must(t.api('POST', '/webhooks', { token: a.admin, body: { url: here.url, events: ['comment.created'] } }), 201);
    // The other site's endpoint, made with a staff session (cookie and CSRF token) rather than a token.
    const made = await b.call('POST', '/webhooks?site=other-paper', { body: { url: there.url, events: ['comment.created'] } });
    expect(made.status).toBe(201);
    // Each site lists only its own; the other site's endpoint is not found from here.
    expect((await must(t.api('GET', '/webhooks', { token: a.admin }))).items.map((e: any) => e.url)).toEqual([here.url]);
    expect((await t.api('GET', `/webhooks/${made.body.endpoint.id}`, { token: a.admin })).status).toBe(404);
    expect((await t.api('DELETE', `/webhooks/${made.body.endpoint.id}`, { token: a.admin })).status).toBe(404);
    // A token of this site does not work on the other one.
    expect((await t.api('GET', '/webhooks?site=other-paper', { token: a.admin })).status).toBe(401);

    const art = article('shared-id');
    const res = await t.api('POST', `/articles/${art}/comments?site=other-paper`, { token: other({ sub: 'o1', name: 'O' }), body: { body: text('there') } });
    expect(res.status).toBe(201);
    await eventually(() => there.acknowledged.length === 1);
    expect(there.requests[0].json.data).toMatchObject({ site: 'other-paper', comment: { id: res.body.id } });
    // Then one here: the receiver here gets it, and only it.
    const mine = await postComment(t, a.reader('h1'), art, text('here'));
    await eventually(() => here.acknowledged.length === 1);
    expect(here.requests.map((q) => [q.json.data.site, q.json.data.comment.id])).toEqual([['default', mine.id]]);
    expect(there.requests).toHaveLength(1);
  });
});
