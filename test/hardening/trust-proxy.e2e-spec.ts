/**
 * The per-IP write limit keys on the client's address. X-Forwarded-For is believed only from the
 * proxies TRUST_PROXY names: by default nobody's, so a client cannot pick a fresh address per request.
 */
import { startApp, TestApp } from '../support/app';
import { patchSettings } from '../support/factories';

const BUDGET = 3;

/** The one write anyone may send without a token: the demo sign-in, limited per IP. */
const signIn = (t: TestApp, forwardedFor?: string) =>
  t.api('POST', '/demo/token', { body: { name: 'Proxy Tester' }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });

async function startLimited(env: Record<string, string>): Promise<TestApp> {
  const t = await startApp(env);
  await patchSettings(t, t.token({ sub: 'tp-admin', name: 'Admin', role: 'admin' }), { rateLimits: { writesPerMinute: BUDGET } });
  return t;
}

/** Statuses of BUDGET + 1 sign-ins, each claiming to come from `addresses(i)`. */
async function statuses(t: TestApp, addresses: (i: number) => string | undefined): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i <= BUDGET; i++) out.push((await signIn(t, addresses(i))).status);
  return out;
}
const LIMITED = [...new Array(BUDGET).fill(200), 429];
const UNLIMITED = new Array(BUDGET + 1).fill(200);

describe('TRUST_PROXY unset (off)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startLimited({});
  });
  afterAll(() => t?.close());

  it('a client-chosen X-Forwarded-For does not change the address the write limit counts', async () => {
    expect(await statuses(t, (i) => `203.0.113.${i + 1}`)).toEqual(LIMITED);
    const res = await signIn(t, '198.51.100.77');
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('RATE_LIMITED');
  });

  it('a write without a token is refused before the limit is counted: 401, never 429', async () => {
    for (let i = 0; i < BUDGET + 2; i++) {
      const res = await t.api('POST', '/articles/tp-a/comments', { body: { body: `anonymous ${i}` } });
      expect({ i, status: res.status, code: res.body.code }).toEqual({ i, status: 401, code: 'AUTH_REQUIRED' });
    }
  });
});

describe('TRUST_PROXY=1 (one proxy in front, as with deploy/nginx.conf)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startLimited({ TRUST_PROXY: '1' });
  });
  afterAll(() => t?.close());

  it("the proxy's X-Forwarded-For is the client's address: each address has its own budget", async () => {
    expect(await statuses(t, (i) => `203.0.113.${i + 1}`)).toEqual(UNLIMITED);
    expect(await statuses(t, () => '198.51.100.7')).toEqual(LIMITED);
    // The last hop is what the proxy saw; whatever the client prepended is not believed.
    expect(await statuses(t, (i) => `10.9.9.${i}, 198.51.100.8`)).toEqual(LIMITED);
  });
});

describe('TRUST_PROXY as a list of addresses', () => {
  it('believes X-Forwarded-For only from a listed proxy', async () => {
    const listed = await startLimited({ TRUST_PROXY: '127.0.0.1, ::1' });
    try {
      expect(await statuses(listed, (i) => `203.0.113.${i + 1}`)).toEqual(UNLIMITED);
    } finally {
      await listed.close();
    }
    const other = await startLimited({ TRUST_PROXY: '10.0.0.0/8' });
    try {
      expect(await statuses(other, (i) => `203.0.113.${i + 1}`)).toEqual(LIMITED);
    } finally {
      await other.close();
    }
  });
});
