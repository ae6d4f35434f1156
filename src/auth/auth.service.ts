import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Algorithm, verify as verifyJwt } from 'jsonwebtoken';
import { unauthorized } from '../common/api-error';
import { hasVisibleCharacters, withoutBidiControls } from '../common/visible-text';
import { DEFAULT_SITE_ID } from '../common/staff-contract';
import { SiteKeys, SitesService } from '../sites/sites.service';
import { Viewer } from '../common/viewer';

const ROLES = new Set(['reader', 'moderator', 'admin']);

/**
 * Verified tokens kept so a reader's next request skips the signature check (a reader sends the
 * same token with every request; verifying it is a tenth of a post's CPU). Bounded, and an entry
 * holds only until the token expires, at most CACHE_TTL_MS, and while the site's keys are the ones
 * it was verified with: a rotated-out secret stops its tokens at once.
 */
const CACHE_MAX = 5_000;
const CACHE_TTL_MS = 10 * 60_000;
/** Longer tokens are verified every time rather than kept. */
const CACHE_TOKEN_MAX = 4_096;

interface Verified {
  keys: SiteKeys;
  until: number;
  viewer: Viewer;
}

@Injectable()
export class AuthService {
  private readonly jwt = new JwtService();
  private readonly verified = new Map<string, Verified>();

  constructor(private readonly sites: SitesService) {}

  /**
   * Verifies a publisher token against the keys of the site it is used on (any of its HS256
   * secrets, or its RS256 key), with a pinned algorithm, and returns the viewer it names. A token
   * signed for another site is refused here like any forged one.
   */
  verify(token: string, siteId: string): Viewer {
    const keys = this.sites.keys(siteId);
    const cacheKey = `${siteId} ${token}`;
    const hit = this.verified.get(cacheKey);
    if (hit && hit.keys === keys && hit.until > Date.now()) return { ...hit.viewer };
    if (hit) this.verified.delete(cacheKey);
    const { viewer, exp } = this.check(token, siteId, keys);
    if (token.length <= CACHE_TOKEN_MAX) {
      if (this.verified.size >= CACHE_MAX) this.verified.delete(this.verified.keys().next().value as string);
      const until = Math.min(Date.now() + CACHE_TTL_MS, typeof exp === 'number' ? exp * 1000 : Infinity);
      this.verified.set(cacheKey, { keys, until, viewer: { ...viewer } });
    }
    return viewer;
  }

  private check(token: string, siteId: string, keys: SiteKeys): { viewer: Viewer; exp: unknown } {
    const claims = this.claims(token, keys);
    const { sub, name, email, role, iat, locale } = claims;
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
    const viewer: Viewer = {
      siteId,
      id: sub,
      name: shownName,
      // PostgreSQL text cannot hold NUL: an email with control characters is no usable address.
      email: typeof email === 'string' && email.length <= 320 && !/[\u0000-\u001f\u007f]/.test(email) ? email : null,
      role: (role as Viewer['role']) ?? 'reader',
      ...(typeof iat === 'number' && Number.isFinite(iat) ? { issuedAt: iat } : {}),
      ...(typeof locale === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(locale) ? { locale } : {}),
    };
    return { viewer, exp: claims.exp };
  }

  private claims(token: string, keys: SiteKeys): Record<string, unknown> {
    const rs = decodeHeader(token)?.alg === 'RS256' ? keys.rs : null;
    const candidates = rs ? [rs] : keys.hs;
    const alg: Algorithm = rs ? 'RS256' : 'HS256';
    if (!candidates.length) throw unauthorized('TOKEN_INVALID', 'Token verification is not configured');
    for (const key of candidates) {
      try {
        return verifyJwt(token, key, { algorithms: [alg] }) as Record<string, unknown>;
      } catch (err) {
        if ((err as Error).name === 'TokenExpiredError') throw unauthorized('TOKEN_EXPIRED', 'Token has expired');
        // A bad signature under one secret of a rotation may be good under the next.
      }
    }
    throw unauthorized('TOKEN_INVALID', 'Token is invalid');
  }

  /** Signs a token with the site's signing secret (used by the demo sign-in and the start-up banner). */
  sign(claims: { sub: string; name: string; role?: string; email?: string }, expiresIn = '12h', siteId: string = DEFAULT_SITE_ID): string {
    const secret = this.sites.signingSecret(siteId);
    if (!secret) throw new Error(`No JWT secret for site ${siteId}`);
    return this.jwt.sign(claims, { secret, algorithm: 'HS256', expiresIn: expiresIn as never });
  }

  /** Whether the site has a secret Parley can sign with (the demo needs one). */
  canSign(siteId: string = DEFAULT_SITE_ID): boolean {
    return this.sites.signingSecret(siteId) !== null;
  }
}

/**
 * The name as shown next to comments. Direction controls are dropped rather than the token
 * refused (the publisher signed the name, often as the user typed it, and a refused token also
 * locks the user out of reading): without them the name shows in the order it was written and
 * cannot reverse the text around it. A name with nothing visible left names no one.
 */
function displayName(name: string): string {
  const shown = shownName(name);
  if (shown === null) throw unauthorized('TOKEN_INVALID_NAME', 'Token `name` must have visible characters');
  return shown;
}

/**
 * A name as it is shown: control and direction characters dropped, trimmed; null when nothing
 * visible is left (the demo sign-in refuses such a name before signing a token with it).
 */
export function shownName(name: string): string | null {
  const shown = withoutBidiControls(name.replace(/[\u0000-\u001f\u007f]/g, '')).trim();
  return hasVisibleCharacters(shown) ? shown : null;
}

function decodeHeader(token: string): { alg?: string } | null {
  try {
    return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: string } | null;
  } catch {
    return null;
  }
}
