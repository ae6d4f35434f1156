import { io, type Socket } from 'socket.io-client';
import { LIVE_PATH, MODERATION_NAMESPACE } from '../../src/live/live-events';
import { startApp, type TestApp } from '../support/app';
import { makeStaff, Browser } from './staff-helpers';

/** The dashboard's live socket works with a staff session as with a token, and ends with the session. */
describe('moderation socket with a staff session', () => {
  let t: TestApp;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  /** Connects with the session cookie only; resolves connected, or with the refusal's code. */
  function connect(cookie: string | null): Promise<{ socket: Socket; refused?: string }> {
    const socket = io(`${t.url}${MODERATION_NAMESPACE}`, {
      path: LIVE_PATH,
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: cookie ? { cookie: `parley_session=${cookie}` } : {},
    });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (err: Error & { data?: { code: string } }) => resolve({ socket, refused: err.data?.code ?? err.message }));
    });
  }

  it('a moderator signed in by password gets queue events; a reader-only session and no session are refused', async () => {
    const mod = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const browser = new Browser(t);
    await browser.signIn(mod.email, mod.password);
    const { socket, refused } = await connect(browser.cookie);
    expect(refused).toBeUndefined();
    const added = new Promise<{ queue: string; item: { id: string } }>((resolve) => socket.once('queue.added', resolve));
    await t.api('PATCH', '/settings', { token: t.token({ sub: 'sock-admin', role: 'admin' }), body: { premoderation: 'all' } });
    const held = await t.api('POST', '/articles/sock-1/comments', { token: t.token('sock-reader'), body: { body: 'Waiting for a moderator' } });
    expect(held.body.status).toBe('pending');
    expect((await added).item.id).toBe(held.body.id);

    const none = await connect(null);
    expect(none.refused).toBe('AUTH_REQUIRED');
    const staffWithoutRole = await makeStaff(t.ds, { roles: {} });
    const other = new Browser(t);
    await other.signIn(staffWithoutRole.email, staffWithoutRole.password);
    expect((await connect(other.cookie)).refused).toBe('WRONG_ROLE');
  });

  it('after sign-out the same cookie opens no socket', async () => {
    const mod = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const browser = new Browser(t);
    await browser.signIn(mod.email, mod.password);
    const cookie = browser.cookie;
    expect((await connect(cookie)).refused).toBeUndefined();
    expect((await browser.call('DELETE', '/staff/session')).status).toBeLessThan(300);
    expect((await connect(cookie)).refused).toBe('AUTH_REQUIRED');
  });
});
