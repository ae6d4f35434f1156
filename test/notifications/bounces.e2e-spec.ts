import { startApp, type TestApp } from '../support/app';
import { actors, type Actors, article, enc, must, NO_FLOOD_LIMIT, patchSettings, postComment, text } from '../support/factories';
import { eventually, FAST_JOBS, type Mail, settled, SmtpSink } from './notify-helpers';

/**
 * Bounces and each site's sender, against a real SMTP server process that refuses `bounce…`
 * recipients with a permanent 550 (and `fail…` ones with a temporary 451): a permanent refusal is
 * one attempt, the email `bounced` with the server's reply and listed for admins, and that reader's
 * later emails to the address are skipped until their address changes; a bounce the mail provider
 * reports later (POST /notifications/bounces) does the same to a sent email. A site's `mailFrom`
 * setting is the From of its emails while the deployment's MAIL_FROM stays the envelope sender.
 */
describe('bounces and site senders', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let who: Actors;

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

  const reader = (sub: string, email: string) => t.token({ sub, name: `Reader ${sub}`, email });
  const immediate = (token: string) => must(t.api('PUT', '/notifications/preferences', { token, body: { email: 'immediate' } }));
  const listed = async () => (await must(t.api('GET', '/notifications/failures', { token: who.admin }))).items;
  const emailsOf = (userId: string) =>
    t.ds.query(
      `SELECT status, address, attempts, last_error AS "lastError", message_id AS "messageId" FROM notification_emails WHERE user_id = $1 ORDER BY id`,
      [userId],
    );
  /** A reply to the reader's comment (one email to them, when they asked for emails). */
  async function replyTo(token: string, label: string): Promise<void> {
    const art = article(label);
    const parent = await postComment(t, token, art, text('parent'));
    await postComment(t, t.token({ sub: `replier-${label}`, name: 'Replier' }), art, text('reply'), { parentId: parent.id });
  }
  async function mailsTo(address: string, n = 1): Promise<Mail[]> {
    await eventually(async () => (await sink.to(address)).length >= n, 20_000, `${n} email(s) to ${address}`);
    return sink.to(address);
  }
  const fromOf = (mail: Mail) => (mail.headers.get('from') as { value: { address: string; name: string }[] }).value[0];

  it('a 550 to the recipient: one attempt, bounced with the reply, listed for admins; later emails to it skipped until the address changes', async () => {
    const bea = reader('bea', 'bounce-bea@news.test');
    await immediate(bea);
    await replyTo(bea, 'bounce-1');
    await eventually(async () => (await emailsOf('bea'))[0]?.status === 'bounced', 20_000, 'the bounce');
    await settled(t);

    expect(sink.refusals.filter((r) => r.address === 'bounce-bea@news.test')).toEqual([{ address: 'bounce-bea@news.test', code: 550 }]);
    const [row] = await emailsOf('bea');
    expect(row).toMatchObject({ status: 'bounced', address: 'bounce-bea@news.test', attempts: 1, messageId: null });
    expect(row.lastError).toMatch(/^550 5\.1\.1 No such user here/);
    // Done with, not failed and not waiting for a retry.
    expect(
      await t.ds.query(
        `SELECT state, attempts FROM jobs WHERE kind = 'email.send' AND payload->>'emailId' = (SELECT id::text FROM notification_emails WHERE user_id = 'bea')`,
      ),
    ).toEqual([{ state: 'done', attempts: 1 }]);
    const [item] = await listed();
    expect(item).toMatchObject({
      kind: 'reader',
      userId: 'bea',
      address: 'bounce-bea@news.test',
      status: 'bounced',
      attempts: 1,
      failedAt: expect.any(String),
    });
    expect(item.lastError).toContain('550');

    // The next email to that address is not tried.
    await replyTo(bea, 'bounce-2');
    await eventually(async () => (await emailsOf('bea')).length === 2 && (await emailsOf('bea'))[1].status !== 'pending', 20_000, 'the second email');
    await settled(t);
    expect((await emailsOf('bea'))[1]).toMatchObject({ status: 'skipped', address: 'bounce-bea@news.test', attempts: 0, lastError: 'the address bounced' });
    expect(sink.refusals.filter((r) => r.address === 'bounce-bea@news.test')).toHaveLength(1);
    expect(await listed()).toHaveLength(1);

    // A new address (the reader's next token) gets them again.
    const beaNow = reader('bea', 'bea@news.test');
    await immediate(beaNow);
    await replyTo(beaNow, 'bounce-3');
    await mailsTo('bea@news.test');
    expect((await emailsOf('bea'))[2]).toMatchObject({ status: 'sent', address: 'bea@news.test', attempts: 1 });
  });

  it('a temporary refusal (451) is still retried through its budget, then failed, not bounced', async () => {
    const fay = reader('fay', 'fail-fay@news.test');
    await immediate(fay);
    await replyTo(fay, 'deferred');
    await eventually(async () => (await emailsOf('fay'))[0]?.status === 'failed', 20_000, 'the failure');
    expect(sink.refusals.filter((r) => r.address === 'fail-fay@news.test').map((r) => r.code)).toEqual([451, 451, 451]);
    expect((await listed())[0]).toMatchObject({ userId: 'fay', status: 'failed', attempts: 3 });
  });

  it('a staff digest refused with a 550 is bounced at once and listed; the next period sends nothing to that address', async () => {
    const desk = t.token({ sub: 'm-bounce', name: 'Mod Bounce', role: 'moderator', email: 'bounce-desk@news.test' });
    await must(t.api('PUT', '/notifications/staff-digest', { token: desk, body: { frequency: 'hourly' } }));
    const art = article('digest-bounce');
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { premoderation: true } }));
    await postComment(t, t.token({ sub: 'tia', name: 'Tia' }), art, text('waiting'));
    await t.ds.query(`UPDATE jobs SET run_at = now() WHERE kind = 'staff.digest' AND state = 'queued'`);
    await eventually(async () => (await emailsOf('m-bounce'))[0]?.status === 'bounced', 20_000, 'the digest’s bounce');
    await settled(t);
    expect(sink.refusals.filter((r) => r.address === 'bounce-desk@news.test')).toHaveLength(1);
    expect((await listed())[0]).toMatchObject({ kind: 'staff-digest', userId: 'm-bounce', status: 'bounced', attempts: 1, mode: 'hourly' });

    // The next period's job, due now: it sends nothing to the address that bounced.
    await t.ds.query(`UPDATE staff_digests SET last_period_at = NULL WHERE staff_id = 'm-bounce'`);
    await t.ds.query(
      `UPDATE jobs SET state = 'queued', run_at = now(), done_at = NULL WHERE kind = 'staff.digest' AND payload->>'staffId' = 'm-bounce' AND attempts > 0`,
    );
    await settled(t);
    expect(sink.refusals.filter((r) => r.address === 'bounce-desk@news.test')).toHaveLength(1);
    expect(await emailsOf('m-bounce')).toHaveLength(1);
  });

  it('a site with its own sender address: its emails are From it, the envelope sender and Sender stay MAIL_FROM; bad addresses are refused', async () => {
    for (const mailFrom of ['not an address', 'Letters <letters@site.test>', '', 42, `${'x'.repeat(250)}@site.test`]) {
      const res = await t.api('PATCH', '/settings', { token: who.admin, body: { mailFrom } });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('mailFrom');
    }
    expect((await must(t.api('GET', '/settings', { token: who.admin }))).mailFrom).toBeNull();
    expect((await t.api('PATCH', '/settings', { token: who.mod, body: { mailFrom: 'letters@site.test' } })).status).toBe(403);
    expect(await patchSettings(t, who.admin, { mailFrom: 'letters@site.test' })).toMatchObject({ mailFrom: 'letters@site.test' });

    const cleo = reader('cleo', 'cleo@news.test');
    await immediate(cleo);
    await replyTo(cleo, 'sender');
    const [mail] = await mailsTo('cleo@news.test');
    expect(fromOf(mail).address).toBe('letters@site.test');
    expect(fromOf(mail).name).not.toBe('');
    expect(mail.envelopeFrom).toBe('desk@news.test');
    expect(mail.raw).toMatch(/^Sender: desk@news\.test$/m);

    // Staff digests of the site too.
    const mod = t.token({ sub: 'm-cleo', name: 'Mod Cleo', role: 'moderator', email: 'mod-cleo@news.test' });
    await must(t.api('PUT', '/notifications/staff-digest', { token: mod, body: { frequency: 'daily' } }));
    const art = article('sender-digest');
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { premoderation: true } }));
    await postComment(t, t.token({ sub: 'uma', name: 'Uma' }), art, text('waiting'));
    await t.ds.query(`UPDATE jobs SET run_at = now() WHERE kind = 'staff.digest' AND state = 'queued' AND payload->>'staffId' = 'm-cleo'`);
    const [digest] = await mailsTo('mod-cleo@news.test');
    expect(fromOf(digest).address).toBe('letters@site.test');
    expect(digest.envelopeFrom).toBe('desk@news.test');

    // null: back to the deployment's address, without a Sender.
    expect(await patchSettings(t, who.admin, { mailFrom: null })).toMatchObject({ mailFrom: null });
    await replyTo(cleo, 'sender-back');
    const later = (await mailsTo('cleo@news.test', 2))[1];
    expect(fromOf(later).address).toBe('desk@news.test');
    expect(later.envelopeFrom).toBe('desk@news.test');
    expect(later.raw).not.toMatch(/^Sender:/m);
  });

  it('a bounce reported later (POST /notifications/bounces): admins only, checked input, marks the sent email bounced and skips the address', async () => {
    const dana = reader('dana', 'dana@news.test');
    await immediate(dana);
    await replyTo(dana, 'reported');
    const [mail] = await mailsTo('dana@news.test');
    await settled(t);
    const messageId = mail.headers.get('message-id') as string;
    expect(messageId).toMatch(/^<.+@.+>$/);
    expect((await emailsOf('dana'))[0]).toMatchObject({ status: 'sent', messageId });

    const report = (token: string | undefined, body: unknown) => t.api('POST', '/notifications/bounces', { token, body });
    const valid = { messageId, reason: '550 5.1.1 mailbox gone (reported by the provider)' };
    expect((await report(undefined, valid)).status).toBe(401);
    expect((await report(dana, valid)).status).toBe(403);
    expect((await report(who.mod, valid)).status).toBe(403);
    for (const body of [
      {},
      { reason: 'no email named' },
      { messageId, reason: '' },
      { messageId, reason: '   ' },
      { messageId },
      { address: 'not an address', reason: 'x' },
      { messageId: 'no at sign', reason: 'x' },
      { messageId, reason: 'x'.repeat(1001) },
      { messageId, reason: 'x', extra: true },
    ]) {
      const res = await report(who.admin, body);
      expect([res.status, res.body.code, JSON.stringify(body)]).toEqual([400, 'VALIDATION_FAILED', JSON.stringify(body)]);
    }
    const none = await report(who.admin, { messageId: '<nothing@news.test>', reason: 'x' });
    expect([none.status, none.body.code]).toEqual([404, 'EMAIL_NOT_FOUND']);
    expect((await report(who.admin, { messageId, address: 'someone-else@news.test', reason: 'x' })).status).toBe(404);
    expect((await emailsOf('dana'))[0].status).toBe('sent');

    // Angle brackets optional; the answer is the email as admins list it.
    const bounced = await must(report(who.admin, { ...valid, messageId: messageId.slice(1, -1) }));
    expect(bounced).toMatchObject({ userId: 'dana', kind: 'reader', address: 'dana@news.test', status: 'bounced', lastError: valid.reason, attempts: 1 });
    expect((await listed()).find((e: { userId: string }) => e.userId === 'dana')).toMatchObject({ status: 'bounced', lastError: valid.reason });
    // Reported again (a provider retrying its webhook): the same email, still one.
    expect(await must(report(who.admin, valid))).toMatchObject({ id: bounced.id, status: 'bounced' });

    await replyTo(dana, 'reported-2');
    await eventually(async () => (await emailsOf('dana')).length === 2 && (await emailsOf('dana'))[1].status !== 'pending', 20_000, 'the next email');
    expect((await emailsOf('dana'))[1]).toMatchObject({ status: 'skipped', lastError: 'the address bounced' });
    expect(await sink.to('dana@news.test')).toHaveLength(1);

    // By address alone (any case): the latest email sent to it.
    const eve = reader('eve', 'eve@news.test');
    await immediate(eve);
    await replyTo(eve, 'reported-eve');
    await eventually(async () => (await emailsOf('eve'))[0]?.status === 'sent', 20_000, 'eve’s email');
    expect(await must(report(who.admin, { address: 'EVE@news.test', reason: 'mailbox full for good' }))).toMatchObject({
      userId: 'eve',
      status: 'bounced',
      lastError: 'mailbox full for good',
    });
  });
});
