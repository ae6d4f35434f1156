import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30 s steps. */
const ISSUER = 'Parley';

function totp(secret: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** A fresh 160-bit secret (base32) and the otpauth:// URI an app scans. */
export function newTotpSecret(label: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totp(secret, label).toString() };
}

/** The code is right for now or one step either side (clock drift); spaces are ignored. */
export function totpCodeValid(secret: string, code: string | undefined): boolean {
  const token = (code ?? '').replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  return totp(secret, 'check').validate({ token, window: 1 }) !== null;
}
