import { ensureBuild, Harness } from '../fault/harness';
import { startApp, type TestApp } from '../support/app';
import { actors, article, must, NO_FLOOD_LIMIT, patchSettings, postComment, text } from '../support/factories';
import { createTestDatabase } from '../support/pg';
import { distinct, eventually, FAST_WEBHOOKS, Receiver } from './webhook-helpers';

/**
 * Several instances on one database work one job queue: every event is delivered once, and an
 * instance that goes away mid-delivery (closed, or killed outright) loses nothing. Receivers
 * dedupe by `webhook-id`, so what is counted is distinct ids, and that each was acknowledged.
 */
describe('webhooks across instances', () => {
  const receivers: Receiver[] = [];
  const apps: TestApp[] = [];
  const h = new Harness();

  // The killed instance is the compiled service in a child process: build it first when stale.
  beforeAll(() => ensureBuild(), 300_000);

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await h.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  async function receiver(answer?: Parameters<typeof Receiver.start>[0]) {
    const r = await Receiver.start(answer);
    receivers.push(r);
    return r;
  }

  async function app(env: Record<string, string>, databaseUrl?: string): Promise<TestApp> {
    const t = await startApp({ ...FAST_WEBHOOKS, ...env }, databaseUrl);
    apps.push(t);
    return t;
  }

  it('two instances on one database deliver each event exactly once', async () => {
    const r = await receiver();
    const a = await app({});
    const who = actors(a);
    await patchSettings(a, who.admin, NO_FLOOD_LIMIT);
    const b = await app({}, a.databaseUrl);
    await must(a.api('POST', '/webhooks', { token: who.admin, body: { url: r.url, events: ['comment.created'] } }), 201);

    const art = article('pair');
    const posted: string[] = [];
    for (let i = 0; i < 15; i++) {
      const [x, y] = await Promise.all([postComment(a, who.reader(`ra${i}`), art, text()), postComment(b, who.reader(`rb${i}`), art, text())]);
      posted.push(x.id, y.id);
    }
    await eventually(() => distinct(r.acknowledged).size === posted.length, 20_000, 'every comment delivered');
    // Each delivered once: as many requests as events, one per id, one per comment.
    expect(r.requests).toHaveLength(posted.length);
    expect(distinct(r.requests).size).toBe(posted.length);
    expect(new Set(r.requests.map((q) => q.json.data.comment.id))).toEqual(new Set(posted));
    const [jobs] = await a.ds.query(`SELECT count(*)::int AS n, max(attempts)::int AS most FROM jobs WHERE kind = 'webhook.deliver'`);
    expect(jobs).toEqual({ n: posted.length, most: 1 });
    await a.close();
    await b.close();
  });

  it('an instance closed while deliveries are in flight hands them back: another delivers every one', async () => {
    let holding = true;
    const r = await receiver(() => (holding ? 'hold' : 200));
    const a = await app({});
    const who = actors(a);
    await patchSettings(a, who.admin, NO_FLOOD_LIMIT);
    await must(a.api('POST', '/webhooks', { token: who.admin, body: { url: r.url, events: ['comment.created'] } }), 201);
    const art = article('closing');
    const posted = [];
    for (let i = 0; i < 3; i++) posted.push((await postComment(a, who.reader(`c${i}`), art, text())).id);
    await eventually(() => r.requests.length === 3, 15_000, 'the three deliveries in flight');
    const inFlight = distinct(r.requests);

    const b = await app({}, a.databaseUrl);
    holding = false;
    await a.close();
    await eventually(() => distinct(r.acknowledged).size === 3, 15_000, 'the second instance delivered them');
    expect(distinct(r.acknowledged)).toEqual(inFlight);
    expect(r.acknowledged).toHaveLength(3);
    await eventually(async () => {
      const rows = await b.ds.query(`SELECT status FROM webhook_deliveries`);
      return rows.length === 3 && rows.every((x: any) => x.status === 'succeeded');
    });
    await b.close();
  });

  it('an instance killed outright mid-delivery loses nothing: its lease runs out and another delivers', async () => {
    let holding = true;
    const r = await receiver(() => (holding ? 'hold' : 200));
    const databaseUrl = await createTestDatabase();
    const env = { ...FAST_WEBHOOKS, JOBS_LEASE_MS: '2000', DATABASE_URL: databaseUrl, REDIS_URL: '' };
    const killed = await h.instance({ env });
    const admin = killed.token({ sub: 'admin-k', role: 'admin' });
    expect((await killed.api('PATCH', '/settings', { token: admin, body: NO_FLOOD_LIMIT })).status).toBe(200);
    expect((await killed.api('POST', '/webhooks', { token: admin, body: { url: r.url, events: ['comment.created'] } })).status).toBe(201);
    const art = article('killed');
    for (let i = 0; i < 3; i++) {
      const res = await killed.api('POST', `/articles/${art}/comments`, { token: killed.token(`k${i}`), body: { body: text() } });
      expect(res.status).toBe(201);
    }
    await eventually(() => r.requests.length === 3, 15_000, 'the three deliveries in flight');
    const inFlight = distinct(r.requests);
    killed.kill('SIGKILL');
    await killed.exited;

    holding = false;
    const survivor = await app({ JOBS_LEASE_MS: '2000' }, databaseUrl);
    await eventually(() => distinct(r.acknowledged).size === 3, 20_000, 'the survivor delivered them after the lease');
    expect(distinct(r.acknowledged)).toEqual(inFlight);
    expect(r.acknowledged).toHaveLength(3);
    await eventually(async () => {
      const rows = await survivor.ds.query(`SELECT status FROM webhook_deliveries`);
      return rows.length === 3 && rows.every((x: any) => x.status === 'succeeded');
    });
  }, 60_000);
});
