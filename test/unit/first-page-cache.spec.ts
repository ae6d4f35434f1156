import { FirstPageCache } from '../../src/comments/first-page-cache';
import { LiveBus } from '../../src/events/live-bus';

/** A load the test settles by hand, counting how often the cache asked for it. */
function loads() {
  const pending: ((value: unknown) => void)[] = [];
  const load = () => new Promise<unknown>((resolve) => pending.push(resolve));
  return { load, pending };
}

const text = (p: { body: Buffer }) => p.body.toString('utf8');

describe('FirstPageCache', () => {
  let cache: FirstPageCache;
  beforeEach(() => (cache = new FirstPageCache(new LiveBus())));
  afterEach(() => cache.onModuleDestroy());

  it('serves a filled page from memory and loads again after an invalidation', async () => {
    const { load, pending } = loads();
    const first = cache.page('a1', 'newest', load);
    pending[0]({ n: 1 });
    expect(text(await first)).toBe('{"n":1}');
    expect(text(await cache.page('a1', 'newest', load))).toBe('{"n":1}');
    expect(pending).toHaveLength(1);

    cache.invalidate('a1');
    const again = cache.page('a1', 'newest', load);
    expect(pending).toHaveLength(2);
    pending[1]({ n: 2 });
    expect(text(await again)).toBe('{"n":2}');
  });

  it('does not keep a fill that an invalidation raced', async () => {
    const { load, pending } = loads();
    const raced = cache.page('a1', 'newest', load);
    cache.invalidate('a1');
    pending[0]({ stale: true });
    expect(text(await raced)).toBe('{"stale":true}');
    const next = cache.page('a1', 'newest', load);
    expect(pending).toHaveLength(2);
    pending[1]({ fresh: true });
    expect(text(await next)).toBe('{"fresh":true}');
  });

  it('keeps the newer fill in flight when the fill it replaced settles', async () => {
    const { load, pending } = loads();
    const old = cache.page('a1', 'newest', load);
    cache.invalidate('a1');
    const newer = cache.page('a1', 'newest', load);
    pending[0]({ v: 'old' });
    await old;
    // Asked again while the newer fill runs: joined to it, not a third load.
    const joined = cache.page('a1', 'newest', load);
    expect(pending).toHaveLength(2);
    pending[1]({ v: 'newer' });
    expect(text(await newer)).toBe('{"v":"newer"}');
    expect(text(await joined)).toBe('{"v":"newer"}');
    // And the newer fill, which began after the invalidation, is kept.
    expect(text(await cache.page('a1', 'newest', load))).toBe('{"v":"newer"}');
    expect(pending).toHaveLength(2);
  });

  it('remembers nothing per article once no fill is in flight, however many articles were invalidated', async () => {
    const { load, pending } = loads();
    for (let i = 0; i < 1000; i++) cache.invalidate(`article-${i}`);
    const filling = cache.page('a1', 'newest', load);
    cache.invalidate('a1');
    pending[0]({});
    await filling;
    // Every map the cache keeps is empty: the raced fill was not stored and nothing else is held.
    const maps = Object.entries(cache).filter(([, v]) => v instanceof Map) as [string, Map<unknown, unknown>][];
    expect(maps.map(([name]) => name).sort()).toEqual(['inflight', 'pages']);
    for (const [, map] of maps) expect(map.size).toBe(0);
  });
});
