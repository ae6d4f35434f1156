import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Algorithm, verify as verifyJwt } from 'jsonwebtoken';
import { createPublicKey, createSecretKey, KeyObject } from 'node:crypto';
import { unauthorized } from '../common/api-error';
import { hasVisibleCharacters, withoutBidiControls } from '../common/visible-text';
import { EnvConfig } from '../config/config';
import { resolveJwtSecret } from './jwt-secret';
import { Viewer } from '../common/viewer';

const ROLES = new Set(['reader', 'moderator', 'admin']);

@Injectable()
export class AuthService {
  readonly secret: string | undefined;
  private readonly jwt = new JwtService();

  /** Key objects made once: given a string, jsonwebtoken re-derives the key on every verify. */
  private readonly hsKey: KeyObject | undefined;
  private readonly rsKey: KeyObject | undefined;

  constructor(private readonly config: EnvConfig) {
    this.secret = resolveJwtSecret(config);
    this.hsKey = this.secret ? createSecretKey(Buffer.from(this.secret, 'utf8')) : undefined;
    this.rsKey = config.JWT_PUBLIC_KEY ? createPublicKey(config.JWT_PUBLIC_KEY) : undefined;
  }

  /** Verifies a publisher token with a pinned algorithm and returns the viewer it names. */
  verify(token: string): Viewer {
    let claims: Record<string, unknown>;
    const header = decodeHeader(token);
    const alg: Algorithm = header?.alg === 'RS256' && this.rsKey ? 'RS256' : 'HS256';
    const key = alg === 'RS256' ? this.rsKey : this.hsKey;
    if (!key) throw unauthorized('TOKEN_INVALID', 'Token verification is not configured');
    try {
      claims = verifyJwt(token, key, { algorithms: [alg] }) as Record<string, unknown>;
    } catch (err) {
      if ((err as Error).name === 'TokenExpiredError') throw unauthorized('TOKEN_EXPIRED', 'Token has expired');
      throw unauthorized('TOKEN_INVALID', 'Token is invalid');
    }
    const { sub, name, email, role } = claims;
    if (typeof sub !== 'string' || sub.length < 1 || sub.length > 200 || /[\u0000-\u001f]/.test(sub)) {
      throw unauthorized('TOKEN_INVALID', 'Token needs a `sub` claim (1-200 characters)');
    }
    const cleanName = typeof name === 'string' ? name.replace(/[\u0000-\u001f\u007f]/g, '').trim() : '';
    const nameLength = [...cleanName].length; // characters, as for comment bodies, not UTF-16 units
    if (nameLength < 1 || nameLength > 50) {
      throw unauthorized('TOKEN_INVALID', 'Token needs a `name` claim (1-50 characters)');
    }
    const shownName = displayName(cleanName);
    if (role !== undefined && (typeof role !== 'string' || !ROLES.has(role))) {
      throw unauthorized('TOKEN_INVALID', 'Token `role` must be reader, moderator or admin');
    }
    return {
      id: sub,
      name: shownName,
      // PostgreSQL text cannot hold NUL: an email with control characters is no usable address.
      email: typeof email === 'string' && email.length <= 320 && !/[\u0000-\u001f\u007f]/.test(email) ? email : null,
      role: (role as Viewer['role']) ?? 'reader',
    };
  }

  /** Signs a token with the site secret (used by the demo sign-in and the start-up banner). */
  sign(claims: { sub: string; name: string; role?: string; email?: string }, expiresIn = '12h'): string {
    if (!this.secret) throw new Error('No JWT secret configured');
    return this.jwt.sign(claims, { secret: this.secret, algorithm: 'HS256', expiresIn: expiresIn as never });
  }
}

/**
 * The name as shown next to comments. Direction controls are dropped rather than the token
 * refused (the publisher signed the name, often as the user typed it, and a refused token also
 * locks the user out of reading): without them the name shows in the order it was written and
 * cannot reverse the text around it. A name with nothing visible left names no one.
 */
function displayName(name: string): string {
  const shown = withoutBidiControls(name).trim();
  if (!hasVisibleCharacters(shown)) throw unauthorized('TOKEN_INVALID_NAME', 'Token `name` must have visible characters');
  return shown;
}

function decodeHeader(token: string): { alg?: string } | null {
  try {
    return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: string } | null;
  } catch {
    return null;
  }
}
