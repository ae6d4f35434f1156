import { io, type Socket } from 'socket.io-client';
import { LIVE_PATH, MODERATION_NAMESPACE } from '../../src/live/live-events';
import { Inbox } from '../live/live-helpers';
import type { TestApp } from '../support/app';
import { article, text } from '../support/factories';
import { Actors, logFor, must, post, startModerationApp } from './helpers';

/** POST /moderation/users/{id}/undo: a sanction taken back by its moderator, logged as `user.undo`, and told live to every moderator of the site. */
describe('sanction undo', () => {
  let t: TestApp;
  let a: Actors;
  let socket: Socket;
  let inbox: Inbox;

  beforeAll(async () => {
    ({ t, a } = await startModerationApp());
    // The second moderator's desk: a moderation socket of the site.
    socket = io(`${t.url}${MODERATION_NAMESPACE}`, { path: LIVE_PATH, transports: ['websocket'], reconnection: false, auth: { token: a.mod2 } });
    inbox = new Inbox(socket, 'mod2');
    await new Promise<void>((resolve, reject) => (socket.on('connect', () => resolve()), socket.on('connect_error', reject)));
  });
  afterAll(async () => {
    socket?.disconnect();
    await t.close();
  });

  const standing = async (id: string) =>
    (await t.ds.query(`SELECT status, suspended_until, sanction_reason, premod FROM users WHERE site_id = 'default' AND id = $1`, [id]))[0];
  const sanction = (token: string, id: string, action: string, body: object = {}) => must(t.api('POST', `/moderation/users/${id}/${action}`, { token, body }));
  const undo = (token: string, id: string) => t.api('POST', `/moderation/users/${id}/undo`, { token });
  const later = () => new Date(Date.now() + 3 * 86_400_000).toISOString();

  it('a suspension undone: the user stands as before, the log has user.undo, and the other moderator hears both changes live', async () => {
    const id = 'u-undo-sus';
    await post(t, a.reader(id, 'Sam'), article(), text());
    const before = await standing(id);
    const mark = inbox.mark();
    await sanction(a.mod, id, 'suspend', { until: later(), reason: 'cool off' });
    await inbox.waitFor('user.sanctioned', (e) => e.user.id === id && e.user.status === 'suspended');
    expect((await standing(id)).status).toBe('suspended');

    const res = await undo(a.mod, id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ undone: 'user.suspend', user: { id, status: 'active', suspendedUntil: null, sanctionReason: null, premod: false } });
    expect(await standing(id)).toEqual(before);
    await inbox.waitFor('user.sanctioned', (e) => e.user.id === id && e.user.status === 'active');
    expect(
      inbox
        .since(mark)
        .filter((e) => e.name === 'user.sanctioned')
        .map((e) => e.data.user.status),
    ).toEqual(['suspended', 'active']);
    const log = await logFor(t, a.mod, `userId=${id}`);
    expect(log.filter((l) => l.action.startsWith('user.')).map((l) => [l.action, l.fromStatus, l.toStatus, l.reason])).toEqual([
      ['user.undo', 'suspended', 'active', 'user.suspend undone'],
      ['user.suspend', 'active', 'suspended', 'cool off'],
    ]);
    // Nothing left to undo: an undo is not undone.
    expect((await undo(a.mod, id)).body.code).toBe('NOTHING_TO_UNDO');
  });

  it('premod and unpremod undone; a suspension lifted by unban comes back with its end and reason when the unban is undone', async () => {
    const id = 'u-undo-pre';
    await post(t, a.reader(id, 'Pat'), article(), text());
    await sanction(a.mod, id, 'premod');
    expect((await must(undo(a.mod, id))).user.premod).toBe(false);
    expect((await standing(id)).premod).toBe(false);

    await sanction(a.mod, id, 'premod');
    await sanction(a.mod, id, 'unpremod');
    expect((await must(undo(a.mod, id))).user.premod).toBe(true);
    expect((await standing(id)).premod).toBe(true);

    const until = later();
    await sanction(a.mod, id, 'suspend', { until, reason: 'heated' });
    const suspended = await standing(id);
    await sanction(a.mod, id, 'unban');
    expect((await standing(id)).status).toBe('active');
    expect(await must(undo(a.mod, id))).toMatchObject({
      undone: 'user.unban',
      user: { status: 'suspended', suspendedUntil: until, sanctionReason: 'heated', premod: true },
    });
    expect(await standing(id)).toEqual(suspended);
  });

  it("only the sanction's moderator, only while it is the latest and nothing changed since, only within 10 minutes; nothing changes otherwise", async () => {
    const id = 'u-undo-refused';
    await post(t, a.reader(id, 'Ren'), article(), text());
    expect((await undo(a.mod, id)).body.code).toBe('NOTHING_TO_UNDO');
    expect((await undo(a.mod, 'u-nobody-here')).status).toBe(404);

    await sanction(a.mod, id, 'ban', { reason: 'spam' });
    const banned = await standing(id);
    const theirs = await undo(a.mod2, id);
    expect([theirs.status, theirs.body.code]).toEqual([409, 'UNDO_NOT_YOURS']);
    expect(await standing(id)).toEqual(banned);

    // Changed since by hand (a database fix, an import): stale.
    await t.ds.query(`UPDATE users SET status = 'active' WHERE site_id = 'default' AND id = $1`, [id]);
    expect((await undo(a.mod, id)).body.code).toBe('UNDO_STALE');
    await t.ds.query(`UPDATE users SET status = 'banned' WHERE site_id = 'default' AND id = $1`, [id]);

    await t.ds.query(`UPDATE moderation_log SET created_at = now() - interval '11 minutes' WHERE user_id = $1 AND action = 'user.ban'`, [id]);
    const old = await undo(a.mod, id);
    expect([old.status, old.body.code]).toEqual([409, 'UNDO_EXPIRED']);
    expect(await standing(id)).toEqual(banned);
    expect((await logFor(t, a.mod, `userId=${id}`)).map((l) => l.action)).toEqual(['user.ban']);

    // A ban's undo lifts it (the comments it rejected are undone one by one, POST /moderation/bulk).
    await sanction(a.mod, id, 'unban');
    await sanction(a.mod, id, 'ban', { reason: 'again' });
    expect((await must(undo(a.mod, id))).user.status).toBe('active');
  });
});
