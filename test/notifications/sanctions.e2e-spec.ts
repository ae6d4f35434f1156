import type { TestApp } from '../support/app';
import { type Actors, article, must, postComment, text } from '../support/factories';
import { type MailApp, startMailApp } from './mail-app';
import { eventually, settled, SmtpSink } from './notify-helpers';

/**
 * Nothing is sent to a banned or suspended reader (real SMTP server process, fresh database): a
 * banned reader gets no notification and no email; a suspended one keeps their notifications for
 * the bell but gets no email while the suspension lasts, including a digest that was already
 * collecting when the sanction came; lifted, the emails come again.
 */
describe('notifications and sanctioned readers', () => {
  let mail: MailApp;
  let sink: SmtpSink;
  let t: TestApp;
  let who: Actors;

  beforeAll(async () => ({ sink, t, who } = mail = await startMailApp()));
  afterAll(() => mail?.close());

  const reader = (sub: string) => t.token({ sub, name: `Reader ${sub}`, email: `${sub}@news.test` });
  const prefs = (token: string, email: string) => must(t.api('PUT', '/notifications/preferences', { token, body: { email } }));
  const stored = (userId: string) => t.ds.query(`SELECT kind, comment_id AS "commentId" FROM notifications WHERE user_id = $1 ORDER BY id`, [userId]);
  const emails = (userId: string) => t.ds.query(`SELECT status, last_error AS "lastError" FROM notification_emails WHERE user_id = $1 ORDER BY id`, [userId]);
  const dueNow = () => t.ds.query(`UPDATE jobs SET run_at = now() WHERE kind = 'notifications.digest' AND state = 'queued'`);
  const sanction = (userId: string, action: string, body: Record<string, unknown> = {}) =>
    must(t.api('POST', `/moderation/users/${userId}/${action}`, { token: who.mod, body: { reason: 'test', ...body } }));

  it('a banned reader is told nothing and sent nothing, not even the digest that was collecting when the ban came', async () => {
    const pat = reader('pat');
    const ron = reader('ron');
    const art = article('banned');
    await prefs(pat, 'immediate');
    await prefs(ron, 'hourly');
    const patsComment = await postComment(t, pat, art, text('pat'));
    const ronsComment = await postComment(t, ron, art, text('ron'));
    // Ron's digest opens with a reply before the ban.
    const early = await postComment(t, reader('quinn'), art, text('to ron'), { parentId: ronsComment.id });
    await settled(t);
    expect(await stored('ron')).toEqual([{ kind: 'reply', commentId: early.id }]);

    await sanction('pat', 'ban');
    await sanction('ron', 'ban');
    await postComment(t, reader('quinn'), art, text('to pat'), { parentId: patsComment.id });
    await postComment(t, reader('quinn'), art, text('to ron again'), { parentId: ronsComment.id });
    await must(t.api('POST', `/moderation/comments/${patsComment.id}/reject`, { token: who.mod, body: { reason: 'Rude' } }));
    await settled(t);
    await dueNow();
    await settled(t);

    expect(await stored('pat')).toEqual([]);
    expect(await stored('ron')).toEqual([{ kind: 'reply', commentId: early.id }]);
    expect(await emails('pat')).toEqual([]);
    expect(await emails('ron')).toEqual([{ status: 'skipped', lastError: 'the reader is banned' }]);
    expect(await sink.to('pat@news.test')).toEqual([]);
    expect(await sink.to('ron@news.test')).toEqual([]);
  });

  it('a suspended reader keeps their notifications for the bell but gets no email while it lasts; lifted, emails come again', async () => {
    const sue = reader('sue');
    const val = reader('val');
    const art = article('suspended');
    await prefs(sue, 'immediate');
    await prefs(val, 'daily');
    const suesComment = await postComment(t, sue, art, text('sue'));
    const valsComment = await postComment(t, val, art, text('val'));
    const early = await postComment(t, reader('quinn'), art, text('to val'), { parentId: valsComment.id });
    await settled(t);

    const until = new Date(Date.now() + 86_400_000).toISOString();
    await sanction('sue', 'suspend', { until });
    await sanction('val', 'suspend', { until });
    const quiet = await postComment(t, reader('quinn'), art, text('to sue'), { parentId: suesComment.id });
    await must(t.api('POST', `/moderation/comments/${suesComment.id}/feature`, { token: who.mod }));
    await settled(t);
    await dueNow();
    await settled(t);

    // The bell has them (the reader can read while suspended); no email went out.
    const page = await must(t.api('GET', '/notifications', { token: sue }));
    expect(page.items.map((n: any) => [n.kind, n.commentId])).toEqual([
      ['featured', suesComment.id],
      ['reply', quiet.id],
    ]);
    expect((await stored('val')).map((n: any) => n.commentId)).toEqual([early.id]);
    expect(await emails('sue')).toEqual([]);
    expect(await emails('val')).toEqual([{ status: 'skipped', lastError: 'the reader is suspended' }]);
    expect(await sink.to('sue@news.test')).toEqual([]);
    expect(await sink.to('val@news.test')).toEqual([]);

    // Lifted: the next reply is emailed.
    await sanction('sue', 'unban');
    const later = await postComment(t, reader('quinn'), art, 'After the suspension', { parentId: suesComment.id });
    await eventually(async () => (await sink.to('sue@news.test')).length === 1, 20_000, 'the email after the suspension');
    await settled(t);
    const mails = await sink.to('sue@news.test');
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('After the suspension');
    expect((await stored('sue')).map((n: any) => n.commentId)).toContain(later.id);
  });
});
