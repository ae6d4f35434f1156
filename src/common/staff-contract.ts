/**
 * The staff accounts' shapes that cross the wire (docs/API.md, "Staff accounts"), with no server
 * imports, so the dashboard (src/web/client) type-checks against exactly what the service sends.
 */

export const STAFF_ROLES = ['moderator', 'admin'] as const;
/** A role on one site; the owner is an admin on every site. */
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The site every deployment starts with (and, until the sites work, the only one requests act on). */
export const DEFAULT_SITE_ID = 'default';
/** What a site id looks like: lower-case letters, digits and dashes, at most 63. */
export const SITE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The cookie that carries a staff session (HttpOnly, SameSite=Strict, Path=/). */
export const SESSION_COOKIE = 'parley_session';
/** The header a cookie-authenticated write carries, equal to the session's `csrfToken`. */
export const CSRF_HEADER = 'x-csrf-token';

export interface SiteRoleView {
  siteId: string;
  role: StaffRole;
}

/** The signed-in staff member. */
export interface StaffSelfView {
  id: string;
  email: string;
  name: string;
  owner: boolean;
  totpEnabled: boolean;
  roles: SiteRoleView[];
}

/** Answer of sign-in, SSO exchange, invitation accept and `GET /staff/me`. */
export interface StaffSessionView {
  staff: StaffSelfView;
  /** Send it as `X-CSRF-Token` on every cookie-authenticated write. */
  csrfToken: string;
  /** When the session ends at the latest (it ends sooner after 12 h without a request). */
  expiresAt: string;
}

/** One staff member of a site, as its admins see them. */
export interface StaffMemberView {
  id: string;
  email: string;
  name: string;
  owner: boolean;
  /** The role on the site asked about (`admin` for an owner). */
  role: StaffRole;
  /** False while the invitation is not accepted (no password yet). */
  hasPassword: boolean;
  totpEnabled: boolean;
  disabled: boolean;
  createdAt: string;
}

/** A one-time link: an invitation or a password reset. */
export interface StaffLinkView {
  token: string;
  /** Path on the service for the dashboard's page; the token is in the fragment so it is never logged. */
  path: string;
  email: string;
  expiresAt: string;
}

export interface InvitationView extends StaffLinkView {
  siteId: string;
  role: StaffRole;
}

/** Start of TOTP enrollment: show the URI as a QR code, or the secret to type. */
export interface TotpEnrollmentView {
  secret: string;
  uri: string;
}

/** One HS256 secret of a site, as its admins see it: never the value, which is shown only when it is made. */
export interface SiteSecretView {
  /** A fingerprint (the first 12 hex digits of its SHA-256), to name it when removing it. */
  id: string;
  /** `site`: made in Parley, removable. `environment`: the default site's JWT_SECRET, changed in the deployment's configuration. */
  source: 'site' | 'environment';
  /** Tokens Parley signs itself (the demo) use the first. */
  signing: boolean;
}

/** A site as its admins see it. */
export interface SiteView {
  id: string;
  name: string;
  /** Origins the widget may run on (`https://news.example`); empty: any. */
  origins: string[];
  secrets: SiteSecretView[];
  /** The PEM public key RS256 tokens are verified with, if any. */
  rsPublicKey: string | null;
  createdAt: string;
}

/** Answer of creating a site or a secret: the new secret, shown this once. */
export interface SiteWithSecretView {
  site: SiteView;
  secret: string;
}
