import { SocketPool } from '../live/live-helpers';
import type { TestApp } from '../support/app';
import { type Actors, article, must, postComment, startAppWithActors, text } from '../support/factories';
import { eventually, FAST_JOBS, settled, SmtpSink } from './notify-helpers';

/**
 * Issue 13, "warn a user": the warned reader is also told in their notifications (kind `warning`),
 * stored once per warning, pushed live to their own sockets, emailed when they asked for email, and
 * told to sites' webhooks as `user.warned`; a banned reader's warning makes none (real SMTP server
 * process, real sockets, fresh database).
 */
describe('a moderator’s warning in the reader’s notifications', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let who: Actors;
  const pool = new SocketPool();

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ({ t, a: who } = await startAppWithActors({ ...FAST_JOBS, SMTP_URL: sink.url, MAIL_FROM: 'comments@news.test' }));
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
    await sink?.close();
  });

  const reader = (sub: string, name: string) => t.token({ sub, name, email: `${sub}@news.test` });
  const warn = (userId: string, message: string) => must(t.api('POST', `/moderation/users/${userId}/warn`, { token: who.mod, body: { message } }), 201);

  it('is stored, delivered live with the unread count, emailed, and listed like any other notification', async () => {
    const wanda = reader('wanda', 'Wanda');
    await must(t.api('PUT', '/notifications/preferences', { token: wanda, body: { email: 'immediate' } }));
    await postComment(t, wanda, article('warned'), text('before the warning'));
    const { inbox } = await pool.connect(t.url, { token: wanda, label: 'Wanda' });

    const w = await warn('wanda', 'Please keep it civil: no name-calling.');
    const live = await inbox.waitFor('notification', (e) => e.notification.kind === 'warning');
    expect(live).toEqual({
      notification: {
        id: expect.any(String),
        kind: 'warning',
        commentId: null,
        articleId: null,
        articleTitle: null,
        articleUrl: null,
        actorName: 'Mo Moderator',
        reason: null,
        excerpt: 'Please keep it civil: no name-calling.',
        read: false,
        createdAt: expect.any(String),
      },
      unreadCount: 1,
    });

    const rows = await t.ds.query(`SELECT kind, dedupe_key AS "dedupeKey", comment_id AS "commentId" FROM notifications WHERE user_id = 'wanda'`);
    expect(rows).toEqual([{ kind: 'warning', dedupeKey: `warning:${w.id}`, commentId: null }]);
    const page = await must(t.api('GET', '/notifications', { token: wanda }));
    expect(page).toEqual({ items: [live.notification], nextCursor: null, unreadCount: 1 });

    await eventually(async () => (await sink.to('wanda@news.test')).length > 0);
    const [email] = await sink.to('wanda@news.test');
    expect(email.subject).toBe('A moderator has warned you');
    expect(email.text).toContain('A moderator (Mo Moderator) has warned you.');
    expect(email.text).toContain('Please keep it civil: no name-calling.');

    // Sites' webhooks hear of it too: the domain event behind the notification.
    const [event] = await t.ds.query(`SELECT payload FROM domain_events WHERE type = 'user.warned'`);
    expect(event.payload).toMatchObject({ user: { id: 'wanda', name: 'Wanda', reason: w.message }, warning: w, by: 'mod-1' });

    // Read like the others; acknowledging the warning is its own step (GET /me still has it).
    expect(await must(t.api('POST', '/notifications/read', { token: wanda, body: { ids: [live.notification.id] } }))).toEqual({ unreadCount: 0 });
    expect(await must(t.api('GET', '/me', { token: wanda }))).toMatchObject({ canPost: false, warning: { id: w.id } });
  });

  it('one notification per warning: a second warning is a second notification, a redelivered event none', async () => {
    const vic = reader('vic', 'Vic');
    await postComment(t, vic, article('warned-twice'), text('vic'));
    await warn('vic', 'First warning.');
    await warn('vic', 'Second warning.');
    await settled(t);
    // The dispatcher takes an event again (as after a crash before its mark): nothing more.
    await t.ds.query(`UPDATE domain_events SET dispatched_at = NULL WHERE type = 'user.warned' AND payload->'user'->>'id' = 'vic'`);
    await settled(t);
    const rows = await t.ds.query(`SELECT excerpt FROM notifications WHERE user_id = 'vic' ORDER BY id`);
    expect(rows).toEqual([{ excerpt: 'First warning.' }, { excerpt: 'Second warning.' }]);
  });

  it('a banned reader’s warning makes no notification; the database refuses a comment notification without its comment', async () => {
    const bo = reader('bo', 'Bo');
    await postComment(t, bo, article('banned-warned'), text('bo'));
    await must(t.api('POST', '/moderation/users/bo/ban', { token: who.mod, body: { reason: 'spam' } }));
    await warn('bo', 'Too late.');
    await settled(t);
    expect(await t.ds.query(`SELECT id FROM notifications WHERE user_id = 'bo'`)).toEqual([]);

    await expect(
      t.ds.query(
        `INSERT INTO notifications (site_id, user_id, kind, dedupe_key, event_id, comment_id, article_id) VALUES ('default', 'bo', 'reply', 'x', 1, NULL, NULL)`,
      ),
    ).rejects.toThrow(/notifications_subject_check/);
  });
});
