import { startApp, TestApp } from '../support/app';
import { article, join, mustJoin, post, SocketPool } from './live-helpers';

/** What readers send is validated: bad messages get an error ack and the socket keeps working. */
describe('live: reader input and handshake', () => {
  let t: TestApp;
  const pool = new SocketPool();

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
  });

  const emit = (socket: any, event: string, ...args: unknown[]) => socket.emitWithAck(event, ...args);

  it.each([
    ['missing articleId', [{}], 'INVALID_ARTICLE_ID'],
    ['articleId not a string', [{ articleId: 42 }], 'INVALID_ARTICLE_ID'],
    ['articleId empty', [{ articleId: '' }], 'INVALID_ARTICLE_ID'],
    ['articleId with a space', [{ articleId: 'has space' }], 'INVALID_ARTICLE_ID'],
    ['articleId with a quote', [{ articleId: "x'; drop" }], 'INVALID_ARTICLE_ID'],
    ['articleId of 201 characters', [{ articleId: 'a'.repeat(201) }], 'INVALID_ARTICLE_ID'],
    ['a string instead of an object', ['some-article'], 'INVALID_MESSAGE'],
    ['a number', [7], 'INVALID_MESSAGE'],
    ['null', [null], 'INVALID_MESSAGE'],
    ['an array', [[{ articleId: 'a' }]], 'INVALID_MESSAGE'],
    ['two arguments', [{ articleId: 'a' }, 'extra'], 'INVALID_MESSAGE'],
    ['no argument', [], 'INVALID_MESSAGE'],
    ['an unknown field', [{ articleId: 'a', room: 'user:someone' }], 'INVALID_MESSAGE'],
    ['since not digits', [{ articleId: 'a', since: 'abc' }], 'INVALID_CURSOR'],
    ['since negative', [{ articleId: 'a', since: -1 }], 'INVALID_CURSOR'],
    ['since fractional', [{ articleId: 'a', since: 1.5 }], 'INVALID_CURSOR'],
    ['since an object', [{ articleId: 'a', since: { $gt: 0 } }], 'INVALID_CURSOR'],
    ['since empty', [{ articleId: 'a', since: '' }], 'INVALID_CURSOR'],
    ['since of 20 digits', [{ articleId: 'a', since: '9'.repeat(20) }], 'INVALID_CURSOR'],
  ])('join with %s gets an error ack and the socket keeps working', async (_label, args, code) => {
    const { socket, inbox } = await pool.connect(t.url);
    const ack = await emit(socket, 'join', ...args);
    expect(ack).toEqual({ ok: false, error: { code, message: expect.any(String) } });
    expect(socket.connected).toBe(true);

    // The same socket then joins properly and gets events.
    const a = article('after-bad');
    expect(await join(socket, a)).toEqual({ ok: true, cursor: '0' });
    const c = await post(t, a);
    await inbox.waitFor('comment.created', (e) => e.comment.id === c.id);
    // The bad join joined nothing (e.g. an unknown field cannot smuggle in another room).
    expect(inbox.events.map((e) => e.name)).toEqual(['comment.created', 'article.count']);
  });

  it.each([
    ['a non-object', ['x'], 'INVALID_MESSAGE'],
    ['a bad articleId', [{ articleId: 'bad id' }], 'INVALID_ARTICLE_ID'],
    ['no articleId', [{}], 'INVALID_ARTICLE_ID'],
  ])('leave with %s gets an error ack', async (_label, args, code) => {
    const { socket } = await pool.connect(t.url);
    expect(await emit(socket, 'leave', ...args)).toEqual({ ok: false, error: { code, message: expect.any(String) } });
    expect(await join(socket, article())).toEqual({ ok: true, cursor: '0' });
  });

  it('a join without an ack callback or an unknown event does not break the socket', async () => {
    const { socket, inbox } = await pool.connect(t.url);
    socket.emit('join', { nonsense: true });
    socket.emit('subscribe', { articleId: 'x' });
    socket.emit('join', 'x'.repeat(1000));
    const a = article();
    await mustJoin(socket, a);
    const c = await post(t, a);
    await inbox.waitFor('comment.created', (e) => e.comment.id === c.id);
    expect(inbox.events.filter((e) => e.name === 'exception')).toEqual([]);
  });

  it('a socket may follow at most 20 articles: the 21st join gets TOO_MANY_JOINS', async () => {
    const { socket, inbox } = await pool.connect(t.url);
    const ids = Array.from({ length: 21 }, (_, i) => article(`many${i}`));
    for (const id of ids.slice(0, 20)) expect(await join(socket, id)).toEqual({ ok: true, cursor: '0' });
    expect(await join(socket, ids[20])).toEqual({ ok: false, error: { code: 'TOO_MANY_JOINS', message: expect.any(String) } });
    // Joining one it already follows is not a new join.
    expect(await join(socket, ids[3])).toEqual({ ok: true, cursor: '0' });

    // The refused join really did not subscribe: a comment there is not received.
    const unseen = await post(t, ids[20]);
    const seen = await post(t, ids[0]);
    await inbox.waitFor('comment.created', (e) => e.comment.id === seen.id);
    expect(JSON.stringify(inbox.events)).not.toContain(unseen.id);

    // Leaving one frees a slot.
    expect(await socket.emitWithAck('leave', { articleId: ids[0] })).toMatchObject({ ok: true });
    expect(await join(socket, ids[20])).toMatchObject({ ok: true });
    const now = await post(t, ids[20]);
    await inbox.waitFor('comment.created', (e) => e.comment.id === now.id);
    // The limit is per socket: another socket can still join.
    const { socket: s2 } = await pool.connect(t.url);
    expect(await join(s2, article('fresh'))).toMatchObject({ ok: true });
  });

  it('25 joins sent at once: exactly 20 succeed', async () => {
    const { socket } = await pool.connect(t.url);
    const acks = await Promise.all(Array.from({ length: 25 }, (_, i) => join(socket, article(`burst${i}`))));
    expect(acks.filter((x) => x.ok)).toHaveLength(20);
    expect(acks.filter((x) => !x.ok).map((x) => (x as any).error.code)).toEqual(Array(5).fill('TOO_MANY_JOINS'));
  });

  it.each([
    ['garbage', () => 'not-a-jwt', 'TOKEN_INVALID'],
    ['a wrong signature', () => t.token('mallory').replace(/.{4}$/, 'AAAA'), 'TOKEN_INVALID'],
    ['an expired token', () => t.token('late', { expiresIn: -60 }), 'TOKEN_EXPIRED'],
    ['no sub claim', () => t.token({ sub: '', name: 'Nobody' }), 'TOKEN_INVALID'],
    ['an unknown role', () => t.token({ sub: 'x', name: 'X', role: 'root' }), 'TOKEN_INVALID'],
  ])('a reader handshake with %s is refused with connect_error data.code', async (_label, token, code) => {
    const err = await pool.refused(t.url, { token: token() });
    expect(err.data).toEqual({ code, message: expect.any(String) });
  });

  it('anonymous readers and readers with a valid token connect', async () => {
    const { socket: anon } = await pool.connect(t.url);
    const { socket: named } = await pool.connect(t.url, { token: t.token('valid-reader') });
    expect(anon.connected && named.connected).toBe(true);
    expect(await join(named, article())).toMatchObject({ ok: true });
  });
});
