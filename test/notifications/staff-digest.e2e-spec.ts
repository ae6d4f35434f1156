import { startApp, type TestApp } from '../support/app';
import { actors, article, enc, must, NO_FLOOD_LIMIT, patchSettings, postComment, text } from '../support/factories';
import { StaffDigests } from '../../src/notifications/staff-digests';
import { signedInStaff } from '../sites/site-helpers';
import { eventually, FAST_JOBS, settled, SmtpSink } from './notify-helpers';

/**
 * Staff queue digests end to end, on two instances of the service sharing one database and a real
 * SMTP server process: a moderator asks for an hourly digest; each period's digest is one job and
 * one email (sizes, what was held, the oldest waiting items, the dashboard), whichever instance
 * runs it; a period already sent is never sent again; turning it off stops it.
 */
describe('staff queue digests', () => {
  let sink: SmtpSink;
  let a: TestApp;
  let b: TestApp;
  let who: ReturnType<typeof actors>;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    const env = { ...FAST_JOBS, SMTP_URL: sink.url, MAIL_FROM: 'desk@news.test', PUBLIC_URL: 'https://comments.news.test' };
    a = await startApp(env);
    b = await startApp(env, a.databaseUrl);
    who = actors(a);
    await patchSettings(a, who.admin, NO_FLOOD_LIMIT);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await sink?.close();
  });

  const staff = (app: TestApp, sub: string, email?: string, role = 'moderator') => app.token({ sub, name: `Mod ${sub}`, role, ...(email ? { email } : {}) });
  const digestJobs = async (staffId: string) =>
    a.ds.query<{ id: string; state: string; run_at: Date }[]>(
      `SELECT id::text, state, run_at FROM jobs WHERE kind = 'staff.digest' AND payload->>'staffId' = $1 ORDER BY id`,
      [staffId],
    );
  const runDue = (staffId: string) =>
    a.ds.query(`UPDATE jobs SET run_at = now() WHERE kind = 'staff.digest' AND state = 'queued' AND payload->>'staffId' = $1`, [staffId]);

  it('refuses readers, staff without an address and bad values, and changes nothing', async () => {
    const reader = a.token({ sub: 'r-1', name: 'Reader', email: 'r@news.test' });
    expect((await a.api('GET', '/notifications/staff-digest', { token: reader })).status).toBe(403);
    expect((await a.api('PUT', '/notifications/staff-digest', { token: reader, body: { frequency: 'hourly' } })).status).toBe(403);
    const noMail = staff(a, 'm-nomail');
    const r = await a.api('PUT', '/notifications/staff-digest', { token: noMail, body: { frequency: 'daily' } });
    expect([r.status, r.body.code]).toEqual([409, 'NO_EMAIL']);
    const withMail = staff(a, 'm-bad', 'bad@news.test');
    expect((await a.api('PUT', '/notifications/staff-digest', { token: withMail, body: { frequency: 'weekly' } })).status).toBe(400);
    expect((await a.api('PUT', '/notifications/staff-digest', { token: withMail, body: {} })).status).toBe(400);
    expect((await a.api('GET', '/notifications/staff-digest')).status).toBe(401);
    expect(await a.ds.query(`SELECT count(*)::int AS n FROM staff_digests`)).toEqual([{ n: 0 }]);
    expect(await must(a.api('GET', '/notifications/staff-digest', { token: withMail }))).toEqual({
      frequency: 'off',
      address: 'bad@news.test',
      emailAvailable: true,
    });
  });

  it('one email per period with two instances: the sizes, what was held, the oldest waiting items and the dashboard; never a period twice; off stops it', async () => {
    const dana = staff(a, 'm-dana', 'dana@news.test');
    expect(await must(a.api('PUT', '/notifications/staff-digest', { token: dana, body: { frequency: 'hourly' } }))).toEqual({
      frequency: 'hourly',
      address: 'dana@news.test',
      emailAvailable: true,
    });
    expect(await must(b.api('GET', '/notifications/staff-digest', { token: staff(b, 'm-dana', 'dana@news.test') }))).toMatchObject({ frequency: 'hourly' });

    const art = article('desk');
    await must(a.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { title: 'Bridge tolls', premoderation: true } }));
    const oldest = await postComment(a, a.token({ sub: 'w-1', name: 'Wren' }), art, 'The oldest one waiting here');
    await postComment(b, b.token({ sub: 'w-2', name: 'Yusuf' }), art, text('second waiting'));
    const open = await must(a.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { premoderation: false } }));
    expect(open.premoderation).toBe(false);
    const published = await postComment(a, a.token({ sub: 'w-3', name: 'Zoe' }), art, 'A published one someone reported');
    expect(published.status).toBe('approved');
    await must(a.api('POST', `/comments/${published.id}/reports`, { token: a.token({ sub: 'w-4', name: 'Ari' }), body: { reason: 'spam' } }), 202);
    await settled(a);

    // Both instances swept (at start and on opting in): one job for the period, due at the top of the next hour.
    const jobs = await digestJobs('m-dana');
    expect(jobs).toHaveLength(1);
    const due = new Date(jobs[0].run_at).getTime();
    expect(due % 3_600_000).toBe(0);
    expect(due).toBeGreaterThan(Date.now());

    await runDue('m-dana');
    await eventually(async () => (await sink.to('dana@news.test')).length === 1, 20_000, 'the digest');
    await settled(a);
    const [mail] = await sink.to('dana@news.test');
    expect(mail.subject).toBe('Moderation at Default site: 2 pending, 1 reported');
    expect(mail.from).toContain('desk@news.test');
    expect(mail.text).toContain('Pending: 2');
    expect(mail.text).toContain('Reported: 1');
    expect(mail.text).toContain('Held in the last hour: 2');
    expect(mail.text).toMatch(/Waiting longest for a decision, since .+ UTC: Wren on “Bridge tolls”/);
    expect(mail.text).toContain('The oldest one waiting here');
    expect(mail.text).toContain('Reported and waiting longest');
    expect(mail.text).toContain('A published one someone reported');
    expect(mail.text).toContain('Open the moderation dashboard: https://comments.news.test/moderate');
    expect(mail.html).toContain('href="https://comments.news.test/moderate"');
    expect(oldest.status).toBe('pending');
    const [row] = await a.ds.query(`SELECT last_period_at FROM staff_digests WHERE staff_id = 'm-dana'`);
    expect(new Date(row.last_period_at).getTime()).toBe(due);

    // The same period once more (a job made some other way): nothing more is sent.
    await a.ds.query(`INSERT INTO jobs (kind, site_id, payload, dedupe_key) VALUES ('staff.digest', 'default', $1::jsonb, 'again')`, [
      JSON.stringify({ staffId: 'm-dana', frequency: 'hourly', periodEnd: new Date(due).toISOString() }),
    ]);
    await settled(a);
    expect(await sink.to('dana@news.test')).toHaveLength(1);

    // Off: the next period's job (made by the sweep) sends nothing.
    await b.app.get(StaffDigests).sweep();
    expect((await digestJobs('m-dana')).filter((j) => j.state === 'queued')).toHaveLength(0);
    expect(await must(a.api('PUT', '/notifications/staff-digest', { token: dana, body: { frequency: 'off' } }))).toMatchObject({ frequency: 'off' });
    await a.ds.query(`INSERT INTO jobs (kind, site_id, payload, dedupe_key) VALUES ('staff.digest', 'default', $1::jsonb, 'after-off')`, [
      JSON.stringify({ staffId: 'm-dana', frequency: 'hourly', periodEnd: new Date(due + 3_600_000).toISOString() }),
    ]);
    await settled(a);
    expect(await sink.to('dana@news.test')).toHaveLength(1);
  });

  it('a staff account signed in to the dashboard: its own address; empty queues send nothing; a daily digest is due at midnight UTC', async () => {
    const { browser, id } = await signedInStaff(a, { quiet: 'moderator' }, 'Quinn Quiet');
    const staffId = `staff:${id}`;
    const put = (frequency: string) =>
      eventually(
        async () => {
          const r = await browser.call('PUT', '/notifications/staff-digest?site=quiet', { body: { frequency } });
          return r.status === 200 ? r.body : null;
        },
        20_000,
        'the site known to the service',
      );
    const chosen = await put('daily');
    expect(chosen).toMatchObject({ frequency: 'daily', emailAvailable: true });
    const address = chosen.address as string;
    expect(address).toMatch(/@/);
    const [job] = await digestJobs(staffId);
    expect(new Date(job.run_at).getTime() % 86_400_000).toBe(0);
    await runDue(staffId);
    await settled(a);
    expect(await sink.to(address)).toHaveLength(0);
    expect(await a.ds.query(`SELECT last_period_at IS NOT NULL AS sent FROM staff_digests WHERE staff_id = $1`, [staffId])).toEqual([{ sent: true }]);
  });
});
