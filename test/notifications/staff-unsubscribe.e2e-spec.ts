import type { TestApp } from '../support/app';
import { type Actors, article, enc, must, postComment, text } from '../support/factories';
import { type MailApp, startMailApp } from './mail-app';
import { eventually, settled, SmtpSink } from './notify-helpers';

/**
 * A staff queue digest carries its own one-click unsubscribe (signed link, `List-Unsubscribe` and
 * `List-Unsubscribe-Post`), as readers' emails do: it turns that digest off and nothing else.
 */
describe('staff digest one-click unsubscribe', () => {
  let mail: MailApp;
  let sink: SmtpSink;
  let t: TestApp;
  let who: Actors;

  beforeAll(async () => ({ sink, t, who } = mail = await startMailApp('desk@news.test')));
  afterAll(() => mail?.close());

  const post = (path: string) =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

  it('the digest’s link asks, then its one-click POST turns the digest off; the same person’s reader emails stay on', async () => {
    // The same id as a reader (a publisher-signed moderator's sub) with reader emails on.
    const asReader = t.token({ sub: 'm-una', name: 'Una', email: 'una@news.test' });
    await must(t.api('PUT', '/notifications/preferences', { token: asReader, body: { email: 'immediate' } }));
    const una = t.token({ sub: 'm-una', name: 'Una', role: 'moderator', email: 'una@news.test' });
    await must(t.api('PUT', '/notifications/staff-digest', { token: una, body: { frequency: 'hourly' } }));
    const art = article('staff-unsub');
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { premoderation: true } }));
    await postComment(t, t.token({ sub: 'vic', name: 'Vic' }), art, text('waiting'));
    await t.ds.query(`UPDATE jobs SET run_at = now() WHERE kind = 'staff.digest' AND state = 'queued'`);
    await eventually(async () => (await sink.to('una@news.test')).length === 1, 20_000, 'the digest');
    await settled(t);

    const [mail] = await sink.to('una@news.test');
    expect(mail.subject).toMatch(/^Moderation at /);
    expect(mail.raw).toMatch(/^List-Unsubscribe: <http[^>]+\/api\/v1\/notifications\/unsubscribe\?site=default&token=[^>]+>$/m);
    expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    const link = /^List-Unsubscribe: <([^>]+)>$/m.exec(mail.raw)![1];
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`token=${new URL(link).searchParams.get('token')}">`);
    const path = new URL(link).pathname + new URL(link).search;

    const page = await fetch(`${t.url}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('no longer get the digest of the moderation queues');
    expect((await must(t.api('GET', '/notifications/staff-digest', { token: una }))).frequency).toBe('hourly');

    // A tampered token changes nothing.
    const bad = await post(path.replace(/token=([^&]+)/, (_all, tok: string) => `token=${tok.slice(0, -2)}AA`));
    expect(bad.status).toBe(400);
    expect((await must(t.api('GET', '/notifications/staff-digest', { token: una }))).frequency).toBe('hourly');

    const done = await post(path);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('no more digests of the moderation queues');
    expect((await must(t.api('GET', '/notifications/staff-digest', { token: una }))).frequency).toBe('off');
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM staff_digests WHERE staff_id = 'm-una'`)).toEqual([{ n: 0 }]);
    expect((await must(t.api('GET', '/notifications/preferences', { token: asReader }))).email).toBe('immediate');
  });
});
