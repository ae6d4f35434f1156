/**
 * Live updates per site: a reader socket connects to a site (auth.site) and its article rooms are
 * that site's, so the same article id on two sites is two rooms and two replays; moderators' sockets
 * get their site's queue events only; a user's own events stay on the site they happened on.
 *
 * Absence is proven by order, never by a clock: each socket's events arrive in the order they were
 * sent, so once a later event of its own site has arrived, an earlier leak would have too.
 */
import { startApp, TestApp } from '../support/app';
import { article, enc, must, NO_FLOOD_LIMIT, text } from '../support/factories';
import type { Browser } from '../staff/staff-helpers';
import { cursorEvents, mustJoin, type Inbox } from '../live/live-helpers';
import { COUNTED_QUEUES as COUNTED } from '../../src/common/queues';
import { createSite, signedInOwner, signedInStaff, SiteSockets, TestSite } from './site-helpers';

describe('live updates stay on their site', () => {
  let t: TestApp;
  let owner: Browser;
  let sockets: SiteSockets;
  let n = 0;

  beforeAll(async () => {
    t = await startApp();
    owner = await signedInOwner(t);
    sockets = new SiteSockets(t);
  });
  afterAll(async () => {
    sockets.closeAll();
    await t.close();
  });

  async function pair(): Promise<[TestSite, TestSite]> {
    n += 1;
    const a = await createSite(t, owner, `live-a-${n}`);
    const b = await createSite(t, owner, `live-b-${n}`);
    for (const s of [a, b]) await must(s.api('PATCH', '/settings', { token: s.admin(), body: NO_FLOOD_LIMIT }));
    return [a, b];
  }

  const post = async (site: TestSite, articleId: string, sub = `u-${Math.random().toString(36).slice(2, 8)}`) =>
    must(site.api('POST', `/articles/${enc(articleId)}/comments`, { token: site.reader(sub), body: { body: text() } }), 201);

  const createdIds = (inbox: Inbox, from = 0) =>
    inbox
      .since(from)
      .filter((e) => e.name === 'comment.created')
      .map((e) => e.data.comment.id as string);

  it('a reader on B joined to article X gets B’s events for X and none of A’s (nor the default site’s)', async () => {
    const [a, b] = await pair();
    const x = article('room');
    const ra = await sockets.connect({ site: a.id, label: 'reader on A' });
    const rb = await sockets.connect({ site: b.id, label: 'reader on B' });
    const rd = await sockets.connect({ label: 'reader on default' });
    for (const r of [ra, rb, rd]) await mustJoin(r.socket, x);

    const onA = await post(a, x);
    await ra.inbox.waitFor('comment.created', (e) => e.comment.id === onA.id);
    const onDefault = await must(t.api('POST', `/articles/${enc(x)}/comments`, { token: t.token('d-reader'), body: { body: text() } }), 201);
    await rd.inbox.waitFor('comment.created', (e) => e.comment.id === onDefault.id);
    // Then one on B: by the time B's reader has it, anything sent to it before has arrived.
    const onB = await post(b, x);
    const got = await rb.inbox.waitFor('comment.created', (e) => e.comment.id === onB.id);
    expect(got.comment.articleId).toBe(x);
    expect(createdIds(rb.inbox)).toEqual([onB.id]);
    expect(rb.inbox.events.some((e) => JSON.stringify(e.data).includes(onA.id) || JSON.stringify(e.data).includes(onDefault.id))).toBe(false);
    // B's count event carries B's count.
    await rb.inbox.waitFor('article.count', (e) => e.articleId === x && e.total === 1);
    expect(rb.inbox.of('article.count').map((e) => e.total)).toEqual([1]);

    // A's moderator retitles A's X: A's reader hears it, B's does not (B's next event proves it).
    await must(a.api('PATCH', `/articles/${enc(x)}`, { token: a.mod(), body: { title: 'Only on A', closed: true } }));
    await ra.inbox.waitFor('article.updated', (e) => e.article.title === 'Only on A');
    const onB2 = await post(b, x);
    await rb.inbox.waitFor('comment.created', (e) => e.comment.id === onB2.id);
    expect(rb.inbox.of('article.updated')).toEqual([]);
    expect(createdIds(ra.inbox)).toEqual([onA.id]);
    expect(createdIds(rd.inbox)).toEqual([onDefault.id]);
  });

  it('a join with `since` on B replays B’s events only, whatever cursor it names', async () => {
    const [a, b] = await pair();
    const x = article('replay');
    const aIds = [(await post(a, x)).id, (await post(a, x)).id];
    const bIds = [(await post(b, x)).id];
    aIds.push((await post(a, x)).id);
    bIds.push((await post(b, x)).id);
    const storedB = await t.ds.query(`SELECT id::text AS cursor, type FROM events WHERE article_id = $1 ORDER BY id`, [`${b.id}|${x}`]);
    const storedA = await t.ds.query(`SELECT id::text AS cursor FROM events WHERE article_id = $1 ORDER BY id`, [`${a.id}|${x}`]);
    expect(storedB.length).toBeGreaterThan(0);

    const rb = await sockets.connect({ site: b.id, label: 'replaying reader on B' });
    await mustJoin(rb.socket, x, '0');
    const replayed = cursorEvents(rb.inbox.events, x);
    expect(replayed).toEqual(storedB.map((e: any) => ({ type: e.type, cursor: e.cursor })));
    expect(createdIds(rb.inbox)).toEqual(bIds);

    // From A's newest cursor (between B's two comments): only B's later events, never A's.
    const rb2 = await sockets.connect({ site: b.id, label: 'second reader on B' });
    const fromA = storedA.at(-1).cursor;
    expect(storedB.map((e: any) => BigInt(e.cursor) > BigInt(fromA))).toEqual(expect.arrayContaining([true, false]));
    await mustJoin(rb2.socket, x, fromA);
    const again = cursorEvents(rb2.inbox.events, x);
    expect(again).toEqual(storedB.filter((e: any) => BigInt(e.cursor) > BigInt(fromA)).map((e: any) => ({ type: e.type, cursor: e.cursor })));
    expect(createdIds(rb2.inbox)).toEqual([bIds[1]]);
    for (const inbox of [rb.inbox, rb2.inbox]) expect(aIds.some((id) => JSON.stringify(inbox.events).includes(id))).toBe(false);

    // And a reader on A from 0 gets A's.
    const ra = await sockets.connect({ site: a.id });
    await mustJoin(ra.socket, x, '0');
    expect(createdIds(ra.inbox)).toEqual(aIds);
  });

  it('moderators’ sockets get their own site’s queue events only; another site’s token or staff cannot open A’s', async () => {
    const [a, b] = await pair();
    for (const s of [a, b]) await must(s.api('PATCH', '/settings', { token: s.admin(), body: { premoderation: 'all' } }));
    const ma = await sockets.moderation({ site: a.id, token: a.mod(), label: 'moderator of A' });
    const mb = await sockets.moderation({ site: b.id, token: b.mod(), label: 'moderator of B' });
    const x = article('queue');

    const heldB = await post(b, x);
    await mb.inbox.waitFor('queue.added', (e) => e.item.id === heldB.id);
    // The totals are read after each commit (and a burst is summed up in one): wait for this one's.
    await mb.inbox.waitFor('queue.counts', (c) => c.pending === 1);
    const heldA = await post(a, x);
    await ma.inbox.waitFor('queue.added', (e) => e.item.id === heldA.id);
    await must(a.api('POST', `/moderation/comments/${heldA.id}/approve`, { token: a.mod() }));
    await ma.inbox.waitFor('queue.removed', (e) => e.id === heldA.id);
    const { version: afterApproval } = await ma.inbox.waitFor('queue.counts', (c) => c.pending === 0 && c.unmoderated === 0);
    const heldB2 = await post(b, x);
    await mb.inbox.waitFor('queue.added', (e) => e.item.id === heldB2.id);
    const heldA2 = await post(a, x);
    await ma.inbox.waitFor('queue.added', (e) => e.item.id === heldA2.id);
    // The totals follow each commit after a short gathering delay: wait for the ones of the last posts.
    await mb.inbox.waitFor('queue.counts', (c) => c.pending === 2);
    await ma.inbox.waitFor('queue.counts', (c) => c.pending === 1 && c.version > afterApproval);

    const itemIds = (inbox: Inbox) =>
      inbox.events.filter((e) => e.name.startsWith('queue.') && e.name !== 'queue.counts').map((e) => e.data.item?.id ?? e.data.id);
    expect(new Set(itemIds(ma.inbox))).toEqual(new Set([heldA.id, heldA2.id]));
    expect(new Set(itemIds(mb.inbox))).toEqual(new Set([heldB.id, heldB2.id]));
    // The counts each socket was sent are its site's: B never had an approval, nor more than 2 pending.
    expect(mb.inbox.of('queue.counts').map((c) => c.pending)).toEqual(expect.arrayContaining([1, 2]));
    expect(mb.inbox.of('queue.counts').every((c) => c.pending <= 2 && c.unmoderated === 0)).toBe(true);
    const aCounts = await must(a.api('GET', '/moderation/counts', { token: a.mod() }));
    await ma.inbox.waitFor('queue.counts', (c) => c.version > afterApproval && COUNTED.every((q) => c[q] === aCounts[q]));
    expect(ma.inbox.of('queue.counts').at(-1)).toEqual({ ...aCounts, version: expect.any(Number) });

    // B's moderator token on A, and a staff session of B's moderator on A: refused.
    expect(await sockets.refused({ namespace: '/moderation', site: a.id, token: b.mod() })).toBe('TOKEN_INVALID');
    expect(await sockets.refused({ namespace: '/moderation', site: a.id, token: t.token({ sub: 'env-mod', role: 'moderator' }) })).toBe('TOKEN_INVALID');
    const { browser } = await signedInStaff(t, { [b.id]: 'moderator' });
    const cookie = { cookie: `parley_session=${browser.cookie}` };
    expect(await sockets.refused({ namespace: '/moderation', site: a.id, headers: cookie })).toBe('WRONG_ROLE');
    const sessionB = await sockets.moderation({ site: b.id, headers: cookie, label: 'staff session on B' });
    const heldB3 = await post(b, x);
    await sessionB.inbox.waitFor('queue.added', (e) => e.item.id === heldB3.id);
    expect(sessionB.inbox.of('queue.added').map((e) => e.item.id)).toEqual([heldB3.id]);
  });

  it('a user’s comment.status reaches their sockets on the site it happened on, not the same user id elsewhere', async () => {
    const [a, b] = await pair();
    for (const s of [a, b]) await must(s.api('PATCH', '/settings', { token: s.admin(), body: { premoderation: 'all' } }));
    const x = article('status');
    const ua = await sockets.connect({ site: a.id, token: a.reader('u-same'), label: 'u-same on A' });
    const ub = await sockets.connect({ site: b.id, token: b.reader('u-same'), label: 'u-same on B' });
    const heldA = await post(a, x, 'u-same');
    const heldB = await post(b, x, 'u-same');
    await must(a.api('POST', `/moderation/comments/${heldA.id}/reject`, { token: a.mod(), body: {} }));
    await ua.inbox.waitFor('comment.status', (e) => e.id === heldA.id && e.status === 'rejected');
    await must(b.api('POST', `/moderation/comments/${heldB.id}/approve`, { token: b.mod() }));
    await ub.inbox.waitFor('comment.status', (e) => e.id === heldB.id && e.status === 'approved');
    expect(ub.inbox.of('comment.status')).toEqual([{ id: heldB.id, articleId: x, status: 'approved' }]);
    // A's socket: B's approval would have come after A's rejection; a later event of A closes the window.
    const heldA2 = await post(a, x, 'u-same');
    await must(a.api('POST', `/moderation/comments/${heldA2.id}/approve`, { token: a.mod() }));
    await ua.inbox.waitFor('comment.status', (e) => e.id === heldA2.id);
    expect(ua.inbox.of('comment.status').map((e) => e.id)).toEqual([heldA.id, heldA2.id]);
    // A token of B with A's site in the handshake is no token of A: refused.
    expect(await sockets.refused({ site: a.id, token: b.reader('u-same') })).toBe('TOKEN_INVALID');
  });
});
