import { DEFAULT_SITE_ID, type SiteView, type StaffSessionView } from '../../../common/staff-contract';
import { call, claimsOf } from '../shared/api';

/** A role on this site, as the dashboard decides what to show. */
export type SiteRole = 'reader' | 'moderator' | 'admin';

/** A site the member works on, as the switcher names it. */
export interface SiteChoice {
  id: string;
  name: string;
}

/**
 * Who is signed in, and how: a publisher token (kept in localStorage, sent as Bearer) or a staff
 * session (the HttpOnly cookie, with its CSRF token on writes); and the site the dashboard acts on.
 */
export interface Me {
  name: string;
  /** The role on `site`. */
  role: SiteRole;
  /** An owner administers every site (their role shows as "owner"). */
  owner: boolean;
  token: string | null;
  session: StaffSessionView | null;
  /** The site every request and the socket act on (a token speaks for the default site). */
  site: string;
  /** The sites the member may switch between (an owner: every site); one for a token. */
  sites: SiteChoice[];
}

export function tokenMe(token: string): Me | null {
  const c = claimsOf(token);
  if (!c) return null;
  const role = c.role === 'admin' || c.role === 'moderator' ? c.role : 'reader';
  return { name: c.name, role, owner: false, token, session: null, site: DEFAULT_SITE_ID, sites: [] };
}

/** The member's role on `site` (an owner is an admin everywhere). */
export function roleOn(session: StaffSessionView, site: string): SiteRole {
  const { staff } = session;
  return staff.owner ? 'admin' : (staff.roles.find((r) => r.siteId === site)?.role ?? 'reader');
}

export function sessionMe(session: StaffSessionView, site: string, sites: SiteChoice[]): Me {
  const { staff } = session;
  return { name: staff.name, role: roleOn(session, site), owner: staff.owner, token: null, session, site, sites };
}

const SITE_KEY = 'parley.moderator.site';

/** The site chosen last in this browser, if any. */
export const savedSite = (): string | null => localStorage.getItem(SITE_KEY);
export const keepSite = (id: string) => localStorage.setItem(SITE_KEY, id);

/**
 * The sites a staff member works on, by name (GET /sites: every site for an owner); when that
 * cannot be read, the sites of their roles, named by id.
 */
export async function siteChoices(session: StaffSessionView): Promise<SiteChoice[]> {
  try {
    const { items } = await call<{ items: SiteView[] }>('', 'GET', '/sites', { session: true });
    return items.map((s) => ({ id: s.id, name: s.name }));
  } catch {
    const ids = session.staff.roles.map((r) => r.siteId);
    if (session.staff.owner && !ids.includes(DEFAULT_SITE_ID)) ids.unshift(DEFAULT_SITE_ID);
    return ids.map((id) => ({ id, name: id }));
  }
}

/** The site to open: the one chosen last if the member still works on it, else the default site, else their first. */
export function pickSite(sites: SiteChoice[]): string | null {
  const saved = savedSite();
  return (sites.find((s) => s.id === saved) ?? sites.find((s) => s.id === DEFAULT_SITE_ID) ?? sites[0])?.id ?? null;
}

/** The live staff session the browser's cookie names, or null. */
export async function currentSession(): Promise<StaffSessionView | null> {
  try {
    return await call<StaffSessionView>('', 'GET', '/staff/me', { session: true });
  } catch {
    return null;
  }
}

/** Ends this session (`everywhere`: every session of the member); the cookie is cleared either way. */
export async function endSession(me: Me, everywhere = false): Promise<void> {
  await call('', 'DELETE', everywhere ? '/staff/sessions' : '/staff/session', { session: true, csrf: me.session?.csrfToken });
}
