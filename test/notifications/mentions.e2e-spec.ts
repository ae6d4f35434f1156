import { SocketPool } from '../live/live-helpers';
import type { TestApp } from '../support/app';
import { type Actors, article, enc, must, postComment, text } from '../support/factories';
import { type MailApp, startMailApp } from './mail-app';
import { eventually, settled, SmtpSink } from './notify-helpers';

/**
 * `@Name` mentions end to end (real SMTP server process, real sockets): a published comment that
 * names someone in the article's conversation tells them once (bell, live, email if they asked),
 * never for a held or rejected comment, never themselves, never someone outside the conversation;
 * the comment shows the mention marked.
 */
describe('mentions', () => {
  let mail: MailApp;
  let sink: SmtpSink;
  let t: TestApp;
  let who: Actors;
  const pool = new SocketPool();

  beforeAll(async () => ({ sink, t, who } = mail = await startMailApp()));
  afterAll(async () => {
    pool.closeAll();
    await mail?.close();
  });

  const person = (sub: string, name: string) => t.token({ sub, name, email: `${sub}@news.test` });
  const mentionsOf = async (token: string) => (await must(t.api('GET', '/notifications', { token }))).items.filter((n: any) => n.kind === 'mention');

  it('tells each participant named once, live and by email; not the author, not someone outside the conversation; marks the mention', async () => {
    const art = article('mention');
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { title: 'Harbour', url: 'https://news.test/harbour' } }));
    const ana = person('ana', 'Ana Maria');
    const anaShort = person('ana2', 'Ana');
    const bo = person('bo', 'Bo');
    const cy = person('cy', 'Cy');
    const dee = person('dee', 'Dee');
    await must(t.api('PUT', '/notifications/preferences', { token: bo, body: { email: 'immediate' } }));
    await postComment(t, ana, art, text('ana was here'));
    await postComment(t, anaShort, art, text('ana short was here'));
    await postComment(t, bo, art, text('bo was here'));
    // Dee takes part elsewhere only.
    await postComment(t, dee, article('elsewhere'), text('dee elsewhere'));
    await settled(t);
    const { inbox } = await pool.connect(t.url, { token: ana, label: 'ana' });

    const c = await postComment(t, cy, art, 'Thanks @ana maria and @Bo! Not @Dee, not me @Cy, and x@Bo is an address. @Bo again.');
    expect(c.status).toBe('approved');
    expect(c.html).toContain('<span class="mention">@ana maria</span>');
    expect(c.html).toContain('<span class="mention">@Bo</span>!');
    expect(c.html).toContain('x@Bo is');
    expect(c.html).not.toContain('<span class="mention">@Dee</span>');

    const live = await inbox.waitFor('notification', (e) => e.notification.kind === 'mention');
    expect(live.notification).toMatchObject({ kind: 'mention', commentId: c.id, actorName: 'Cy', articleTitle: 'Harbour' });
    await eventually(async () => (await sink.to('bo@news.test')).length === 1, 20_000, 'the email');
    await settled(t);

    expect(await mentionsOf(ana)).toHaveLength(1);
    expect(await mentionsOf(bo)).toHaveLength(1);
    // "@ana maria" is Ana Maria, not Ana.
    expect(await mentionsOf(anaShort)).toHaveLength(0);
    expect(await mentionsOf(cy)).toHaveLength(0);
    expect(await mentionsOf(dee)).toHaveLength(0);
    const [mail] = await sink.to('bo@news.test');
    expect(mail.subject).toBe('Cy mentioned you in a comment');
    expect(mail.text).toContain('Cy mentioned you in a comment on “Harbour”:');
    expect(mail.text).toContain(`https://news.test/harbour#comment-${c.id}`);

    // Editing the comment tells no one again.
    await must(t.api('PATCH', `/comments/${c.id}`, { token: cy, body: { body: 'Thanks @Ana Maria and @Bo, edited.' } }));
    await settled(t);
    expect(await mentionsOf(ana)).toHaveLength(1);
    expect(inbox.events.filter((e) => e.name === 'notification')).toHaveLength(1);

    // A reply to Ana that names her too is one notification: the reply.
    const anaComment = (await must(t.api('GET', `/articles/${enc(art)}/comments?sort=oldest`))).items[0];
    await postComment(t, bo, art, 'Right, @Ana Maria?', { parentId: anaComment.id });
    await settled(t);
    const kinds = (await must(t.api('GET', '/notifications', { token: ana }))).items.map((n: any) => n.kind);
    expect(kinds.sort()).toEqual(['mention', 'reply']);
  });

  it('nothing for a held comment until it is approved, then once; nothing for a rejected one', async () => {
    const art = article('held-mention');
    const eve = person('eve', 'Eve');
    const fin = person('fin', 'Fin');
    await postComment(t, eve, art, text('eve was here'));
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { premoderation: true } }));

    const held = await postComment(t, fin, art, 'Hello @Eve');
    const refused = await postComment(t, fin, art, 'Also hello @Eve');
    expect([held.status, refused.status]).toEqual(['pending', 'pending']);
    await settled(t);
    expect(await mentionsOf(eve)).toHaveLength(0);

    await must(t.api('POST', `/moderation/comments/${refused.id}/reject`, { token: who.mod, body: { reason: 'no' } }));
    await must(t.api('POST', `/moderation/comments/${held.id}/approve`, { token: who.mod }));
    await settled(t);
    expect((await mentionsOf(eve)).map((n: any) => n.commentId)).toEqual([held.id]);

    // Rejected and approved again: still the one notification.
    await must(t.api('POST', `/moderation/comments/${held.id}/reject`, { token: who.mod, body: {} }));
    await must(t.api('POST', `/moderation/comments/${held.id}/approve`, { token: who.mod }));
    await settled(t);
    expect(await mentionsOf(eve)).toHaveLength(1);
  });

  it('a reader who muted someone hears nothing of their replies or mentions; others still reach them', async () => {
    const art = article('muted');
    const gil = person('gil', 'Gil');
    const hal = person('hal', 'Hal');
    const ida = person('ida', 'Ida');
    const own = await postComment(t, gil, art, text('gil was here'));
    await postComment(t, hal, art, text('hal was here'));
    const muted = await t.api('POST', '/me/mutes', { token: gil, body: { userId: 'hal' } });
    expect([200, 201]).toContain(muted.status);

    await postComment(t, hal, art, 'Wrong, @Gil', { parentId: own.id });
    await postComment(t, hal, art, 'And again @Gil');
    await postComment(t, ida, art, 'Welcome @Gil');
    await settled(t);
    const items = (await must(t.api('GET', '/notifications', { token: gil }))).items;
    expect(items.map((n: any) => [n.kind, n.actorName])).toEqual([['mention', 'Ida']]);
  });
});
