import type { Socket } from 'socket.io-client';
import { startApp, TestApp } from '../support/app';
import { article, enc, must, mustJoin, post, SocketPool } from './live-helpers';

/** How long past the token's exp the socket may still be connected: generous, the timer fires at exp. */
const SLACK_MS = 5000;

const disconnected = (socket: Socket, ms: number) =>
  new Promise<string>((resolve) => {
    const timer = setTimeout(() => resolve('still connected'), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });

/** A moderator's socket lasts as long as its token; readers' sockets are not cut at exp. */
describe('live: moderator sockets end when their token expires', () => {
  let t: TestApp;
  const pool = new SocketPool();
  let mod: string;

  beforeAll(async () => {
    t = await startApp();
    mod = t.token({ sub: 'mod-long', name: 'Mo', role: 'moderator' });
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
  });

  it('at exp the moderator socket gets error TOKEN_EXPIRED and is disconnected; held comments after that reach only the others', async () => {
    const held = article('expiry-held');
    await must(t.api('PATCH', `/articles/${enc(held)}`, { token: mod, body: { premoderation: true } }));
    const open = article('expiry-open');

    // Tokens with `exp` a second or two from now (exp is in whole seconds).
    const shortMod = t.token({ sub: 'mod-short', name: 'Shortly', role: 'moderator' }, { expiresIn: 2 });
    const shortReader = t.token({ sub: 'reader-short', name: 'Rae' }, { expiresIn: 2 });
    const exp = (JSON.parse(Buffer.from(shortMod.split('.')[1], 'base64url').toString()) as { exp: number }).exp * 1000;

    const { socket: expiring, inbox: expiringInbox } = await pool.connect(t.url, { namespace: '/moderation', token: shortMod, label: 'expiring mod' });
    const { inbox: control } = await pool.connect(t.url, { namespace: '/moderation', token: mod, label: 'control mod' });
    const { socket: reader, inbox: readerInbox } = await pool.connect(t.url, { token: shortReader, label: 'reader with an expiring token' });
    await mustJoin(reader, open);
    const gone = disconnected(expiring, exp - Date.now() + SLACK_MS);

    // Before exp: the expiring socket hears about a held comment like anyone.
    const before = await post(t, held);
    expect(before.status).toBe('pending');
    await expiringInbox.waitFor('queue.added', (e) => e.item.id === before.id);

    expect(await gone).toBe('io server disconnect');
    expect(Date.now()).toBeGreaterThanOrEqual(exp - 1000);
    expect(expiringInbox.of('error')).toEqual([{ code: 'TOKEN_EXPIRED', message: expect.any(String) }]);

    // After: a held comment reaches the moderator whose token is valid, not the expired one.
    const after = await post(t, held);
    await control.waitFor('queue.added', (e) => e.item.id === after.id);
    expect(expiringInbox.of('queue.added').map((e) => e.item.id)).toEqual([before.id]);

    // The reader whose token expired too is still connected and following.
    expect(reader.connected).toBe(true);
    const c = await post(t, open);
    await readerInbox.waitFor('comment.created', (e) => e.comment.id === c.id);

    // And a new connection with the expired token is refused, as before.
    const refused = await pool.refused(t.url, { namespace: '/moderation', token: shortMod });
    expect(refused.data).toEqual({ code: 'TOKEN_EXPIRED', message: expect.any(String) });
  });
});
