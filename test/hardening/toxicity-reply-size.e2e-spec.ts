/**
 * The toxicity scorer is another service on the network: whatever it sends, Parley reads at most
 * a small reply. A reply past the cap is "unavailable" (the comment is held with
 * toxicity:unavailable) and costs no more memory than the cap.
 */
import { startApp, TestApp } from '../support/app';
import { FakePerspective } from '../support/fake-perspective';
import { must, patchSettings, text } from '../support/factories';

const REPLY_MB = 100;

/** Runs `fn` while sampling the process's resident memory; reports the peak growth in MB. */
async function peakRssGrowth<T>(fn: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  global.gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growthMb: (peak - base) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

describe('toxicity replies are read up to a cap', () => {
  let scorer: FakePerspective;
  let t: TestApp;
  let reader: string;

  beforeAll(async () => {
    scorer = await new FakePerspective().start();
    // A timeout long enough that only the size cap can stop a reply this big.
    t = await startApp({ TOXICITY_URL: scorer.url, TOXICITY_TIMEOUT_MS: '30000' });
    await patchSettings(t, t.token({ sub: 'tx-admin', name: 'Admin', role: 'admin' }), { rateLimits: { commentsPerMinute: 1000 } });
    reader = t.token('tx-reader');
    // Warm the path (and the scorer) with an ordinary reply.
    await must(t.api('POST', '/articles/tx-a/comments', { token: reader, body: { body: text('warm') } }), 201);
  });
  afterAll(async () => {
    await t?.close();
    await scorer?.stop();
  });

  it(`a ${REPLY_MB} MB reply: the comment is held with toxicity:unavailable, memory stays bounded`, async () => {
    const body = `a comment whose score comes in a huge reply [[huge:${REPLY_MB}]] ${text()}`;
    const { result: res, growthMb } = await peakRssGrowth(() => t.api('POST', '/articles/tx-a/comments', { token: reader, body: { body } }));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('pending');
    const [row] = await t.ds.query(`SELECT status, reasons FROM comments WHERE id = $1`, [res.body.id]);
    expect(row).toEqual({ status: 'pending', reasons: ['toxicity:unavailable'] });
    expect(scorer.received(body)).toHaveLength(1);
    // Reading the whole reply took several times its size; the cap leaves noise.
    expect(Math.round(growthMb)).toBeLessThan(60);
  });

  it('an ordinary reply is still read and scored', async () => {
    const body = `an ordinary comment [[tox:0.93]] ${text()}`;
    const res = await must(t.api('POST', '/articles/tx-a/comments', { token: reader, body: { body } }), 201);
    expect(res.status).toBe('pending');
    const [row] = await t.ds.query(`SELECT reasons FROM comments WHERE id = $1`, [res.id]);
    expect(row.reasons).toEqual(['toxicity:0.93']);
  });
});
