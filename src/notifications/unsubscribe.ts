import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One-click unsubscribe tokens: the reader's id and an HMAC-SHA256 of (site, reader) under the
 * server's key, so a link works for that reader on that site only and cannot be made without the
 * key. They do not expire (an old email's link must still work); the site is the link's `?site=`.
 */
const PURPOSES = { reader: 'parley-unsubscribe-v1', 'staff-digest': 'parley-unsubscribe-staff-digest-v1' } as const;

/** What a link stops: a reader's emails, or a staff member's queue digest (signed apart, so one is never taken for the other). */
export type UnsubscribeKind = keyof typeof PURPOSES;

function mac(key: string, siteId: string, userId: string, kind: UnsubscribeKind): Buffer {
  return createHmac('sha256', key).update(`${PURPOSES[kind]}\n${siteId}\n${userId}`).digest();
}

export function unsubscribeToken(key: string, siteId: string, userId: string, kind: UnsubscribeKind = 'reader'): string {
  return `${Buffer.from(userId, 'utf8').toString('base64url')}.${mac(key, siteId, userId, kind).toString('base64url')}`;
}

/** The reader (or staff member, for `staff-digest`) a token names on this site, or null when it is not one this key signed for it. */
export function verifyUnsubscribeToken(key: string, siteId: string, token: string, kind: UnsubscribeKind = 'reader'): string | null {
  const m = /^([A-Za-z0-9_-]{1,300})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const userId = Buffer.from(m[1], 'base64url').toString('utf8');
  if (Buffer.from(userId, 'utf8').toString('base64url') !== m[1]) return null;
  const given = Buffer.from(m[2], 'base64url');
  const expected = mac(key, siteId, userId, kind);
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}
