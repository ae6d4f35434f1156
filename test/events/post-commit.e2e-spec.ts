import { LiveBus } from '../../src/events/live-bus';
import { startApp, TestApp } from '../support/app';

/** What runs after a commit cannot turn the committed write into an error for the writer. */
describe('post-commit listeners', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('a listener that throws is logged; the post is answered 201 and the others still hear the event', async () => {
    const bus = t.app.get(LiveBus);
    const heard: string[] = [];
    const offBroken = bus.subscribe(() => {
      throw new Error('listener broke');
    });
    const offAfter = bus.subscribe((e) => heard.push(e.type));
    try {
      const res = await t.api('POST', '/articles/post-commit-1/comments', { token: t.token('pc-writer'), body: { body: 'Still answered' } });
      expect(res.status).toBe(201);
      expect((await t.api('GET', `/comments/${res.body.id}`)).status).toBe(200);
      expect(heard).toContain('comment.created');
    } finally {
      offBroken();
      offAfter();
    }
  });
});
