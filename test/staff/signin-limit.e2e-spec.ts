/**
 * Failed sign-ins are rate-limited per address and per client IP: past the budget every attempt
 * is 429 RATE_LIMITED with Retry-After, the right password included, and each one is audited.
 */
import { SIGNIN_FAILURES_PER_EMAIL, SIGNIN_FAILURES_PER_IP } from '../../src/staff/staff-types';
import { startApp, TestApp } from '../support/app';
import { auditFor, Browser, email, makeStaff, PASSWORD } from './staff-helpers';

describe('staff sign-in rate limit', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startApp();
  });
  afterEach(() => t.close());

  const attempt = (address: string, password: string) => new Browser(t).call('POST', '/staff/session', { body: { email: address, password } });

  it(`after ${SIGNIN_FAILURES_PER_EMAIL} failures for an address, even the right password is 429 with Retry-After; other addresses are unaffected`, async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const other = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    for (let i = 0; i < SIGNIN_FAILURES_PER_EMAIL; i++) {
      expect((await attempt(m.email, `wrong password ${i}`)).body.code).toBe('SIGNIN_FAILED');
    }
    // The address in another case is the same address.
    const limited = await attempt(m.email.toUpperCase(), PASSWORD);
    expect([limited.status, limited.body.code]).toEqual([429, 'RATE_LIMITED']);
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect(limited.setCookie).toEqual([]);

    expect((await attempt(other.email, PASSWORD)).status).toBe(200);

    const trail = await auditFor(t.ds, m.email);
    expect(trail.map((r) => r.detail)).toEqual([...Array(SIGNIN_FAILURES_PER_EMAIL).fill('signin: wrong password'), 'signin: rate limited']);
    expect(trail.every((r) => r.action === 'signin_failed')).toBe(true);
  });

  it('a successful sign-in clears the address’s count', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < SIGNIN_FAILURES_PER_EMAIL - 1; i++) expect((await attempt(m.email, 'wrong password!!')).status).toBe(401);
      expect((await attempt(m.email, PASSWORD)).status).toBe(200);
    }
  });

  it(`after ${SIGNIN_FAILURES_PER_IP} failures from one IP, any address from it is 429`, async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    // Spread over addresses, so no single address reaches its own limit.
    for (let i = 0; i < SIGNIN_FAILURES_PER_IP; i++) {
      expect((await attempt(email('spray'), 'password guess 123')).status).toBe(401);
    }
    const limited = await attempt(m.email, PASSWORD);
    expect([limited.status, limited.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM staff_audit WHERE action = 'signin_failed' AND ip = '127.0.0.1'`);
    expect(n).toBe(SIGNIN_FAILURES_PER_IP + 1);
  });
});
