/**
 * Two-step sign-in: enrollment gives a secret and its otpauth:// URI, a code confirms it, sign-in
 * then needs a code (TOTP_REQUIRED, TOTP_INVALID), and a code turns it off. Codes are computed
 * here with the same library, from the secret the service handed out.
 */
import { Secret, TOTP } from 'otpauth';
import { startApp, TestApp } from '../support/app';
import { auditFor, Browser, makeStaff, PASSWORD } from './staff-helpers';

const codeFor = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });

describe('TOTP second factor', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('enrolls, confirms with a code, then sign-in needs a right code; turning it off needs one too', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const b = new Browser(t);
    await b.signIn(m.email);

    const start = await b.call('POST', '/staff/me/totp');
    expect(start.status).toBe(200);
    expect(start.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(start.body.uri).toContain(`secret=${start.body.secret}`);
    expect(start.body.uri).toMatch(/^otpauth:\/\/totp\/Parley:/);
    const secret: string = start.body.secret;

    // Not in force until confirmed.
    expect((await new Browser(t).call('POST', '/staff/session', { body: { email: m.email, password: PASSWORD } })).status).toBe(200);

    const bad = await b.call('POST', '/staff/me/totp/verify', { body: { code: codeFor(secret, 10) } });
    expect([bad.status, bad.body.code]).toEqual([400, 'TOTP_INVALID']);
    const ok = await b.call('POST', '/staff/me/totp/verify', { body: { code: codeFor(secret) } });
    expect(ok.status).toBe(200);
    expect(ok.body.staff.totpEnabled).toBe(true);
    expect((await b.call('POST', '/staff/me/totp')).body.code).toBe('TOTP_ALREADY_ENABLED');

    const noCode = await new Browser(t).call('POST', '/staff/session', { body: { email: m.email, password: PASSWORD } });
    expect([noCode.status, noCode.body.code]).toEqual([401, 'TOTP_REQUIRED']);
    expect(noCode.setCookie).toEqual([]);
    const wrongCode = await new Browser(t).call('POST', '/staff/session', { body: { email: m.email, password: PASSWORD, code: codeFor(secret, 5) } });
    expect([wrongCode.status, wrongCode.body.code]).toEqual([401, 'TOTP_INVALID']);
    // A right code with a wrong password says nothing about the code.
    const wrongPassword = await new Browser(t).call('POST', '/staff/session', {
      body: { email: m.email, password: 'wrong password!!', code: codeFor(secret) },
    });
    expect(wrongPassword.body.code).toBe('SIGNIN_FAILED');
    const signedIn = await new Browser(t).signIn(m.email, PASSWORD, codeFor(secret));
    expect(signedIn.staff.totpEnabled).toBe(true);

    expect((await b.call('DELETE', '/staff/me/totp', { body: { code: '000000' } })).body.code).toBe('TOTP_INVALID');
    const off = await b.call('DELETE', '/staff/me/totp', { body: { code: codeFor(secret) } });
    expect(off.status).toBe(200);
    expect(off.body.staff.totpEnabled).toBe(false);
    expect((await new Browser(t).call('POST', '/staff/session', { body: { email: m.email, password: PASSWORD } })).status).toBe(200);

    const actions = (await auditFor(t.ds, m.email)).map((r) => `${r.action}${r.detail ? ` (${r.detail})` : ''}`);
    expect(actions).toEqual([
      'signin',
      'signin',
      'totp_enabled',
      'signin_failed (signin: totp code missing)',
      'signin_failed (signin: wrong totp code)',
      'signin_failed (signin: wrong password)',
      'signin',
      'totp_disabled',
      'signin',
    ]);
  });

  it('confirming without starting is 409 TOTP_NOT_STARTED; turning off when off is 409 TOTP_NOT_ENABLED; each needs CSRF', async () => {
    const m = await makeStaff(t.ds, { roles: { default: 'moderator' } });
    const b = new Browser(t);
    await b.signIn(m.email);
    expect((await b.call('POST', '/staff/me/totp/verify', { body: { code: '123456' } })).body.code).toBe('TOTP_NOT_STARTED');
    expect((await b.call('DELETE', '/staff/me/totp', { body: { code: '123456' } })).body.code).toBe('TOTP_NOT_ENABLED');
    expect((await b.call('POST', '/staff/me/totp', { csrf: null })).body.code).toBe('CSRF_TOKEN_INVALID');
  });
});
