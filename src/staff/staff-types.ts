import type { StaffRole } from '../common/staff-contract';

export type { StaffRole };

/** What a `staff_tokens` row is: an invitation link, a password-reset link, or an SSO token already exchanged. */
export type StaffTokenKind = 'invite' | 'reset' | 'sso';

/** Every action the `staff_audit` trail records. */
export type StaffAuditAction =
  | 'signin'
  | 'signin_failed'
  | 'signout'
  | 'signout_all'
  | 'invite'
  | 'invite_accepted'
  | 'password_reset_requested'
  | 'password_reset'
  | 'totp_enabled'
  | 'totp_disabled'
  | 'role_changed'
  | 'removed'
  | 'owner_created'
  | 'owner_granted';

/** Where a request came from, for sessions and the audit trail. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** Session lifetimes: it ends after this long without a request, and at the latest this long after sign-in. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often per session, not on every request. */
export const SESSION_TOUCH_MS = 60 * 1000;

/** One-time links are good for this long. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 24 * 60 * 60 * 1000;

/** Failed sign-ins (wrong password or TOTP code) allowed per address and per client IP in the window. */
export const SIGNIN_FAILURES_PER_EMAIL = 5;
export const SIGNIN_FAILURES_PER_IP = 30;
export const SIGNIN_WINDOW_S = 15 * 60;
