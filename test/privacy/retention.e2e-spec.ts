import type { TestApp } from '../support/app';
import { Actors, must, patchSettings, startAppWithActors } from '../support/factories';

/** Polls until `probe` answers truthy: the retention pass runs as a job after the settings change. */
async function eventually<T>(probe: () => Promise<T>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}`);
}

/** The site's `retentionDays`: stored emails and IP addresses past it are removed by the job queue, to the minute. */
describe('retention of emails and IP addresses', () => {
  let t: TestApp;
  let a: Actors;

  beforeAll(async () => {
    ({ t, a } = await startAppWithActors({ JOBS_POLL_MS: '100' }));
  });
  afterAll(() => t.close());

  const email = async (id: string) => (await t.ds.query(`SELECT email FROM users WHERE site_id = 'default' AND id = $1`, [id]))[0].email;
  const backdate = (id: string, interval: string) =>
    t.ds.query(`UPDATE users SET email_seen_at = now() - $2::interval WHERE site_id = 'default' AND id = $1`, [id, interval]);

  it('accepts null, whole days of 1 to 3,650, and refuses the rest without changing anything', async () => {
    expect((await must(t.api('GET', '/settings', { token: a.admin }))).retentionDays).toBeNull();
    for (const bad of [0, -1, 3651, 1.5, '30', true]) {
      const res = await t.api('PATCH', '/settings', { token: a.admin, body: { retentionDays: bad } });
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
    expect((await patchSettings(t, a.admin, { retentionDays: 3650 })).retentionDays).toBe(3650);
    expect((await patchSettings(t, a.admin, { retentionDays: null })).retentionDays).toBeNull();
    expect((await t.api('PATCH', '/settings', { token: a.admin, body: { accountDeletion: 'erase' } })).status).toBe(400);
  });

  it('removes what was stored more than N days ago and keeps what is younger, by the minute', async () => {
    for (const id of ['old', 'young', 'fresh']) {
      await must(t.api('GET', '/me/data', { token: t.token({ sub: id, name: id, email: `${id}@example.test` }) }));
    }
    await backdate('old', '30 days 1 minute');
    await backdate('young', '29 days 23 hours 59 minutes');
    await t.ds.query(
      `INSERT INTO notification_emails (site_id, user_id, mode, notification_ids, status, address, created_at) VALUES
         ('default', 'old', 'immediate', '{}', 'sent', 'old@example.test', now() - interval '30 days 1 minute'),
         ('default', 'young', 'immediate', '{}', 'sent', 'young@example.test', now() - interval '29 days 23 hours')`,
    );
    await t.ds.query(
      `INSERT INTO staff_audit (action, site_id, ip, created_at) VALUES
         ('signin', 'default', '192.0.2.1', now() - interval '31 days'), ('signin', 'default', '192.0.2.2', now() - interval '1 day'),
         ('signin', NULL, '192.0.2.3', now() - interval '31 days')`,
    );
    // No retention: nothing goes.
    await new Promise((r) => setTimeout(r, 500));
    expect(await email('old')).toBe('old@example.test');

    await patchSettings(t, a.admin, { retentionDays: 30 });
    await eventually(async () => (await email('old')) === null, 'the old email removed');
    expect(await email('young')).toBe('young@example.test');
    expect(await email('fresh')).toBe('fresh@example.test');
    expect(await t.ds.query(`SELECT user_id, address FROM notification_emails ORDER BY user_id`)).toEqual([
      { user_id: 'old', address: null },
      { user_id: 'young', address: 'young@example.test' },
    ]);
    expect((await t.ds.query(`SELECT ip FROM staff_audit WHERE action = 'signin' ORDER BY ip NULLS FIRST`)).map((r: any) => r.ip)).toEqual([
      null,
      '192.0.2.2',
      '192.0.2.3',
    ]);
    const jobs = await t.ds.query(`SELECT id FROM jobs WHERE kind = 'privacy.retention'`);
    expect(jobs.length).toBeGreaterThan(0);

    // A reader who comes back gives their email again, and its clock starts again.
    await must(t.api('GET', '/me/data', { token: t.token({ sub: 'old', name: 'old', email: 'old@example.test' }) }));
    expect(await email('old')).toBe('old@example.test');
  });
});
