import type { TestApp } from '../support/app';
import { type Actors, article, enc, must, patchSettings, postComment, text } from '../support/factories';
import { type MailApp, startMailApp } from './mail-app';
import { eventually, settled, SmtpSink } from './notify-helpers';

/**
 * The language of notification emails, end to end through a real SMTP server process: the reader
 * token's `locale` claim when we write that language, else the site's `locale` setting, else English;
 * the unsubscribe page speaks the same language.
 */
describe('notification emails in the reader’s language', () => {
  let mail: MailApp;
  let sink: SmtpSink;
  let t: TestApp;
  let who: Actors;

  beforeAll(async () => ({ sink, t, who } = mail = await startMailApp()));
  afterAll(() => mail?.close());

  const reader = (sub: string, locale?: string) => t.token({ sub, name: `Reader ${sub}`, email: `${sub}@news.test`, ...(locale ? { locale } : {}) });

  /** The parent's author opts in, someone replies, and the one email to them is answered. */
  async function replyMail(sub: string, locale?: string) {
    const author = reader(sub, locale);
    await must(t.api('PUT', '/notifications/preferences', { token: author, body: { email: 'immediate' } }));
    const art = article('lang');
    await must(t.api('PATCH', `/articles/${enc(art)}`, { token: who.mod, body: { title: 'Die Brücke', url: 'https://news.test/bruecke' } }));
    const parent = await postComment(t, author, art, text('parent'));
    await postComment(t, t.token({ sub: `${sub}-replier`, name: 'Hana' }), art, 'Eine Antwort', { parentId: parent.id });
    await eventually(async () => (await sink.to(`${sub}@news.test`)).length === 1, 20_000, 'the email');
    await settled(t);
    const mails = await sink.to(`${sub}@news.test`);
    expect(mails).toHaveLength(1);
    return mails[0];
  }

  it('English by default; the site’s locale setting for a token without a claim (or with one we do not write); the claim wins', async () => {
    expect((await replyMail('en1')).subject).toBe('Hana replied to your comment');

    expect((await t.api('PATCH', '/settings', { token: who.admin, body: { locale: 'xx' } })).status).toBe(400);
    expect((await must(t.api('GET', '/settings', { token: who.admin }))).locale).toBe('en');
    expect((await patchSettings(t, who.admin, { locale: 'de' })).locale).toBe('de');

    const de = await replyMail('de1');
    expect(de.subject).toBe('Hana hat auf Ihren Kommentar geantwortet');
    expect(de.text).toContain('Hallo Reader de1,');
    expect(de.text).toContain('Hana hat auf Ihren Kommentar zu “Die Brücke” geantwortet:');
    expect(de.text).toContain('Diese E-Mails abbestellen: http');
    expect((await replyMail('it1', 'it')).subject).toBe('Hana hat auf Ihren Kommentar geantwortet');

    const fr = await replyMail('fr1', 'fr-CA');
    expect(fr.subject).toBe('Hana a répondu à votre commentaire');
    expect(fr.text).toContain('Bonjour Reader fr1,');
    expect((await replyMail('es1', 'es')).subject).toBe('Hana respondió a tu comentario');

    // The unsubscribe page the French email links to speaks French.
    const link = /^List-Unsubscribe: <([^>]+)>$/m.exec(fr.raw)![1].replace(/^https?:\/\/[^/]+/, t.url);
    const page = await fetch(link);
    const html = await page.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Ne plus recevoir d’e-mails de Default site ?');
    const done = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(await done.text()).toContain('Vous ne recevrez plus d’e-mails de Default site sur vos commentaires.');
    await patchSettings(t, who.admin, { locale: 'en' });
  });
});
