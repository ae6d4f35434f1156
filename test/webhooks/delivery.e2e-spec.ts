import { TxService } from '../../src/events/tx.service';
import { EventDispatcher } from '../../src/jobs/event-dispatcher';
import type { TestApp } from '../support/app';
import { Actors, article, must, postComment, seedArticle, startAppWithActors, text } from '../support/factories';
import { distinct, eventually, FAST_WEBHOOKS, Receiver, verifyStandardWebhook, verifyWithLibrary } from './webhook-helpers';

/**
 * Deliveries end to end: domain events written with the change, fanned out to the site's
 * endpoints, sent signed (Standard Webhooks) to real HTTP receivers, retried, and given up on.
 */
describe('webhook deliveries', () => {
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

  async function receiver(answer?: Parameters<typeof Receiver.start>[0]) {
    const r = await Receiver.start(answer);
    receivers.push(r);
    return r;
  }

  async function endpoint(url: string, events: string[], extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
    const body = await must(t.api('POST', '/webhooks', { token: a.admin, body: { url, events, ...extra } }), 201);
    return { id: body.endpoint.id, secret: body.secret };
  }

  it('the verifier used here reproduces the Standard Webhooks test vector', () => {
    expect(
      verifyStandardWebhook(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        '1614265330',
        '{"test": 2432232314}',
        'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      ),
    ).toBe(true);
    expect(
      verifyStandardWebhook(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        '1614265330',
        '{"test": 2432232315}',
        'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      ),
    ).toBe(false);
  });

  it('a receiver that fails three times then succeeds gets the event once more, with the same id and a valid signature each time', async () => {
    const r = await receiver((_req, n) => (n <= 3 ? 500 : 200));
    const ep = await endpoint(r.url, ['comment.published']);
    const art = article('retry');
    const c = await postComment(t, a.reader('rita'), art, text());

    await eventually(() => r.acknowledged.length === 1, 15_000, 'the fourth attempt succeeded');
    expect(r.requests).toHaveLength(4);
    expect(distinct(r.requests).size).toBe(1);
    const [first] = r.requests;
    expect(first.id).toMatch(/^msg_[0-9a-f]{32}$/);
    for (const req of r.requests) {
      expect(req.body).toBe(first.body);
      expect(verifyStandardWebhook(ep.secret, req.id, req.timestamp, req.body, req.signature)).toBe(true);
      expect(verifyWithLibrary(ep.secret, req)).toEqual(req.json);
      expect(() => verifyWithLibrary(ep.secret, { ...req, body: req.body.replace('comment.published', 'comment.rejected') })).toThrow();
      expect(Math.abs(Number(req.timestamp) - Date.now() / 1000)).toBeLessThan(300);
    }
    expect(first.json).toMatchObject({ type: 'comment.published', data: { site: 'default', comment: { id: c.id, articleId: art, status: 'approved' } } });
    expect(typeof first.json.timestamp).toBe('string');

    const log = await must(t.api('GET', `/webhooks/${ep.id}/deliveries`, { token: a.admin }));
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ id: first.id, eventType: 'comment.published', status: 'succeeded', attempts: 4, responseStatus: 200 });
    expect(log.items[0].deliveredAt).toEqual(expect.any(String));
    // Nothing more arrives: the job is done.
    await must(t.api('PATCH', `/webhooks/${ep.id}`, { token: a.admin, body: { enabled: false } }));
  });

  it('a receiver that always fails is disabled after the retry schedule, with the reason shown', async () => {
    const r = await receiver(() => 503);
    const ep = await endpoint(r.url, ['comment.created']);
    await postComment(t, a.reader('fay'), article('fail'), text());

    const disabled = await eventually(
      async () => {
        const e = await must(t.api('GET', `/webhooks/${ep.id}`, { token: a.admin }));
        return e.enabled ? null : e;
      },
      15_000,
      'the endpoint is disabled',
    );
    // One attempt and four retries (FAST_WEBHOOKS' schedule).
    expect(r.requests).toHaveLength(5);
    expect(disabled.disabledReason).toMatch(/failed 5 times.*HTTP 503/);
    expect(disabled.disabledAt).toEqual(expect.any(String));
    const log = await must(t.api('GET', `/webhooks/${ep.id}/deliveries`, { token: a.admin }));
    expect(log.items[0]).toMatchObject({ status: 'failed', attempts: 5, responseStatus: 503, nextAttemptAt: null });

    // Disabled: later events are not delivered to it.
    await postComment(t, a.reader('fay'), article('fail'), text());
    const marker = await receiver();
    await endpoint(marker.url, ['comment.created']);
    await postComment(t, a.reader('fay'), article('fail'), text());
    await eventually(() => marker.acknowledged.length === 1);
    expect(r.requests).toHaveLength(5);

    // Enabled again, it gets new events.
    r.answer = () => 200;
    const enabled = await must(t.api('PATCH', `/webhooks/${ep.id}`, { token: a.admin, body: { enabled: true } }));
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    await postComment(t, a.reader('fay'), article('fail'), text());
    await eventually(() => r.acknowledged.length === 1);
    await must(t.api('DELETE', `/webhooks/${ep.id}`, { token: a.admin }), 204);
  });

  it('nothing is sent for a transaction that rolled back; what committed is', async () => {
    const r = await receiver();
    await endpoint(r.url, ['user.banned']);
    const txs = t.app.get(TxService);
    await expect(
      txs.run(async (tx) => {
        tx.event('user.banned', 'default', { user: { id: 'rolled-back' } });
        await tx.manager.query(`SELECT 1/0`);
      }),
    ).rejects.toThrow();
    await txs.run(async (tx) => {
      tx.event('user.banned', 'default', { user: { id: 'committed' } });
      await tx.manager.query('SELECT 1');
    });
    // A ban through the API rolls back too when the user is unknown: nothing is recorded.
    expect((await t.api('POST', '/moderation/users/nobody-at-all/ban', { token: a.admin, body: { reason: 'x' } })).status).toBe(404);
    await eventually(() => r.acknowledged.length === 1);
    // And a real ban is delivered after the committed one.
    await postComment(t, a.reader('bart'), article('ban'), text());
    await must(t.api('POST', '/moderation/users/bart/ban', { token: a.admin, body: { reason: 'spam' } }));
    await eventually(() => r.acknowledged.length === 2);
    expect(r.requests.map((q) => q.json.data.user.id)).toEqual(['committed', 'bart']);
    expect(r.requests[1].json.data).toMatchObject({ user: { id: 'bart', reason: 'spam' }, by: 'admin-1' });
    const [row] = await t.ds.query(`SELECT count(*)::int AS n FROM domain_events WHERE payload->'user'->>'id' = 'rolled-back'`);
    expect(row.n).toBe(0);
  });

  it('subscribers get a batch of waiting events in the order they were recorded, where the ids grow a digit (1,000,000 after 999,999)', async () => {
    const dispatcher = t.app.get(EventDispatcher);
    const txs = t.app.get(TxService);
    const seen: string[] = [];
    dispatcher.subscribe('order-probe', (_m, events) => {
      seen.push(...events.filter((e) => e.type === 'user.banned').map((e) => (e.payload as { user: { id: string } }).user.id));
      return Promise.resolve();
    });
    // Stopped, so the three wait and are taken as one batch.
    await dispatcher.onModuleDestroy();
    await t.ds.query(`SELECT setval('domain_events_id_seq', 999997)`);
    for (const id of ['first', 'second', 'third']) {
      await txs.run(async (tx) => {
        tx.event('user.banned', 'default', { user: { id } });
        await tx.manager.query('SELECT 1');
      });
    }
    dispatcher.onApplicationBootstrap();
    await eventually(() => seen.length === 3);
    expect(seen).toEqual(['first', 'second', 'third']);
  });

  it('endpoints receive only the events they asked for, each the kind of change that happened', async () => {
    const all = await receiver();
    const onlyPublished = await receiver();
    const moderation = await receiver();
    await endpoint(all.url, [
      'comment.created',
      'comment.edited',
      'comment.featured',
      'comment.reported',
      'comment.deleted',
      'comment.rejected',
      'article.closed',
    ]);
    await endpoint(onlyPublished.url, ['comment.published']);
    await endpoint(moderation.url, ['comment.held', 'comment.rejected']);

    const art = article('filters');
    const c = await postComment(t, a.reader('fil'), art, text('first'));
    await must(t.api('PATCH', `/comments/${c.id}`, { token: a.reader('fil'), body: { body: text('edited') } }));
    await must(t.api('POST', `/moderation/comments/${c.id}/feature`, { token: a.mod }));
    expect((await t.api('POST', `/comments/${c.id}/reports`, { token: a.reader('rep'), body: { reason: 'spam' } })).status).toBeLessThan(300);
    await must(t.api('DELETE', `/comments/${c.id}`, { token: a.reader('fil') }), 204);
    await seedArticle(t, a.mod, art, { closed: true });
    const expected = ['comment.created', 'comment.edited', 'comment.featured', 'comment.reported', 'comment.deleted', 'article.closed'];
    await eventually(() => all.acknowledged.length === expected.length);
    expect(all.requests.map((q) => q.json.type).sort()).toEqual([...expected].sort());
    expect(all.ofType('comment.deleted')[0].json.data.comment).toMatchObject({ id: c.id, status: 'deleted', body: '' });
    expect(all.ofType('article.closed')[0].json.data).toMatchObject({ article: { id: art, closed: true }, by: 'mod-1' });

    // A held comment, then rejected: the moderation endpoint gets both, the others neither.
    const held = article('held');
    await seedArticle(t, a.mod, held, { premoderation: true });
    const h = await postComment(t, a.reader('hal'), held, text('held'));
    expect(h.status).toBe('pending');
    await must(t.api('POST', `/moderation/comments/${h.id}/reject`, { token: a.mod, body: { reason: 'no' } }));
    await eventually(() => moderation.acknowledged.length === 2);
    expect(moderation.requests.map((q) => q.json.type)).toEqual(['comment.held', 'comment.rejected']);
    expect(moderation.requests[0].json.data).toMatchObject({ comment: { id: h.id, status: 'pending' }, previousStatus: null });

    await eventually(() => onlyPublished.acknowledged.length === 1);
    expect(onlyPublished.requests.map((q) => [q.json.type, q.json.data.comment.id])).toEqual([['comment.published', c.id]]);
    // Each endpoint's deliveries are jobs of their own: the catch-all one may get its copy a moment later.
    await eventually(() => all.ofType('comment.rejected').length > 0);
    expect(all.ofType('comment.rejected').map((q) => q.json.data.comment.id)).toEqual([h.id]);
  });

  it('a slack endpoint posts held comments as { text } to its URL, unsigned', async () => {
    const slack = await receiver();
    const created = await must(t.api('POST', '/webhooks', { token: a.admin, body: { url: slack.url, kind: 'slack' } }), 201);
    expect(created.endpoint).toMatchObject({ kind: 'slack', events: ['comment.held'] });
    const art = article('slack');
    await postComment(t, a.reader('sam'), art, text('published, not posted'));
    await seedArticle(t, a.mod, art, { premoderation: true });
    await postComment(t, a.reader('sam', 'Sam <Spammer>'), art, 'Buy *now* & save');
    await eventually(() => slack.acknowledged.length === 1);
    const [msg] = slack.requests;
    expect(Object.keys(msg.json)).toEqual(['text']);
    expect(msg.json.text).toContain('Sam &lt;Spammer&gt;');
    expect(msg.json.text).toContain('> Buy *now* &amp; save');
    expect(msg.json.text).toContain(art);
    expect(msg.headers['webhook-signature']).toBeUndefined();
  });

  it('resend sends a delivery again with the same id; a rotation signs with the new and the old secret', async () => {
    const r = await receiver();
    const ep = await endpoint(r.url, ['comment.created']);
    await postComment(t, a.reader('res'), article('resend'), text());
    await eventually(() => r.acknowledged.length === 1);
    const [d] = (await must(t.api('GET', `/webhooks/${ep.id}/deliveries`, { token: a.admin }))).items;

    const rotated = await must(t.api('POST', `/webhooks/${ep.id}/rotate-secret`, { token: a.admin }), 201);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(ep.secret);
    expect(rotated.endpoint.previousSecretExpiresAt).toEqual(expect.any(String));

    const again = await must(t.api('POST', `/webhooks/${ep.id}/deliveries/${d.id}/resend`, { token: a.admin }), 202);
    expect(again).toMatchObject({ id: d.id, status: 'pending' });
    await eventually(() => r.acknowledged.length === 2);
    const second = r.requests[1];
    expect(second.id).toBe(d.id);
    expect(second.body).toBe(r.requests[0].body);
    expect(second.signature.split(' ')).toHaveLength(2);
    expect(verifyStandardWebhook(rotated.secret, second.id, second.timestamp, second.body, second.signature)).toBe(true);
    expect(verifyStandardWebhook(ep.secret, second.id, second.timestamp, second.body, second.signature)).toBe(true);
    expect(verifyStandardWebhook(ep.secret, second.id, second.timestamp, second.body, second.signature.split(' ')[0])).toBe(false);
    // The Standard Webhooks library accepts either secret during the rotation.
    expect(verifyWithLibrary(rotated.secret, second)).toEqual(second.json);
    expect(verifyWithLibrary(ep.secret, second)).toEqual(second.json);
    const after = await eventually(async () => {
      const [x] = (await must(t.api('GET', `/webhooks/${ep.id}/deliveries`, { token: a.admin }))).items;
      return x.status === 'succeeded' ? x : null;
    });
    expect(after.attempts).toBe(2);

    expect((await t.api('POST', `/webhooks/${ep.id}/deliveries/msg_${'0'.repeat(32)}/resend`, { token: a.admin })).body.code).toBe('DELIVERY_NOT_FOUND');
    expect((await t.api('POST', `/webhooks/${ep.id}/deliveries/nonsense/resend`, { token: a.admin })).status).toBe(404);
  });
});
