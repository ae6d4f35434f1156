import { startApp, type TestApp } from '../support/app';
import { actors, article, enc, must, NO_FLOOD_LIMIT, patchSettings, postComment, text } from '../support/factories';
import { eventually, FAST_JOBS, settled, SmtpSink } from './notify-helpers';

/**
 * The admins' list of failed emails (GET /notifications/failures) holds readers' emails and staff
 * queue digests alike, once each spent its retries against a real SMTP server process that refuses
 * the address with a temporary 451.
 */
describe('failed emails, readers’ and staff digests', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let who: ReturnType<typeof actors>;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startApp({ ...FAST_JOBS, SMTP_URL: sink.url, MAIL_FROM: 'desk@news.test' });
    who = actors(t);
    await patchSettings(t, who.admin, NO_FLOOD_LIMIT);
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const failures = async () => (await must(t.api('GET', '/notifications/failures', { token: who.admin }))).items;

  it('a staff digest the SMTP server refuses is retried, then listed for admins beside a reader’s failed email; sent digests are not listed', async () => {
    // A reader's email that fails.
    const rex = t.token({ sub: 'rex', name: 'Rex', email: 'fail-rex@news.test' });
    await must(t.api('PUT', '/notifications/preferences', { token: rex, body: { email: 'immediate' } }));
    const art = article('failures');
    const parent = await postComment(t, rex, art, text('parent'));
    await postComment(t, t.token({ sub: 'sam', name: 'Sam' }), art, text('reply'), { parentId: parent.id });
    await eventually(async () => (await failures()).length === 1, 20_000, 'the reader’s failure');

    // Two staff digests: one to an address the server refuses, one it accepts; a comment waits.
    const broken = t.token({ sub: 'm-broken', name: 'Mod Broken', role: 'moderator', email: 'fail-desk@news.test' });
    const fine = t.token({ sub: 'm-fine', name: 'Mod Fine', role: 'moderator', email: 'fine@news.test' });
    for (const token of [broken, fine]) await must(t.api('PUT', '/notifications/staff-digest', { token, body: { frequency: 'hourly' } }));
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { premoderation: true } }));
    await postComment(t, t.token({ sub: 'tia', name: 'Tia' }), art, text('waiting'));
    await t.ds.query(`UPDATE jobs SET run_at = now() WHERE kind = 'staff.digest' AND state = 'queued'`);
    await eventually(async () => (await sink.to('fine@news.test')).length === 1, 20_000, 'the digest that goes through');
    const items = await eventually(
      async () => {
        const list = await failures();
        return list.length === 2 ? list : null;
      },
      20_000,
      'the digest’s failure',
    );
    await settled(t);

    expect(items[0]).toMatchObject({
      kind: 'staff-digest',
      userId: 'm-broken',
      address: 'fail-desk@news.test',
      mode: 'hourly',
      notificationCount: 0,
      attempts: 3,
      failedAt: expect.any(String),
    });
    expect(items[0].lastError).toContain('451');
    expect(items[1]).toMatchObject({ kind: 'reader', userId: 'rex', address: 'fail-rex@news.test', mode: 'immediate', notificationCount: 1, attempts: 3 });
    expect(await failures()).toHaveLength(2);
    // The failed job itself is done with: it is not run again.
    expect(await t.ds.query(`SELECT state, attempts FROM jobs WHERE kind = 'staff.digest' AND payload->>'staffId' = 'm-broken' AND attempts > 0`)).toEqual([
      { state: 'failed', attempts: 3 },
    ]);
    // Moderators do not see the list.
    expect((await t.api('GET', '/notifications/failures', { token: fine })).status).toBe(403);
  });

  it('lists failures newest first by id, page by page, where the ids grow a digit (1,000,000 after 999,999)', async () => {
    const [{ site_id: siteId }] = await t.ds.query(`SELECT site_id FROM notification_emails LIMIT 1`);
    await t.ds.query(`SELECT setval('notification_emails_id_seq', 999997)`);
    for (const staff of ['s-1', 's-2', 's-3']) {
      await t.ds.query(
        `INSERT INTO notification_emails (site_id, user_id, kind, mode, notification_ids, status, address, attempts, last_error, finished_at)
         VALUES ($1, $2, 'staff-digest', 'daily', '{}', 'failed', 'x@news.test', 3, 'refused', now())`,
        [siteId, staff],
      );
    }
    const first = await must(t.api('GET', '/notifications/failures?limit=2', { token: who.admin }));
    expect(first.items.map((f: { id: string }) => f.id)).toEqual(['1000000', '999999']);
    const next = await must(t.api('GET', `/notifications/failures?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`, { token: who.admin }));
    expect(next.items[0].id).toBe('999998');
  });
});
