import { startApp, TestApp } from '../support/app';
import { closedPort, FakePerspective } from '../support/fake-perspective';
import { Actors, commentRowCount, must, patchSettings, startModerationApp, text } from './helpers';

/**
 * The toxicity check against a real local HTTP server speaking Perspective's comments:analyze.
 * Whatever the scorer does, a comment is never lost and never answered with a 5xx: when there is
 * no usable score it is held with toxicity:unavailable.
 */
describe('toxicity scorer', () => {
  const TIMEOUT_MS = 300;
  let scorer: FakePerspective;
  let t: TestApp;
  let a: Actors;

  beforeAll(async () => {
    scorer = await new FakePerspective().start();
    ({ t, a } = await startModerationApp({ TOXICITY_URL: scorer.url, TOXICITY_API_KEY: 'k', TOXICITY_TIMEOUT_MS: String(TIMEOUT_MS) }));
  });
  afterAll(async () => {
    await t?.close();
    await scorer?.stop();
  });

  /** Posts, insists on 201, and checks the row and the queue agree with the answer. */
  async function postAndCheck(body: string, expected: { status: string; reasons: string[] }) {
    const articleId = 'tox-article';
    const before = await commentRowCount(t, 'article_id = $1', [articleId]);
    const res = await t.api('POST', `/articles/${articleId}/comments`, { token: a.reader('tox-writer'), body: { body } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe(expected.status);
    expect(await commentRowCount(t, 'article_id = $1', [articleId])).toBe(before + 1);
    const [row] = await t.ds.query(`SELECT body, status, reasons FROM comments WHERE id = $1`, [res.body.id]);
    expect(row).toEqual({ body, status: expected.status, reasons: expected.reasons });
    if (expected.status === 'pending') {
      const queue = await must(t.api('GET', `/moderation/queues/pending?articleId=${articleId}&limit=100`, { token: a.mod }));
      const item = queue.items.find((i: any) => i.id === res.body.id);
      expect(item?.reasons).toEqual(expected.reasons);
    }
    return res.body;
  }

  it('sends the comment text, TOXICITY and the key to the analyze endpoint', async () => {
    const body = `A perfectly civil remark ${text()}`;
    await postAndCheck(body, { status: 'approved', reasons: [] });
    const [req] = scorer.received(body);
    expect(req).toBeDefined();
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1alpha1/comments:analyze');
    expect(req.query.get('key')).toBe('k');
    expect(req.contentType).toMatch(/^application\/json/);
    expect(req.json.comment).toEqual({ text: body });
    expect(req.json.requestedAttributes).toEqual({ TOXICITY: {} });
  });

  it('a score above the threshold (default 0.8) holds the comment with toxicity:0.91', async () => {
    const body = `You are all idiots [[tox:0.91]] ${text()}`;
    await postAndCheck(body, { status: 'pending', reasons: ['toxicity:0.91'] });
    expect(scorer.received(body)).toHaveLength(1);
  });

  it('a score below the threshold publishes the comment', async () => {
    const body = `Mildly grumpy [[tox:0.42]] ${text()}`;
    await postAndCheck(body, { status: 'approved', reasons: [] });
    expect(scorer.received(body)).toHaveLength(1);
  });

  it('a score exactly at the threshold is not above it', async () => {
    await postAndCheck(`Borderline [[tox:0.8]] ${text()}`, { status: 'approved', reasons: [] });
  });

  it('the threshold is a setting in force at once', async () => {
    await patchSettings(t, a.admin, { toxicityThreshold: 0.95 });
    try {
      await postAndCheck(`Rude but tolerated [[tox:0.91]] ${text()}`, { status: 'approved', reasons: [] });
      await patchSettings(t, a.admin, { toxicityThreshold: 0.3 });
      await postAndCheck(`Grumpy [[tox:0.42]] ${text()}`, { status: 'pending', reasons: ['toxicity:0.42'] });
    } finally {
      await patchSettings(t, a.admin, { toxicityThreshold: 0.8 });
    }
  });

  it('a scorer slower than TOXICITY_TIMEOUT_MS is unavailable: held, answered in time, not lost', async () => {
    const body = `Slow day [[slow:2000]] ${text()}`;
    const started = Date.now();
    await postAndCheck(body, { status: 'pending', reasons: ['toxicity:unavailable'] });
    expect(Date.now() - started).toBeLessThan(1800);
    expect(scorer.received(body)).toHaveLength(1);
  });

  it.each([
    ['a reply that is not JSON', 'nonjson'],
    ['a 500 answer', '500'],
    ['JSON without a TOXICITY score', 'noscore'],
    ['a score outside 0..1', 'range'],
  ])('%s is unavailable: held with toxicity:unavailable', async (_label, kind) => {
    const body = `Odd reply [[garbage:${kind}]] ${text()}`;
    await postAndCheck(body, { status: 'pending', reasons: ['toxicity:unavailable'] });
    expect(scorer.received(body)).toHaveLength(1);
  });

  it('toxicity adds to the other reasons (suspect word + toxicity)', async () => {
    await patchSettings(t, a.admin, { suspectWords: ['traitor'] });
    try {
      await postAndCheck(`traitor [[tox:0.97]] ${text()}`, { status: 'pending', reasons: ['suspect_word:traitor', 'toxicity:0.97'] });
    } finally {
      await patchSettings(t, a.admin, { suspectWords: [] });
    }
  });

  it('an edit is scored again', async () => {
    const c = await postAndCheck(`Fine at first ${text()}`, { status: 'approved', reasons: [] });
    const edited = `Now nasty [[tox:0.93]] ${text()}`;
    const res = await t.api('PATCH', `/comments/${c.id}`, { token: a.reader('tox-writer'), body: { body: edited } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('pending');
    expect(scorer.received(edited)).toHaveLength(1);
    const [row] = await t.ds.query(`SELECT reasons FROM comments WHERE id = $1`, [c.id]);
    expect(row.reasons).toEqual(['toxicity:0.93']);
  });

  it('every request the scorer saw was a well-formed analyze call with the key', () => {
    expect(scorer.requests.length).toBeGreaterThan(10);
    for (const r of scorer.requests) {
      expect({ path: r.path, key: r.query.get('key'), text: typeof r.json?.comment?.text, attrs: r.json?.requestedAttributes }).toEqual({
        path: '/v1alpha1/comments:analyze',
        key: 'k',
        text: 'string',
        attrs: { TOXICITY: {} },
      });
    }
  });

  describe('scorer down (nothing listens on the port)', () => {
    let down: TestApp;
    beforeAll(async () => {
      const port = await closedPort();
      down = await startApp({
        TOXICITY_URL: `http://127.0.0.1:${port}/v1alpha1/comments:analyze`,
        TOXICITY_API_KEY: 'k',
        TOXICITY_TIMEOUT_MS: String(TIMEOUT_MS),
      });
    });
    afterAll(() => down?.close());

    it('holds every comment with toxicity:unavailable, never a 5xx, never a lost comment', async () => {
      const tok = down.token({ sub: 'tox-down-writer' });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const body = `Scorer is down ${text()}`;
        const res = await down.api('POST', '/articles/tox-down/comments', { token: tok, body: { body } });
        expect(res.status).toBe(201);
        expect(res.body.status).toBe('pending');
        ids.push(res.body.id);
      }
      const rows = await down.ds.query(`SELECT id, status, reasons FROM comments WHERE article_id = 'tox-down' ORDER BY id`);
      expect(rows).toEqual(ids.map((id) => ({ id, status: 'pending', reasons: ['toxicity:unavailable'] })));
      const counts = await must(down.api('GET', '/moderation/counts?articleId=tox-down', { token: down.token({ sub: 'm', role: 'moderator' }) }));
      expect(counts.pending).toBe(3);
    });
  });
});
